"""The reach report: shares per province and goal, fixed complete periods only, and THE
small-cell rule everywhere (pages and CSV), including the second cell a total would reveal."""

from datetime import UTC, datetime, timedelta

import pytest

from stem_events.date_time import freeze
from stem_events.reach.models import ReachAnswer
from stem_events.reports import reach
from stem_events.reports.small_cells import HIDDEN, Counts

TODAY = datetime(2026, 10, 15, 10, tzinfo=UTC)  # school year 2025-2026 is complete


@pytest.fixture(autouse=True)
def _today():
    freeze(TODAY)
    yield
    freeze(None)


def on(day: datetime):
    return [(day, day + timedelta(hours=2))]


def answer(db, event, gender=None, reduced=None, home=None, n=1):
    for _ in range(n):
        db.session.add(ReachAnswer(event_id=event.id, gender=gender, reduced_rate=reduced,
                                   home=home))
    db.session.commit()


def test_a_small_cell_and_the_cell_that_would_give_it_away_are_hidden():
    counts = Counts()
    for key, value in {"girls": 12, "not girls": 1, "answered": 13}.items():
        counts.add(key, value)
    counts.group(["girls", "not girls", "answered"])
    assert counts.text("not girls") == HIDDEN
    # answered − girls would give the hidden 1 back: one of them goes too
    assert HIDDEN in (counts.text("girls"), counts.text("answered"))
    assert counts.share("girls", "answered") == HIDDEN


def test_counts_of_ten_and_more_and_their_shares_are_shown():
    counts = Counts()
    for key, value in {"girls": 30, "not girls": 20, "answered": 50}.items():
        counts.add(key, value)
    counts.group(["girls", "not girls", "answered"])
    assert counts.text("girls") == "30" and counts.share("girls", "answered") == "60 %"


def test_shares_per_province_for_a_complete_school_year(db, client, make_event, make_user,
                                                        login):
    from stem_events.accounts.models import Role

    gent = make_event(sessions=on(datetime(2025, 10, 4, 12, tzinfo=UTC)))
    answer(db, gent, "female", "yes", "44021", n=30)
    answer(db, gent, "male", "no", "44021", n=20)
    figures = reach.build(reach.FixedPeriod(2025))
    assert figures.cell("province", "40000", "g_f") == "30"  # Oost-Vlaanderen
    assert figures.share("province", "40000", "g_f", "g_ans") == "60 %"
    assert figures.share("province", "40000", "r_yes", "r_ans") == "60 %"
    assert figures.municipalities_reached("40000") == 1
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/report/reach?period=2025-2026")
    assert page.status_code == 200 and "60 %" in page.text
    csv = client.get("/admin/report/reach/reach_provinces.csv?period=2025-2026").text
    assert "Oost-Vlaanderen;50;30;60 %" in csv
    assert "Antwerpen;< 10;< 10;< 10" in csv  # nobody: shown as "< 10" too


PERIODS = ("2025-2026", "2025-2026-K1", "2025-2026-K2", "2025-2026-K3", "2025-2026-K4")
COLUMNS = ("g_ans", "g_f", "g_share", "r_ans", "r_yes", "r_share")


def published(client) -> dict:
    """What anyone with the coordinators' CSV can read: (period, province, column) → number
    (None where "< 10")."""
    found = {}
    for period in PERIODS:
        text = client.get(f"/admin/report/reach/reach_provinces.csv?period={period}").text
        for line in text.lstrip("\ufeff").splitlines()[1:]:
            name, *cells = line.split(";")
            for column, cell in zip(COLUMNS, cells, strict=False):
                if not column.endswith("share"):
                    found[(period, name, column)] = None if cell == HIDDEN else int(cell)
    return found


def solve(known: dict, provinces: list[str]) -> dict:
    """The attacker's arithmetic: girls + not girls = answered, yes + no = answered, the
    provinces add up to Flanders, the quarters add up to the school year."""
    values = dict(known)
    relations = []
    for period in PERIODS:
        for province in provinces + ["Vlaanderen en Brussel"]:
            relations.append(([(period, province, "g_f"), (period, province, "g_nf")],
                              (period, province, "g_ans")))
            relations.append(([(period, province, "r_yes"), (period, province, "r_no")],
                              (period, province, "r_ans")))
        for column in ("g_ans", "g_f", "g_nf", "r_ans", "r_yes", "r_no"):
            relations.append(([(period, p, column) for p in provinces],
                              (period, "Vlaanderen en Brussel", column)))
    for province in provinces + ["Vlaanderen en Brussel"]:
        for column in ("g_ans", "g_f", "g_nf", "r_ans", "r_yes", "r_no"):
            relations.append(([(q, province, column) for q in PERIODS[1:]],
                              (PERIODS[0], province, column)))
    changed = True
    while changed:
        changed = False
        for parts, total in relations:
            cells = [*parts, total]
            unknown = [c for c in cells if values.get(c) is None]
            if len(unknown) != 1:
                continue
            if unknown[0] == total:
                values[total] = sum(values[c] for c in parts)
            else:
                values[unknown[0]] = values[total] - sum(
                    values[c] for c in parts if c != unknown[0])
            changed = True
    return values


def test_one_persons_answer_cannot_be_learned_by_narrowing_period_and_province(
        db, client, make_event, make_user, login):
    """An attacker knows that one boy took part in a workshop in Limburg in the autumn of
    2025. Combining every period (school year and quarters), every province and the total,
    with all the arithmetic between them, must not give his answers."""
    from stem_events.accounts.models import Role

    autumn = make_event(title="Hasselt", municipality_nis="71072",
                        sessions=on(datetime(2025, 10, 4, 12, tzinfo=UTC)))
    spring = make_event(title="Genk", municipality_nis="71016",
                        sessions=on(datetime(2026, 3, 7, 12, tzinfo=UTC)))
    gent = make_event(title="Gent", sessions=on(datetime(2025, 10, 11, 12, tzinfo=UTC)))
    answer(db, autumn, "female", "no", n=12)
    answer(db, autumn, "male", "yes")  # the one person
    answer(db, spring, "female", "no", n=15)
    answer(db, gent, "female", "no", n=20)
    answer(db, gent, "male", "no", n=20)
    login(make_user(role=Role.ADMIN))
    known = published(client)
    provinces = sorted({name for _p, name, _c in known} - {"Vlaanderen en Brussel"})
    values = solve(known, provinces)
    for period in ("2025-2026", "2025-2026-K1"):
        assert values.get((period, "Limburg", "g_nf")) is None, period  # his gender
        assert values.get((period, "Limburg", "r_yes")) is None, period  # his kansentarief
        assert values.get((period, "Limburg", "r_no")) is None, period
    # Gent's large cells stay readable: the rule hides what it must, not everything.
    assert values[("2025-2026", "Oost-Vlaanderen", "g_f")] == 20
    public = client.get("/stem-in-cijfers").text
    assert ">13<" not in public and ">1<" not in public


def test_only_fixed_complete_periods(client, make_user, login):
    from stem_events.accounts.models import Role

    login(make_user(role=Role.ADMIN))
    for bad in ("2026-2027", "2025-09-01", "2025-2027", "2026-2027-K1"):
        response = client.get(f"/admin/report/reach?period={bad}")
        assert response.status_code == 400, bad
        assert "error-summary" in response.text
    assert client.get("/admin/report/reach?period=2025-2026-K4").status_code == 200


def test_the_public_page_shows_the_last_two_complete_school_years(client, db, make_event):
    event = make_event(sessions=on(datetime(2024, 11, 9, 12, tzinfo=UTC)))
    answer(db, event, "female", "yes", "44021", n=11)
    answer(db, event, "male", "no", "44021", n=11)
    page = client.get("/stem-in-cijfers")
    assert page.status_code == 200
    assert "2025–2026" in page.text and "2024–2025" in page.text
    assert "2023–2024" not in page.text
    assert "50 %" in page.text and HIDDEN.replace("<", "&lt;") in page.text


def test_the_activities_per_audience(db, client, make_event, make_user, login):
    """Public activities of the school year per audience, the kinds that always carry one
    counted too; few activities read "< 10" like every small count; another year's activity
    does not count."""
    import sqlalchemy as sa

    from stem_events.accounts.models import Role
    from stem_events.audiences.models import Audience
    from stem_events.reference.models import EventKind

    girls = db.session.scalar(sa.select(Audience).where(Audience.slug == "meisjes"))
    for number in range(12):
        event = make_event(title=f"Codeerclub {number}",
                           sessions=on(datetime(2025, 11, 1 + number, 12, tzinfo=UTC)))
        event.audiences = [girls]
    make_event(title="Codeerclub volgend jaar",
               sessions=on(datetime(2026, 9, 20, 12, tzinfo=UTC))).audiences = [girls]
    make_event(title="Nascholing", kind=EventKind.TEACHER_TRAINING,
               sessions=on(datetime(2026, 2, 3, 12, tzinfo=UTC)))
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    csv = client.get("/admin/report/reach/reach_audiences.csv?period=2025-2026").text
    assert "Meisjes en vrouwen;12" in csv
    assert "Leerkrachten en begeleiders;< 10" in csv
