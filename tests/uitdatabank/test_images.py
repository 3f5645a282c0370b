"""An exported event's image: uploaded once to the Entry API as a mediaObject (with the
copyright holder and description UiTdatabank requires), attached as the main image, replaced
when it changes here and removed there when it is removed here."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from stem_events.events.models import Event
from stem_events.media.storage import store_image
from stem_events.transaction import unit_of_work
from stem_events.uitdatabank import mapping
from stem_events.uitdatabank.models import UitdatabankEvent


def _image(db, colour: str) -> str:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "PNG")
    with unit_of_work():
        return store_image(buffer.getvalue())


def _there(fake, event_id) -> dict:
    found = [e for e in fake.events.values()
             if mapping.label(event_id) in e.get("hiddenLabels", [])]
    assert len(found) == 1, found
    return found[0]


def _change(db, event_id, **values) -> None:
    with unit_of_work():
        event = db.session.get(Event, event_id)
        for name, value in values.items():
            setattr(event, name, value)
    db.session.expire_all()


@pytest.fixture
def pictured(db, make_event, organiser):
    return make_event(organisation=organiser[1], title="Robots bouwen", postcode="9000",
                      street="Miriam Makebaplein 1", image_path=_image(db, "teal"))


def test_the_image_is_uploaded_with_its_rights_and_is_the_main_image(
        fake, sync, exporting, pictured, organiser):
    exporting()
    assert [r.outcome for r in sync()] == ["created"]
    fake.assert_no_rejections()
    assert len(fake.images) == 1
    image_id, image = next(iter(fake.images.items()))
    assert image["copyrightHolder"] == organiser[1].name
    assert image["description"] == "Robots bouwen"
    assert image["language"] == "nl" and image["contentType"] == "image/jpeg"
    there = _there(fake, pictured.id)
    assert [m["@id"].rsplit("/", 1)[1] for m in there["mediaObject"]] == [image_id]
    assert there["image"] == image["contentUrl"]  # the main image


def test_an_unchanged_image_is_not_uploaded_again(fake, sync, exporting, pictured, db):
    exporting()
    sync()
    _change(db, pictured.id, title="Robots bouwen en programmeren")
    assert [r.outcome for r in sync()] == ["updated"]
    fake.assert_no_rejections()
    assert len(fake.calls("POST", "/entry/images")) == 1
    there = _there(fake, pictured.id)
    assert len(there["mediaObject"]) == 1 and there["image"]  # the full PUT kept it


def test_a_changed_image_replaces_the_old_one(fake, sync, exporting, pictured, db):
    exporting()
    sync()
    old = next(iter(fake.images))
    _change(db, pictured.id, image_path=_image(db, "orange"))
    assert [r.outcome for r in sync()] == ["updated"]
    fake.assert_no_rejections()
    new = [i for i in fake.images if i != old]
    assert len(new) == 1
    there = _there(fake, pictured.id)
    assert [m["@id"].rsplit("/", 1)[1] for m in there["mediaObject"]] == new
    assert there["image"] == fake.images[new[0]]["contentUrl"]


def test_a_removed_image_is_removed_there(fake, sync, exporting, pictured, db):
    exporting()
    sync()
    _change(db, pictured.id, image_path="")
    assert [r.outcome for r in sync()] == ["updated"]
    fake.assert_no_rejections()
    there = _there(fake, pictured.id)
    assert not there.get("mediaObject") and not there.get("image")


def test_a_refused_upload_fails_with_a_dutch_message_and_changes_nothing_here(
        fake, sync, exporting, pictured, db):
    from tests.uitdatabank.fake import _invalid

    exporting()
    fake.fail("POST", "/entry/images", 400, body=_invalid(["/file: unsupported type"]))
    assert [r.outcome for r in sync()] == ["failed"]
    state = db.session.get(UitdatabankEvent, pictured.id)
    assert "afbeelding" in state.last_error and "/file: unsupported type" in state.last_error
    assert db.session.get(Event, pictured.id).image_path == pictured.image_path
    assert not fake.events  # nothing half there



def test_the_fake_refuses_an_upload_without_the_required_rights(app, fake):
    from stem_events.uitdatabank.client import Client, Settings, UitdatabankError

    with Client(Settings.from_config(app.config)) as api, pytest.raises(UitdatabankError) as e:
        api.upload("/images", {"description": "Robots", "language": "nl"},
                   ("x.jpg", b"\xff\xd8\xff", "image/jpeg"))
    assert "copyrightHolder" in e.value.message
    assert not fake.images
