"""No orphan image files: a replaced image, the upload of a refused save and the image of a
deleted draft are deleted; an image another event still shows is kept (issue 14)."""

from io import BytesIO

import pytest
import sqlalchemy as sa
from PIL import Image

from stem_events.errors import DomainError
from stem_events.events.models import Event
from stem_events.media.models import MediaBlob
from tests.events.conftest import edit_form


def _jpeg(colour) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def stored(db):
    """The names of the event images in the media store (the database by default)."""
    def names() -> set[str]:
        db.session.rollback()
        keys = db.session.scalars(sa.select(MediaBlob.key).where(MediaBlob.key.like("events/%")))
        return {key.removeprefix("events/") for key in keys}

    return names


@pytest.fixture
def upload(client, db):
    def post(event_id: int, colour):
        db.session.expire_all()
        event = db.session.get(Event, event_id)
        data = edit_form(event)
        data["image"] = (BytesIO(_jpeg(colour)), "foto.jpg")
        return client.post(f"/manage/events/{event_id}/edit", data=data,
                           content_type="multipart/form-data")
    return post


def _image_of(db, event_id) -> str:
    db.session.expire_all()
    return db.session.get(Event, event_id).image_path


def test_a_replaced_image_is_deleted_when_the_edit_is_saved(
        client, db, login, organiser, make_event, upload, stored):
    user, organisation = organiser
    event_id = make_event(organisation=organisation).id
    login(user)
    assert upload(event_id, "red").status_code == 302
    first = _image_of(db, event_id)
    assert upload(event_id, "blue").status_code == 302
    second = _image_of(db, event_id)
    assert first != second
    assert stored() == {second}
    assert client.get(f"/media/events/{first}").status_code == 404


def test_the_upload_of_a_refused_save_is_deleted(
        client, db, login, organiser, make_event, upload, stored, monkeypatch):
    from stem_events.events import management as services

    user, organisation = organiser
    event_id = make_event(organisation=organisation).id
    login(user)
    assert upload(event_id, "red").status_code == 302
    kept = _image_of(db, event_id)

    def refuse(*args, **kwargs):  # a rule that says no after the upload was stored
        raise DomainError("Dit kan nu niet.")

    monkeypatch.setattr(services.audit, "record", refuse)
    response = upload(event_id, "blue")
    assert response.status_code != 302 and "Dit kan nu niet." in response.text
    assert _image_of(db, event_id) == kept
    assert stored() == {kept}


def test_an_image_a_copy_still_shows_is_kept_and_a_deleted_drafts_image_goes(
        client, db, login, organiser, make_event, upload, stored):
    user, organisation = organiser
    event_id = make_event(organisation=organisation).id
    login(user)
    upload(event_id, "red")
    shared = _image_of(db, event_id)
    copy = client.post(f"/manage/events/{event_id}/duplicate")
    copy_id = int(copy.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert _image_of(db, copy_id) == shared
    upload(event_id, "blue")
    assert shared in stored()  # the copy still shows it
    assert client.post(f"/manage/events/{copy_id}/delete").status_code == 302
    assert stored() == {_image_of(db, event_id)}
