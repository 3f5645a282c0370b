"""A report period starting in year 1 is refused in Dutch, not a 500 (its Brussels day bounds
do not exist in UTC)."""

from stem_events.accounts.models import Role


def test_a_period_from_year_one_is_a_dutch_400(client, login, make_user):
    login(make_user(role=Role.ADMIN))
    response = client.get("/admin/report?from=0001-01-01&to=2025-12-31")
    assert response.status_code == 400
    assert "ligt te ver in het verleden" in response.get_data(as_text=True)
    assert client.get("/admin/report/goals.csv?from=0001-01-01").status_code == 400
