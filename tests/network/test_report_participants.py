"""Registrations, attendance and participants in the monitoring report: aggregates only, and
the same numbers after `flask purge-personal-data`."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stem_events.events.models import RegistrationMode
from stem_events.extensions import db as _db
from stem_events.reference.models import EventKind, HelixPillar, Municipality
from stem_events.registrations import services
from stem_events.registrations.models import Attendance, Registration
from stem_events.registrations.rules import Child, Submission
from stem_events.reports import services as monitoring
from tests.conftest import utc


def _adult(email, name, organisation, pillar):
    return Submission(contact_name=name, contact_email=email,
                      participant_organisation=organisation, participant_helix=pillar)


def _data(db, freeze_now, make_organisation, make_event):
    freeze_now(utc(2025, 1, 1, 12))
    gov = make_organisation(name="Stad Gent", helix=HelixPillar.GOVERNMENT)

    def goals(*codes):
        from stem_events.reference.models import Goal
        return [db.session.get(Goal, c) for c in codes]

    start = utc(2025, 2, 10, 15)
    moment = make_event(title="Netwerkmoment Gent", kind=EventKind.NETWORK_MOMENT,
                        organisation=gov, municipality_nis="44021", goals=goals("OD3.1.1"),
                        registration_mode=RegistrationMode.SERIES, capacity=10,
                        sessions=[(start, start + timedelta(hours=2))])
    start = utc(2025, 3, 1, 9)
    workshop = make_event(title="Robotica voor kinderen", municipality_nis="24062",
                          goals=goals("OD1.2.2"), age_min=6, age_max=14,
                          registration_mode=RegistrationMode.SERIES, capacity=2,
                          waitlist_enabled=True, sessions=[(start, start + timedelta(hours=2))])
    an = services.register(moment.id, _adult("an@example.be", "An", "Hogeschool Gent",
                                             HelixPillar.KNOWLEDGE)).registrations[0]
    services.register(moment.id, _adult("bo@example.be", "Bo", "Chemiepark",
                                        HelixPillar.COMPANY))
    cor = services.register(moment.id, _adult("cor@example.be", "Cor", "Chemiepark",
                                              HelixPillar.COMPANY)).registrations[0]
    services.cancel(moment.id, [cor.id])
    kids = services.register(workshop.id, Submission(
        contact_name="Sara", contact_email="sara@example.be", guardian_consent=True,
        children=[Child("Lien", "Ouder", date(2016, 5, 1)),
                  Child("Tom", "Ouder", date(2012, 1, 1))])).registrations
    services.register(workshop.id, Submission(  # waiting list: not a participant
        contact_name="Piet", contact_email="piet@example.be", guardian_consent=True,
        children=[Child("Jan", "Wacht", date(2017, 2, 2))]))
    db.session.add_all([Attendance(registration_id=an.id, session_id=moment.sessions[0].id),
                        Attendance(registration_id=kids[0].id,
                                   session_id=workshop.sessions[0].id)])
    db.session.commit()
    return moment, workshop


def _province_of(nis: str) -> str:
    return _db.session.get(Municipality, nis).province.short_name


def test_report_counts_participants_and_survives_the_purge(app, db, freeze_now,
                                                         make_organisation, make_event):
    moment, workshop = _data(db, freeze_now, make_organisation, make_event)
    freeze_now(utc(2026, 1, 15, 12))
    period = monitoring.parse_period("2025-01-01", "2025-12-31")
    before = monitoring.build_report(period)

    rows = {r.goal.code: r.measures for r in before.goals}
    assert rows["OD3.1.1"] == {"sessions": 1, "registrations": 2, "attendance": 1}
    assert rows["OD1.2.2"] == {"sessions": 1, "registrations": 2, "attendance": 1}
    parent = before.goals[[r.goal.code for r in before.goals].index("OD3.1.1")].goal.parent_code
    assert rows[parent]["registrations"] == 2

    people = before.participants
    assert people.total == 4
    assert dict(people.by_pillar) == {HelixPillar.GOVERNMENT.label: 0,
                                      HelixPillar.KNOWLEDGE.label: 1,
                                      HelixPillar.COMPANY.label: 1,
                                      HelixPillar.CITIZEN.label: 0, "onbekend": 2}
    provinces = dict(people.by_province)
    assert provinces[_province_of("44021")] == 2 and provinces[_province_of("24062")] == 2
    assert sum(provinces.values()) == 4
    assert [n for _label, n in people.by_age] == [0, 1, 1, 2]  # 0-5, 6-11, 12-17, 18+

    (balance,) = before.moments
    assert balance.pillars == [HelixPillar.GOVERNMENT, HelixPillar.KNOWLEDGE,
                               HelixPillar.COMPANY]
    assert balance.missing == [HelixPillar.CITIZEN]

    # A year and a half later the personal data is purged; the numbers stay.
    freeze_now(utc(2026, 9, 1, 12))
    result = app.test_cli_runner().invoke(args=["purge-personal-data"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    left = db.session.scalars(sa.select(Registration)).all()
    assert left and all(r.anonymised and r.contact_email == "" and r.birth_date is None
                        for r in left)
    after = monitoring.build_report(period)
    assert monitoring.tables(after) == monitoring.tables(before)
    assert after.participants == before.participants
    assert [m.pillars for m in after.moments] == [m.pillars for m in before.moments]


def test_report_page_shows_participant_tables(client, db, freeze_now, make_organisation,
                                              make_event, make_user):
    from stem_events.accounts.models import Role

    _data(db, freeze_now, make_organisation, make_event)
    freeze_now(utc(2026, 1, 15, 12))
    user = make_user(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    html = client.get("/admin/report?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    assert 'id="table-participants-age"' in html and "6 tot 11 jaar" in html
    assert "an@example.be" not in html and "Lien" not in html
    csv = client.get("/admin/report/participants_pillar.csv?from=2025-01-01&to=2025-12-31")
    # every count is under 10: the small-cell rule shows "< 10", never the number
    assert csv.status_code == 200 and "onbekend;< 10" in csv.get_data(as_text=True)
    assert "onbekend;2" not in csv.get_data(as_text=True)
