"""A fresh install shows the feature: the demo data holds a source and its imported events."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.events.models import Event, EventStatus
from stem_events.imports import sources
from stem_events.imports.models import CategoryTheme, ImportItem, ImportRun, ImportSource


def test_demo_data_holds_a_source_with_its_imported_events(app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "40"])
    assert result.exit_code == 0, result.output

    # the iCal source (the demo also holds a UiTdatabank import waiting for a coordinator)
    source = db.session.scalar(sa.select(ImportSource).where(
        ImportSource.url.not_like("uitdatabank:%")))
    assert source.organisation.memberships[0].user.email == "organisator@stem-events.example"
    events = db.session.scalars(sa.select(Event).join(
        ImportItem, ImportItem.event_id == Event.id)).all()
    assert sorted(e.title for e in events) == ["Codeclub voor 10- tot 14-jarigen",
                                               "Opendeurdag STEM-academie"]
    assert {e.status for e in events} == {EventStatus.PUBLISHED}
    club = next(e for e in events if e.title.startswith("Codeclub"))
    assert len(club.sessions) == 7  # eight Wednesdays, one skipped
    # The organiser moved the last session an hour later here: kept, and listed as such.
    assert sorted(s.sequence for s in club.sessions) == [0] * 6 + [1]
    assert db.session.scalar(sa.select(ImportRun.created).where(
        ImportRun.source_id == source.id)) == 2
    assert client.get(f"/events/{club.id}", follow_redirects=True).status_code == 200
    differences = sources.local_differences(source)
    assert [d.session.sequence for d in differences] == [1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CategoryTheme)) > 20
    # The source's defaults name an audience (what a calendar feed cannot say): every imported
    # event carries it, and the source's form shows it chosen.
    assert source.defaults["audiences"] == ["gezinnen"]
    assert all("gezinnen" in {a.slug for a in e.audiences} for e in events)
