"""The demo shows the UiTdatabank exchange: an academy that publishes there, events linked to
their twins in the test environment, one refusal with the API's words, and an organizer met
by the import that waits for a coordinator, an import held for a coordinator's confirmation,
and the exported events' images remembered as mediaObjects there."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.accounts.models import Role, User
from stem_events.events.models import Event
from stem_events.imports.uitdatabank_models import UitdatabankOrganizer
from stem_events.uitdatabank.models import (
    JobStatus,
    UitdatabankEvent,
    UitdatabankJob,
)


def test_demo_data_shows_the_uitdatabank_exchange(app, db, freeze_now, client, login):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "60"])
    assert result.exit_code == 0, result.output
    linked = db.session.scalars(sa.select(UitdatabankEvent).where(
        UitdatabankEvent.uitdatabank_id != "")).all()
    assert len(linked) == 2
    assert all(s.uitdatabank_id.startswith("https://io-test.uitdatabank.be/events/")
               for s in linked)
    pictured = [s.event_id for s in linked if db.session.get(Event, s.event_id).image_path]
    remembered = [s.event_id for s in linked if s.image_id]
    assert pictured and sorted(remembered) == sorted(pictured)
    assert all(s.image_file == db.session.get(Event, s.event_id).image_path
               for s in linked if s.image_id)
    failed = db.session.scalar(sa.select(UitdatabankJob))
    assert failed.status == JobStatus.FAILED and "weigerde" in failed.last_error
    assert db.session.scalar(sa.select(UitdatabankOrganizer.name)) == "Volkssterrenwacht Urania"

    organiser = db.session.scalar(sa.select(User).where(
        User.email == "organisator@stem-events.example"))
    organiser.set_password("correct horse 42")
    coordinator = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    coordinator.set_password("correct horse 42")
    db.session.commit()
    login(organiser)
    page = client.get(f"/manage/events/{linked[0].event_id}").text
    assert linked[0].uitdatabank_id.rsplit("/", 1)[1] in page
    other = app.test_client()
    assert other.post("/login", data={"email": coordinator.email,
                                      "password": "correct horse 42"}).status_code == 302
    import_page = other.get("/admin/uitdatabank/import/").text
    assert "Volkssterrenwacht Urania" in import_page
    assert "5 van de 6 komende sessies annuleren" in import_page  # a held import
    assert "Annuleringen bevestigen" in import_page
    assert "weigerde" in other.get("/admin/uitdatabank/").text
