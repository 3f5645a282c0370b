"""Item 2 of issue 17: shift every (future) session of a series in one form, with a preview
of the resulting dates; today a 30-minute shift of a 10-session series takes 10 forms."""

import re
from datetime import time, timedelta

from stem_events.audit.models import AuditEntry
from stem_events.date_time import local, now_utc, to_local
from stem_events.events.models import Event


def test_shift_all_future_sessions_by_thirty_minutes_with_a_preview(client, db, login,
                                                                   organiser, make_event):
    user, organisation = organiser
    start = local((now_utc() + timedelta(days=3)).date(), time(14))
    past = start - timedelta(days=10)
    sessions = [(past, past + timedelta(hours=2))] + [
        (start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2)) for w in range(10)]
    event = make_event(organisation=organisation, sessions=sessions)
    login(user)
    assert "Reeks aanpassen" in client.get(f"/manage/events/{event.id}").text
    url = f"/manage/events/{event.id}/sessions/shift"
    page = client.get(url).text
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    data = {"minutes": "30", "scope": "future", "version": version}
    preview = client.post(url, data={**data, "action": "preview"})
    assert preview.status_code == 200 and preview.text.count("14:30–16:30") == 10
    db.session.expire_all()
    assert to_local(db.session.get(Event, event.id).sessions[1].starts_at).hour == 14  # unsaved
    assert client.post(url, data={**data, "action": "apply"}).status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    times = [to_local(s.starts_at).strftime("%H:%M") for s in event.sessions]
    assert times == ["14:00"] + ["14:30"] * 10  # the past session stays
    assert db.session.query(AuditEntry).filter_by(action="session_moved").count() == 1


def test_shifting_a_past_session_or_by_nothing_is_refused(client, db, login, organiser,
                                                         make_event):
    user, organisation = organiser
    past = now_utc().replace(microsecond=0) - timedelta(days=2)
    soon = now_utc().replace(microsecond=0) + timedelta(days=2)
    event = make_event(organisation=organisation, sessions=[
        (past, past + timedelta(hours=1)), (soon, soon + timedelta(hours=1))])
    login(user)
    url = f"/manage/events/{event.id}/sessions/shift"
    response = client.post(url, data={"minutes": "0", "scope": "future", "action": "apply"})
    assert response.status_code == 400 and "verschillend van 0" in response.text
    response = client.post(url, data={"minutes": "60", "scope": "all", "action": "apply"})
    assert response.status_code == 400 and "naar het verleden" in response.text
    assert 'value="60"' in response.text  # the input is kept


def test_dates_to_skip_are_date_inputs(client, db, login, organiser, freeze_now):
    from datetime import date

    from tests.events.conftest import NOW, event_form

    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    page = client.get("/manage/events/new").text
    assert len(re.findall(r'<input type="date"[^>]*name="skip_dates"', page)) >= 3
    data = event_form(organisation.id, skip_dates=["2026-01-28", "", "2026-02-04"])
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 302, response.text
    event = db.session.query(Event).one()
    days = [to_local(s.starts_at).date() for s in event.sessions]
    assert date(2026, 1, 28) not in days and date(2026, 2, 4) not in days
    assert date(2026, 1, 21) in days and date(2026, 2, 11) in days
    bad = client.post("/manage/events/new",
                      data=event_form(organisation.id, title="Tweede", skip_dates=["31/02/2026"]))
    assert bad.status_code == 400 and 'value="31/02/2026"' in bad.text
