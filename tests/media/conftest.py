"""Second app instances on the suite's database: another host (its own instance folders), or
a host whose MEDIA_URL points at a real S3 server (moto's, started on a loopback port)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image

from stem_events import create_app
from stem_events.extensions import db as _db
from tests.conftest import FreshContextClient
from tests.events.conftest import edit_form

BUCKET = "stem-media"


def jpeg(colour="red", size=(40, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(client, event, data: bytes):
    form = edit_form(event)
    form["image"] = (BytesIO(data), "foto.jpg")
    return client.post(f"/manage/events/{event.id}/edit", data=form,
                       content_type="multipart/form-data")


def sign_in(client, user) -> None:
    answer = client.post("/login", data={"email": user.email, "password": "correct horse 42"})
    assert answer.status_code == 302, answer.text


@pytest.fixture
def make_host(database_url, tmp_path) -> Callable[..., Flask]:
    """`make_host(name, MEDIA_URL=…)`: one more app on the same database, as another server
    with its own instance folder."""
    from config import TestingConfig

    made: list[Flask] = []

    def make(name: str, **settings) -> Flask:
        config = TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = database_url
        config.UPLOAD_DIR = str(tmp_path / name / "uploads")
        config.OUTBOX_DIR = str(tmp_path / name / "outbox")
        for key, value in settings.items():
            setattr(config, key, value)
        host = create_app(config)
        host.test_client_class = FreshContextClient
        made.append(host)
        return host

    yield make
    for host in made:
        with host.app_context():
            _db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the S3 emulator (moto_server) did not start")


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory) -> str:
    """A real S3-compatible server on a loopback port: moto's server, in its own process."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("moto") / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """An empty bucket on the emulator, with the AWS_* keys the app reads; the test sees it
    through its own boto3 client."""
    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(bucket) -> set[str]:
    return {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
