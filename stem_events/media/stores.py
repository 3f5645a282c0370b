"""Where uploaded files live, so that every host sees them: one interface (put, get, delete,
exists by key) and two stores, chosen by MEDIA_URL.

- `DatabaseStore` (MEDIA_URL unset, the default): table `media_blobs`; its writes join the
  caller's transaction, so they commit or roll back with the change that uses them.
- `S3Store` (`MEDIA_URL=s3://bucket[/prefix]?endpoint=…&region=…`): S3-compatible storage
  through boto3, keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; its writes are immediate,
  so `storage.py` deletes what a failed transaction stored and what a committed one released.

A key is `<kind>/<name>` (`events/3f…a1.jpg`); each kind of upload (event images, later the
role models' photos) has its own prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.media.models import MediaBlob


class StorageUnavailable(DomainError):
    status = 503
    code = "unavailable"

    def __init__(self) -> None:
        super().__init__(str(_l(
            "De opslag voor afbeeldingen is tijdelijk niet bereikbaar. Probeer het over enkele "
            "minuten opnieuw.")))


@dataclass(frozen=True)
class StoredFile:
    data: bytes
    content_type: str


class MediaStore(Protocol):
    transactional: bool  # True: put and delete commit or roll back with the session

    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> StoredFile | None: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class DatabaseStore:
    """Files as rows of `media_blobs`, written in the session's current transaction."""

    transactional = True

    def put(self, key: str, data: bytes, content_type: str) -> None:
        db.session.execute(sa.insert(MediaBlob).values(
            key=key, data=data, size=len(data), content_type=content_type))

    def get(self, key: str) -> StoredFile | None:
        row = db.session.execute(sa.select(MediaBlob.data, MediaBlob.content_type)
                                 .where(MediaBlob.key == key)).first()
        return StoredFile(bytes(row.data), row.content_type) if row else None

    def delete(self, key: str) -> None:
        db.session.execute(sa.delete(MediaBlob).where(MediaBlob.key == key))

    def exists(self, key: str) -> bool:
        return bool(db.session.scalar(sa.select(sa.exists().where(MediaBlob.key == key))))


class S3Store:
    """Files as objects in an S3-compatible bucket (any host with the same MEDIA_URL)."""

    transactional = False

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/") + "/" if parts.path.strip("/") else ""
        self.endpoint = query.get("endpoint") or None
        self.region = query.get("region") or "us-east-1"

    @cached_property
    def client(self):
        """Made on first use (after gunicorn forked); short timeouts, so a slow store costs a
        worker seconds, not minutes."""
        import boto3
        from botocore.config import Config

        config = Config(connect_timeout=3, read_timeout=10,
                        retries={"max_attempts": 2, "mode": "standard"},
                        s3={"addressing_style": "path"} if self.endpoint else None)
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=self.region,
                            config=config)

    def _call(self, operation: str, key: str, **extra):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(
                Bucket=self.bucket, Key=self.prefix + key, **extra)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            current_app.logger.error("media store: %s %s failed: %s", operation, key, error)
            raise StorageUnavailable() from None
        except BotoCoreError as error:
            current_app.logger.error("media store: %s %s failed: %s", operation, key, error)
            raise StorageUnavailable() from None

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self._call("put_object", key, Body=data, ContentType=content_type)

    def get(self, key: str) -> StoredFile | None:
        answer = self._call("get_object", key)
        if answer is None:
            return None
        return StoredFile(answer["Body"].read(), answer.get("ContentType") or
                          "application/octet-stream")

    def delete(self, key: str) -> None:
        self._call("delete_object", key)

    def exists(self, key: str) -> bool:
        return self._call("head_object", key) is not None


def make_store(media_url: str) -> MediaStore:
    return S3Store(media_url) if media_url else DatabaseStore()


def install(app: Flask) -> None:
    app.extensions["media_store"] = make_store(app.config.get("MEDIA_URL", ""))


def store() -> MediaStore:
    return current_app.extensions["media_store"]
