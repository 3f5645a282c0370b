"""Role models in the reach report (#18 item 4): who was shown in the period and where —
events, network moments and State-of-the-STEM programme items; only public profiles."""

from datetime import UTC, datetime, timedelta

from stem_events.date_time import freeze
from stem_events.editions.models import ProgrammeItem
from stem_events.reference.models import EventKind
from stem_events.reports import reach
from stem_events.rolemodels.models import RoleModelStatus
from tests.network.factories import make_edition_fixture  # noqa: F401


def on(day):
    return [(day, day + timedelta(hours=2))]


def test_role_models_shown_in_the_period_and_where(db, client, make_event, make_role_model,
                                                   make_edition, make_user):
    from stem_events.accounts.models import Role

    freeze(datetime(2026, 10, 15, 10, tzinfo=UTC))
    try:
        workshop = make_event(title="Windmolens bouwen",
                              sessions=on(datetime(2025, 10, 4, 12, tzinfo=UTC)))
        moment = make_event(title="Netwerkmoment Genk", kind=EventKind.NETWORK_MOMENT,
                            sessions=on(datetime(2026, 2, 4, 12, tzinfo=UTC)))
        older = make_event(title="Vorig jaar", sessions=on(datetime(2024, 10, 4, 12, tzinfo=UTC)))
        edition = make_edition(year=2026)
        start = datetime(2026, 5, 18, 9, tzinfo=UTC)
        item = ProgrammeItem(edition_id=edition.id, title="Keynote wind", starts_at=start,
                             ends_at=start + timedelta(hours=1))
        db.session.add(item)
        db.session.commit()
        yasmina = make_role_model(events=[workshop, moment, older])
        yasmina.programme_items = [item]
        make_role_model(name="Nog niet bevestigd", events=[workshop],
                        status=RoleModelStatus.PROPOSED)
        db.session.commit()

        figures = reach.build(reach.FixedPeriod(2025))
        shown = figures.role_models
        assert ("Yasmina El Idrissi", "activiteit: Windmolens bouwen") in [
            (n, str(w)) for n, w in shown]
        where = " | ".join(str(w) for _n, w in shown)
        assert "netwerkmoment: Netwerkmoment Genk" in where
        assert "State-of-the-STEM 2026: Keynote wind" in where
        assert "Vorig jaar" not in where
        assert all(n != "Nog niet bevestigd" for n, _w in shown)
        quarter = reach.build(reach.FixedPeriod(2025, 1)).role_models
        assert [str(w) for _n, w in quarter] == ["activiteit: Windmolens bouwen"]

        user = make_user(role=Role.ADMIN)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        html = client.get("/admin/report/reach?period=2025-2026").get_data(as_text=True)
        assert "Keynote wind" in html and "Rolmodellen" in html
    finally:
        freeze(None)
