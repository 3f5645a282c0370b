"""The monitoring report on a known small data set: every number asserted; access; CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.events.models import EventStatus, SessionStatus
from stem_events.initiatives.models import InitiativeStatus
from stem_events.reference.models import EventKind, Goal, HelixPillar
from stem_events.reports import services as monitoring
from tests.conftest import utc


def login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def two_hours(*starts):
    return [(s, s + timedelta(hours=2)) for s in starts]


@pytest.fixture
def data(db, freeze_now, make_organisation, make_event, make_initiative):
    """Period 2025-01-01 … 2026-06-30; now is 30 June 2026."""
    freeze_now(utc(2026, 6, 30, 12))
    gov = make_organisation(name="Stad Gent", helix=HelixPillar.GOVERNMENT)
    company = make_organisation(name="Chemiepark Gent", helix=HelixPillar.COMPANY)
    school = make_organisation(name="Hogeschool Brugge", helix=HelixPillar.KNOWLEDGE,
                               municipality_nis="31005")
    academy = make_organisation(name="STEM-academie Antwerpen", helix=HelixPillar.CITIZEN,
                                municipality_nis="11002", is_academy=True)
    club = make_organisation(name="Fablab Leuven", helix=HelixPillar.CITIZEN,
                             municipality_nis="24062")

    def goals(*codes):
        return [db.session.get(Goal, c) for c in codes]

    make_event(title="Workshop", organisation=company, goals=goals("OD1.2.2"),
               sessions=two_hours(utc(2025, 3, 1, 9), utc(2025, 3, 8, 9)))
    series = make_event(title="Academie", kind=EventKind.ACADEMY_ACTIVITY, organisation=academy,
                        municipality_nis="24038", goals=goals("OD1.2.1"),
                        sessions=two_hours(utc(2025, 10, 4, 9), utc(2025, 10, 11, 9),
                                           utc(2025, 10, 18, 9)))
    series.sessions[2].status = SessionStatus.CANCELLED
    make_event(title="Ontwerp", status=EventStatus.DRAFT, goals=goals("OD1.2.1"),
               kind=EventKind.ACADEMY_ACTIVITY, municipality_nis="71072",
               sessions=two_hours(utc(2025, 5, 1, 9)))
    make_event(title="Te vroeg", goals=goals("OD1.2.1"), sessions=two_hours(utc(2024, 5, 1, 9)))
    first = make_event(title="Netwerkmoment 1", kind=EventKind.NETWORK_MOMENT, organisation=gov,
                       co_organisations=[company], goals=goals("OD3.1.1"),
                       sessions=two_hours(utc(2025, 2, 10, 15)))
    second = make_event(title="Netwerkmoment 2", kind=EventKind.NETWORK_MOMENT,
                        organisation=gov, sessions=two_hours(utc(2026, 4, 15, 14)))
    draft_moment = make_event(title="Ontwerp-netwerkmoment", kind=EventKind.NETWORK_MOMENT,
                              organisation=club, status=EventStatus.DRAFT,
                              sessions=two_hours(utc(2025, 6, 1, 14)))
    make_initiative("Robotlab", organisations=[school, academy], goals=["OD1.2.1"],
                    events=[first])
    make_initiative("Fablab-werking", organisations=[club], goals=["OD3.1.1"],
                    events=[second, draft_moment])
    make_initiative("Ontwerp-initiatief", status=InitiativeStatus.DRAFT, goals=["OD1.2.1"],
                    organisations=[company], events=[second])
    db.session.commit()
    return monitoring.build_report(monitoring.Period(utc(2025, 1, 1, 12).date(),
                                                     utc(2026, 6, 30, 12).date()))


def row(report, code):
    found = next(r for r in report.goals if r.goal.code == code)
    return len(found.events), found.measures["sessions"], len(found.initiatives)


def test_counts_per_goal(data):
    assert row(data, "OD1.2.1") == (1, 2, 1)  # the draft, the cancelled session, 2024: out
    assert row(data, "OD1.2.2") == (1, 2, 0)
    assert row(data, "TD1.2") == (2, 4, 1)
    assert row(data, "SD1") == (2, 4, 1)
    assert row(data, "OD3.1.1") == (1, 1, 1)
    assert row(data, "SD3") == (1, 1, 1)
    assert row(data, "SD2") == (0, 0, 0)


def test_actions_per_operational_goal_are_listed(app, data):
    with app.test_request_context():
        header, rows = monitoring.tables(data)["actions"]
    assert header == ["Doel", "Soort actie", "Titel"]
    od121 = [r[1:] for r in rows if r[0] == "OD 1.2.1"]
    assert od121 == [["activiteit", "Academie"], ["initiatief", "Robotlab"]]
    assert [r[1:] for r in rows if r[0] == "OD 3.1.1"] == [
        ["activiteit", "Netwerkmoment 1"], ["initiatief", "Fablab-werking"]]


def test_helix_balance_of_each_network_moment(data):
    assert [m.event.title for m in data.moments] == ["Netwerkmoment 1", "Netwerkmoment 2"]
    first, second = data.moments
    assert len(first.pillars) == 4 and first.missing == []
    assert second.pillars == [HelixPillar.GOVERNMENT, HelixPillar.CITIZEN]
    assert second.missing == [HelixPillar.KNOWLEDGE, HelixPillar.COMPANY]
    assert dict(data.presence) == {HelixPillar.GOVERNMENT: 2, HelixPillar.KNOWLEDGE: 1,
                                   HelixPillar.COMPANY: 1, HelixPillar.CITIZEN: 2}


def test_connections_and_their_growth_per_quarter(data):
    pairs = {(c.first.name, c.second.name) for c in data.connections}
    assert len(pairs) == 7  # 4 organisations of 4 pillars: 6 pairs; then Stad Gent–Fablab
    assert ("Stad Gent", "Fablab Leuven") in pairs
    assert data.growth == [("2025-K1", 6, 6), ("2025-K2", 0, 6), ("2025-K3", 0, 6),
                           ("2025-K4", 0, 6), ("2026-K1", 0, 6), ("2026-K2", 1, 7)]


def test_municipality_coverage_of_academy_activity(data):
    assert data.covered == {"11002", "24038"}  # the academy's home and where it held sessions
    per_province = {c.province.nis: (c.covered, c.municipalities) for c in data.coverage}
    assert sum(total for _covered, total in per_province.values()) == 285 + 19
    assert per_province["10000"][0] == 1 and per_province["20001"][0] == 1
    assert per_province["71000" if "71000" in per_province else "70000"][0] == 0


@pytest.mark.parametrize("role, expected", [(None, 302), (Role.ORGANISER, 403),
                                            (Role.ADMIN, 200)])
@pytest.mark.parametrize("url", ["/admin/report", "/admin/report/goals.csv"])
def test_only_coordinators_see_the_report(client, make_user, role, expected, url):
    if role is not None:
        login(client, make_user(role=role))
    assert client.get(url).status_code == expected


def test_report_page_shows_numbers_charts_and_tables(client, make_user, data):
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report?from=2025-01-01&to=2026-06-30").get_data(as_text=True)
    assert html.count('role="img"') == 5 and html.count("<title id=") == 5
    assert "7 verbindingen" in html
    assert "2 van de 304 gemeenten" in html
    assert "SD 1: 2" in html  # the chart's description holds its numbers


def test_default_period_is_the_last_two_years(client, make_user, freeze_now):
    freeze_now(utc(2026, 6, 30, 12))
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report").get_data(as_text=True)
    assert 'value="2024-06-30"' in html and 'value="2026-06-30"' in html


@pytest.mark.parametrize("query, message", [
    ("from=2026-01-01&to=2025-01-01", "De begindatum ligt na de einddatum."),
    ("from=2030-01-01", "De periode mag niet in de toekomst liggen."),
    ("from=2025-01-01&to=2099-01-01", "De periode mag niet in de toekomst liggen."),
    ("from=gisteren", "is geen geldige datum"),
])
def test_bad_period_is_a_dutch_400(client, make_user, query, message):
    login(client, make_user(role=Role.ADMIN))
    response = client.get(f"/admin/report?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get(f"/admin/report/goals.csv?{query}").status_code == 400


def test_csv_is_excel_friendly(client, make_user, data):
    login(client, make_user(role=Role.ADMIN))
    response = client.get("/admin/report/goals.csv?from=2025-01-01&to=2026-06-30")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("Doel;Niveau;Titel;Activiteiten;Sessies;Inschrijvingen;Aanwezigen;"
                        "Initiatieven")
    od121 = next(line for line in lines if line.startswith("OD 1.2.1;"))
    # registrations under 10 follow the small-cell rule; no check-in: "niet geregistreerd"
    assert od121.endswith(";1;2;< 10;niet geregistreerd;1")
    for name in monitoring.TABLE_NAMES:
        assert client.get(f"/admin/report/{name}.csv").status_code == 200
    assert client.get("/admin/report/passwords.csv").status_code == 404


def test_csv_keeps_formula_like_text_as_text():
    raw = monitoring.to_csv(["naam"], [["=1+1"], ["-2"], ["Gent"]]).decode("utf-8-sig")
    assert raw.split("\r\n")[1:4] == ["'=1+1", "'-2", "Gent"]


def test_statements_do_not_grow_with_the_number_of_network_moments(db, make_event, freeze_now,
                                                                   make_organisation):
    freeze_now(utc(2026, 6, 30, 12))
    period = monitoring.Period(utc(2025, 1, 1, 12).date(), utc(2026, 6, 30, 12).date())

    def statements() -> int:
        count = 0

        def count_it(*_args):
            nonlocal count
            count += 1

        sa.event.listen(db.engine, "before_cursor_execute", count_it)
        try:
            db.session.expire_all()
            monitoring.build_report(period)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count_it)
        return count

    def moment(n):
        start = utc(2025, 3, 1, 14) + timedelta(days=n)
        make_event(title=f"Netwerkmoment {n}", kind=EventKind.NETWORK_MOMENT,
                   organisation=make_organisation(name=f"Org {n}"),
                   sessions=[(start, start + timedelta(hours=2))])

    moment(0)
    few = statements()
    for n in range(1, 6):
        moment(n)
    assert statements() == few
