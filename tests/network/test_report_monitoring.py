"""Issue #17 item 12 and #18 leftovers: the monitoring report's axes, unknowns, attendance that
was never taken, the province filter, one definition of "STEM-academie actief" and the
small-cell rule on the participant tables."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from stem_events.accounts.models import Role
from stem_events.reference.models import EventKind
from stem_events.reports import services as monitoring
from tests.conftest import utc
from tests.network.test_report import data, login  # noqa: F401  (fixture)
from tests.network.test_report_participants import _data as participants_data

PERIOD = "?from=2025-01-01&to=2026-06-30"


def _svg(html: str, chart_id: str) -> str:
    start = html.index(f'aria-labelledby="{chart_id}-title')
    return html[start:html.index("</svg>", start)]


def test_percentages_are_drawn_on_a_0_to_100_axis(client, make_user, data):  # noqa: F811
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report" + PERIOD).get_data(as_text=True)
    chart = _svg(html, "chart-coverage")
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', chart)]
    percents = [c.percent for c in data.coverage]
    assert max(percents) < 10  # 1 municipality of ~65: a short bar, never a full one
    assert max(widths) <= 220 * max(percents) / 100 + 0.5
    assert "100 %" in chart  # the axis says where 100 % is


def test_attendance_never_taken_says_not_registered(client, make_user, data):  # noqa: F811
    row = next(r for r in data.goals if r.goal.code == "OD1.2.2")
    assert row.measures["attendance"] is None
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report" + PERIOD).get_data(as_text=True)
    assert "niet geregistreerd" in html
    csv = client.get("/admin/report/goals.csv" + PERIOD).get_data(as_text=True)
    assert "niet geregistreerd" in csv


def test_province_filter(client, make_user, data, db):  # noqa: F811
    period = monitoring.parse_period("2025-01-01", "2026-06-30", "20001")
    report = monitoring.build_report(period)
    rows = {r.goal.code: r for r in report.goals}
    assert len(rows["OD1.2.1"].events) == 1  # the academy series in 24038
    assert len(rows["OD1.2.2"].events) == 0  # the workshop has no place in Vlaams-Brabant
    assert report.moments == []
    assert [c.province.nis for c in report.coverage] == ["20001"]
    assert report.covered == {"24038"}
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report" + PERIOD + "&province=20001").get_data(as_text=True)
    assert 'value="20001" selected' in html
    bad = client.get("/admin/report" + PERIOD + "&province=99999")
    assert bad.status_code == 400 and "provincie" in bad.get_data(as_text=True)


def test_helix_chart_counts_only_known_pillars_and_says_how_many_unknown(
        client, db, freeze_now, make_organisation, make_event, make_user):
    participants_data(db, freeze_now, make_organisation, make_event)
    freeze_now(utc(2026, 1, 15, 12))
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    chart = _svg(html, "chart-participants-pillar")
    assert "onbekend" not in chart
    assert "zonder helixpijler" in html


def test_participant_tables_follow_the_small_cell_rule(
        client, db, freeze_now, make_organisation, make_event, make_user):
    participants_data(db, freeze_now, make_organisation, make_event)
    freeze_now(utc(2026, 1, 15, 12))
    login(client, make_user(role=Role.ADMIN))
    html = client.get("/admin/report?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    table = html[html.index('id="table-participants-age"'):]
    table = table[:table.index("</table>")]
    assert "&lt; 10" in table and "<td class=\"num\">1</td>" not in table
    for name in ("participants_pillar", "participants_province", "participants_age", "goals"):
        csv = client.get(f"/admin/report/{name}.csv?from=2025-01-01&to=2025-12-31")
        text = csv.get_data(as_text=True)
        assert ";1\r\n" not in text and ";2\r\n" not in text, name
        assert "< 10" in text, name


def test_one_definition_of_an_active_academy_on_both_pages(client, make_user, freeze_now,
                                                            make_organisation, make_event, db):
    freeze_now(utc(2026, 6, 30, 12))
    academy = make_organisation(name="STEM-academie Leuven", municipality_nis="24062",
                                is_academy=True)
    later = utc(2026, 9, 1, 9)
    make_event(title="Gepland", kind=EventKind.ACADEMY_ACTIVITY, organisation=academy,
               municipality_nis="24062", sessions=[(later, later + timedelta(hours=2))])
    db.session.commit()
    public = client.get("/municipalities").get_data(as_text=True)
    definition = monitoring.academy_definition()
    assert definition in public
    row = public[public.index(">Leuven</a>"):]
    assert "gepland" in row[:row.index("</tr>")]
    login(client, make_user(role=Role.ADMIN))
    assert definition in client.get("/admin/report").get_data(as_text=True)


@pytest.mark.parametrize("province", ["", "10000"])
def test_report_renders_with_and_without_province(client, make_user, data, province):  # noqa: F811
    login(client, make_user(role=Role.ADMIN))
    assert client.get(f"/admin/report{PERIOD}&province={province}").status_code == 200
