"""The report page writes dates the nl-BE way ("10 februari 2025"); its CSV keeps ISO dates
(what spreadsheets sort)."""

from datetime import timedelta

from stem_events.accounts.models import Role
from stem_events.reference.models import EventKind, HelixPillar
from tests.conftest import utc


def test_moment_and_connection_dates_are_dutch_on_the_page_and_iso_in_csv(
        client, login, make_user, make_organisation, make_event, freeze_now):
    freeze_now(utc(2026, 6, 30, 12))
    gov = make_organisation(name="Stad Gent", helix=HelixPillar.GOVERNMENT)
    company = make_organisation(name="Chemiepark Gent", helix=HelixPillar.COMPANY)
    start = utc(2025, 2, 10, 15)
    make_event(title="Netwerkmoment 1", kind=EventKind.NETWORK_MOMENT, organisation=gov,
               co_organisations=[company], sessions=[(start, start + timedelta(hours=2))])
    login(make_user(role=Role.ADMIN))
    query = "from=2025-01-01&to=2026-06-30"
    html = client.get(f"/admin/report?{query}").get_data(as_text=True)
    assert "<td>10 februari 2025</td>" in html  # the moment and the connection it made
    assert html.count("10 februari 2025") == 2
    assert "2025-02-10" not in html.replace('value="2025-01-01"', "")
    moments = client.get(f"/admin/report/moments.csv?{query}").get_data(as_text=True)
    assert "Netwerkmoment 1;2025-02-10;" in moments
    connections = client.get(f"/admin/report/connections.csv?{query}").get_data(as_text=True)
    assert connections.rstrip().endswith(";2025-02-10")
