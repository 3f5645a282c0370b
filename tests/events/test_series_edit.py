"""Item 2 of issue 17: a series edited as a series. Besides shifting the time, the organiser
changes the weekday of all (or the coming) sessions and adds weeks at the end, with one
preview of the resulting dates; after saving, the page says which dates were skipped and why
(the school holiday named, or chosen by hand)."""

import re
from datetime import date, time, timedelta

from stem_events.audit.models import AuditEntry
from stem_events.date_time import local, to_local
from stem_events.events.models import Event
from tests.events.conftest import NOW, event_form


def _version(client, url):
    return re.search(r'name="version"[^>]*value="(\d+)"', client.get(url).text).group(1)


def test_a_new_series_says_which_dates_were_skipped_and_why(client, db, login, organiser,
                                                            freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    login(user)
    response = client.post("/manage/events/new", data=event_form(organisation.id),
                           follow_redirects=True)
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.text)
    assert "woensdag 28 januari 2026 (zelf gekozen)" in text
    assert "woensdag 18 februari 2026 (krokusvakantie)" in text


def test_change_the_weekday_and_add_weeks_with_one_preview(client, db, login, organiser,
                                                           make_event, freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    first = date(2026, 1, 14)  # a Wednesday
    sessions = [(local(first + timedelta(weeks=w), time(14)),
                 local(first + timedelta(weeks=w), time(16))) for w in range(5)]
    event = make_event(organisation=organisation, sessions=sessions)
    login(user)
    assert "Reeks aanpassen" in client.get(f"/manage/events/{event.id}").text
    url = f"/manage/events/{event.id}/sessions/shift"
    data = {"minutes": "0", "weekday": "3", "extra_weeks": "2", "skip_holidays": "y",
            "scope": "future", "version": _version(client, url)}
    preview = client.post(url, data={**data, "action": "preview"})
    assert preview.status_code == 200, preview.text
    text = re.sub(r"\s+", " ", preview.text)
    assert "donderdag 15 januari 2026" in text and "donderdag 12 februari 2026" in text
    assert "donderdag 26 februari 2026" in text and "donderdag 5 maart 2026" in text
    assert "donderdag 19 februari 2026 (krokusvakantie)" in text
    db.session.expire_all()
    assert len(db.session.get(Event, event.id).sessions) == 5  # a preview saves nothing
    response = client.post(url, data={**data, "action": "apply"}, follow_redirects=True)
    assert response.status_code == 200
    assert "donderdag 19 februari 2026 (krokusvakantie)" in re.sub(r"\s+", " ", response.text)
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    days = [to_local(s.starts_at).date() for s in event.sessions]
    assert [d.weekday() for d in days] == [3] * 7
    assert days[-2:] == [date(2026, 2, 26), date(2026, 3, 5)]
    assert {to_local(s.starts_at).time() for s in event.sessions} == {time(14)}
    assert db.session.query(AuditEntry).filter_by(action="session_moved").count() == 1
    assert db.session.query(AuditEntry).filter_by(action="sessions_added").count() == 1


def test_an_edit_that_changes_nothing_is_refused_with_the_input_kept(client, db, login,
                                                                    organiser, make_event,
                                                                    freeze_now):
    freeze_now(NOW)
    user, organisation = organiser
    day = date(2026, 1, 14)
    event = make_event(organisation=organisation,
                       sessions=[(local(day, time(14)), local(day, time(16)))])
    login(user)
    url = f"/manage/events/{event.id}/sessions/shift"
    response = client.post(url, data={"minutes": "0", "weekday": "", "extra_weeks": "0",
                                      "scope": "future", "action": "apply"})
    assert response.status_code == 400 and "Kies een wijziging" in response.text
    response = client.post(url, data={"minutes": "0", "weekday": "", "extra_weeks": "99",
                                      "scope": "future", "action": "apply"})
    assert response.status_code == 400 and 'value="99"' in response.text
