"""`flask uitdatabank export|sync|status|import` (CONTRACT.md) and the coordinators' pages."""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.imports.uitdatabank_models import UitdatabankImportSettings, UitdatabankOrganizer


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["uitdatabank", *args])


def test_export_sync_and_status_from_the_command_line(app, fake, make_event, organiser):
    event = make_event(organisation=organiser[1], postcode="9000")
    result = _cli(app, "export", "--organisation", str(organiser[1].id))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"organisation {organiser[1].id}: queued=1"
    result = _cli(app, "sync")
    assert result.exit_code == 0, result.output
    # job ids come from a sequence that PostgreSQL does not reset between tests
    assert re.fullmatch(rf"job \d+ event {event.id}: created", result.output.strip())
    result = _cli(app, "status")
    assert "connection: on" in result.output and "exported=1" in result.output


def test_a_failed_job_makes_sync_exit_1(app, fake, make_event, organiser):
    from tests.uitdatabank.fake import _invalid

    make_event(organisation=organiser[1], postcode="9000")
    _cli(app, "export", "--organisation", str(organiser[1].id))
    fake.fail("POST", "/entry/events", 400, body=_invalid(["/name: too long"]))
    result = _cli(app, "sync")
    assert result.exit_code == 1
    assert "failed" in result.output and "/name: too long" in result.output


def test_commands_say_when_the_exchange_is_off(app, organiser):
    for command in ("sync", "import"):  # from cron: nothing to do, not an error
        result = _cli(app, command)
        assert result.exit_code == 0 and "staat uit" in result.output
    result = _cli(app, "export", "--organisation", str(organiser[1].id))
    assert result.exit_code != 0 and "staat uit" in result.output


def test_an_unknown_organisation(app, fake):
    result = _cli(app, "export", "--organisation", "999")
    assert result.exit_code != 0 and "bestaat niet" in result.output


def test_import_from_the_command_line(app, fake, organiser):
    result = _cli(app, "import")
    assert result.exit_code == 0, result.output
    assert "waiting=0 ours=0" in result.output


def test_coordinators_choose_what_is_imported(client, login, make_user, db):
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/uitdatabank/import/")
    assert page.status_code == 200 and "Lessenreeks" in page.text
    response = client.post("/admin/uitdatabank/import/", data={
        "eventtypes": ["0.3.1.0.0"], "themes": ["1.25.0.0.0"], "provinces": ["40000"],
        "municipalities": "44021"})
    assert response.status_code == 302
    db.session.expire_all()
    settings = db.session.get(UitdatabankImportSettings, 1)
    assert settings.eventtypes == ["0.3.1.0.0"] and settings.regions == ["40000", "44021"]


def test_a_wrong_nis_code_is_refused_at_its_field_with_the_input_kept(client, login,
                                                                        make_user):
    login(make_user(role=Role.ADMIN))
    response = client.post("/admin/uitdatabank/import/", data={
        "eventtypes": ["0.3.1.0.0"], "municipalities": "44021, 99999"})
    assert response.status_code == 400
    assert "Onbekende NIS-code: 99999" in response.text
    assert 'value="44021, 99999"' in response.text


def test_coordinators_assign_a_waiting_organizer(client, login, make_user, db, organiser):
    db.session.add(UitdatabankOrganizer(organizer_id="https://x/organizers/1", name="Vzw Y",
                                        postcode="2000", waiting=3))
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    assert "Vzw Y" in client.get("/admin/uitdatabank/import/").text
    response = client.post("/admin/uitdatabank/import/organizers", data={
        "organizer_id": "https://x/organizers/1", "organisation_id": organiser[1].id})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(UitdatabankOrganizer.organisation_id)) == organiser[1].id


def test_organisers_may_not_see_the_coordinators_pages(client, login, organiser):
    login(organiser[0])
    assert client.get("/admin/uitdatabank/").status_code == 403
    assert client.get("/admin/uitdatabank/import/").status_code == 403
