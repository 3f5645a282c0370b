"""MEDIA_URL=s3://…: images go to S3-compatible storage, here a real moto server on a loopback
port, and follow the transaction like the database store: a refused save leaves no object, a
replaced image is deleted once the edit is saved."""

import pytest

from stem_events.errors import DomainError
from stem_events.events.models import Event
from tests.media.conftest import BUCKET, jpeg, keys, sign_in, upload


@pytest.fixture
def s3_host(make_host, s3_endpoint, bucket):
    return make_host("s3", MEDIA_URL=f"s3://{BUCKET}?endpoint={s3_endpoint}")


def _image_of(db, event_id) -> str:
    db.session.expire_all()
    return db.session.get(Event, event_id).image_path


def test_an_upload_is_stored_in_the_bucket_and_served(db, organiser, make_event, s3_host, bucket):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    client = s3_host.test_client()
    sign_in(client, user)
    assert upload(client, event, jpeg()).status_code == 302
    name = _image_of(db, event.id)
    assert keys(bucket) == {f"events/{name}"}
    served = client.get(f"/media/events/{name}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    stored = bucket.get_object(Bucket=BUCKET, Key=f"events/{name}")["Body"].read()
    assert served.data == stored
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/media/events/{name}",
                      headers={"If-None-Match": f'"{name}"'}).status_code == 304


def test_a_replaced_image_is_deleted_from_the_bucket(db, organiser, make_event, s3_host, bucket):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    client = s3_host.test_client()
    sign_in(client, user)
    upload(client, event, jpeg("red"))
    first = _image_of(db, event.id)
    assert upload(client, db.session.get(Event, event.id), jpeg("blue")).status_code == 302
    second = _image_of(db, event.id)
    assert keys(bucket) == {f"events/{second}"}
    assert client.get(f"/media/events/{first}").status_code == 404


def test_the_upload_of_a_refused_save_leaves_no_object(
        db, organiser, make_event, s3_host, bucket, monkeypatch):
    from stem_events.events import management as services

    user, organisation = organiser
    event = make_event(organisation=organisation)
    client = s3_host.test_client()
    sign_in(client, user)

    def refuse(*args, **kwargs):  # a rule that says no after the upload was stored
        raise DomainError("Dit kan nu niet.")

    monkeypatch.setattr(services.audit, "record", refuse)
    answer = upload(client, event, jpeg())
    assert answer.status_code != 302 and "Dit kan nu niet." in answer.text
    assert _image_of(db, event.id) == ""
    assert keys(bucket) == set()


def test_an_unreachable_store_refuses_the_upload_in_dutch_and_keeps_the_form(
        db, organiser, make_event, make_host, bucket):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    closed = make_host("down", MEDIA_URL=f"s3://{BUCKET}?endpoint=http://127.0.0.1:9")
    client = closed.test_client()
    sign_in(client, user)
    answer = upload(client, event, jpeg())
    assert answer.status_code == 400
    assert "opslag voor afbeeldingen is tijdelijk niet bereikbaar" in answer.text
    assert 'value="Robotica voor 8-12-jarigen"' in answer.text  # typed values kept
    assert _image_of(db, event.id) == ""
    served = client.get("/media/events/0123abcd.jpg")
    assert served.status_code == 503 and "tijdelijk niet bereikbaar" in served.text
