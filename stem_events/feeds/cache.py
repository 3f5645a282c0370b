"""Where assembled feed bytes are kept: Redis when CACHE_URL is set, else files in instance/.

Keys already contain the database's data version and the Brussels date, so an entry is never
invalidated in place: a change makes a new key, and old entries expire (Redis TTL) or are
pruned (files). Entries are shared by every worker (files: on one host; Redis: all hosts).
Meta (ETag, Last-Modified, counts) is read apart from the body, so a 304 never loads bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

PREFIX = "stem_events:feed:"
TTL_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class FeedMeta:
    etag: str
    last_modified: float  # POSIX seconds, UTC
    events: int
    sessions: int
    size: int


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:40]


class RedisCache:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)

    def meta(self, key: str) -> FeedMeta | None:
        raw = self.client.get(PREFIX + "meta:" + _digest(key))
        return FeedMeta(**json.loads(raw)) if raw else None

    def body(self, key: str) -> bytes | None:
        return self.client.get(PREFIX + "body:" + _digest(key))

    def put(self, key: str, meta: FeedMeta, body: bytes) -> None:
        digest = _digest(key)
        pipe = self.client.pipeline(transaction=True)
        pipe.set(PREFIX + "body:" + digest, body, ex=TTL_SECONDS)
        pipe.set(PREFIX + "meta:" + digest, json.dumps(asdict(meta)), ex=TTL_SECONDS)
        pipe.execute()


class FileCache:
    """One `.ics` and one `.json` per key; written to a temporary file and renamed, so a
    reader in another worker sees the whole file or none."""

    def __init__(self, directory: str | os.PathLike):
        self.dir = Path(directory)

    def _path(self, key: str, suffix: str) -> Path:
        return self.dir / f"{_digest(key)}{suffix}"

    def meta(self, key: str) -> FeedMeta | None:
        try:
            return FeedMeta(**json.loads(self._path(key, ".json").read_text()))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def body(self, key: str) -> Path | None:
        path = self._path(key, ".ics")
        return path if path.exists() else None

    def _write(self, path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)

    def put(self, key: str, meta: FeedMeta, body: bytes) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._prune()
        self._write(self._path(key, ".ics"), body)  # the body first, then its meta
        self._write(self._path(key, ".json"), json.dumps(asdict(meta)).encode())

    def _prune(self) -> None:
        """Drop entries older than the TTL (old data versions and days)."""
        import time

        limit = time.time() - TTL_SECONDS
        for path in self.dir.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:
                pass


def cache_for(config, instance_path: str) -> RedisCache | FileCache:
    if config.get("CACHE_URL"):
        return RedisCache(config["CACHE_URL"])
    return FileCache(config.get("FEED_CACHE_DIR") or Path(instance_path) / "feed-cache")
