"""The empty registration form is rendered once and reused (registrations/form_page.py):
every visitor still gets a page of their own CSRF token that posts, and no change ever shows an
older page (an edit, a seat taken, a question, the class settings, the language)."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.events.models import Event
from stem_events.registrations import form_page
from stem_events.registrations.models import (
    EventGroupSettings,
    QuestionKind,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from tests.conftest import FreshContextClient
from tests.registrations.helpers import adult_form, app_for
from tests.statements import statements_sent

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_stored_pages(app):
    form_page.forget_all(app)
    yield
    form_page.forget_all(app)


def _page(client, event) -> str:
    response = client.get(f"/events/{event.id}/register")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_visitor_gets_the_same_page_with_a_token_of_their_own(app, db, make_open_event):
    event = make_open_event(capacity=5)
    protected = app_for(app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"],
                        WTF_CSRF_ENABLED=True)
    fresh = app_for(app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"],
                    WTF_CSRF_ENABLED=True, REGISTRATION_FORM_CACHE=False)
    protected.test_client_class = fresh.test_client_class = FreshContextClient  # own `g` each
    visitors = [protected.test_client() for _ in range(3)]
    with protected.app_context():
        pages = [_page(visitor, event) for visitor in visitors]
    with fresh.app_context():
        rendered = _page(fresh.test_client(), event)
    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3  # three visitors, three tokens
    blank = [TOKEN.sub("TOKEN", page) for page in [*pages, rendered]]
    assert blank[0] == blank[1] == blank[2] == blank[3]  # stored = freshly rendered, byte for byte
    with protected.app_context():
        for index, (visitor, token) in enumerate(zip(visitors, tokens[1:] + tokens[:1],
                                                     strict=True)):
            stolen = visitor.post(f"/events/{event.id}/register",
                                  data={**adult_form(f"v{index}@example.be"), "csrf_token": token})
            assert stolen.status_code == 400  # another visitor's token: refused
        for index, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
            ok = visitor.post(f"/events/{event.id}/register",
                              data={**adult_form(f"v{index}@example.be"), "csrf_token": token})
            assert ok.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 3


def test_a_seat_taken_shows_at_once(client, make_open_event):
    event = make_open_event(capacity=3)
    assert "Nog 3 plaatsen vrij." in _page(client, event)
    assert "Nog 3 plaatsen vrij." in _page(client, event)
    assert client.post(f"/events/{event.id}/register", data=adult_form()).status_code == 302
    assert "Nog 2 plaatsen vrij." in _page(client, event)
    for email in ("b@example.be", "c@example.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(email))
    page = _page(client, event)
    assert "Volzet: wachtlijst." in page and "Op de wachtlijst" in page


def test_an_edit_shows_at_once_also_from_raw_sql(client, db, make_open_event):
    event = make_open_event()
    assert "Workshop robotica" in _page(client, event)
    event.title = "Workshop drones"
    db.session.commit()
    assert "Workshop drones" in _page(client, event)
    with db.engine.begin() as conn:  # another writer, not through the ORM
        conn.execute(sa.text("UPDATE events SET venue_name = 'Het Pand' WHERE id = :id"),
                     {"id": event.id})
    assert "Het Pand" in _page(client, event)


def test_a_new_question_and_new_class_settings_show_at_once(client, db, make_open_event):
    event = make_open_event(capacity=50)
    assert "Heb je een allergie?" not in _page(client, event)
    db.session.add(RegistrationQuestion(event_id=event.id, text="Heb je een allergie?",
                                        kind=QuestionKind.TEXT, required=False, position=1))
    db.session.commit()
    assert "Heb je een allergie?" in _page(client, event)
    db.session.add(EventGroupSettings(event_id=event.id, min_size=10, max_size=30,
                                      adults_take_seats=False, individuals_allowed=True))
    db.session.commit()
    assert "Een groep telt 10 tot 30 leerlingen." in _page(client, event)
    settings = db.session.get(EventGroupSettings, event.id)
    settings.max_size = 25
    db.session.commit()
    assert "Een groep telt 10 tot 25 leerlingen." in _page(client, event)


def test_the_language_switch_gets_its_own_page(client, make_open_event):
    event = make_open_event()
    assert "Inschrijven" in _page(client, event)
    client.get("/lang/en?next=/")
    english = _page(client, event)
    assert 'lang="en"' in english and "Register" in english
    client.get("/lang/nl?next=/")
    assert 'lang="nl-BE"' in _page(client, event)


def _statements(db, action) -> list[str]:
    seen: list[str] = []
    with statements_sent(db, lambda statement: seen.append(" ".join(statement.split()))):
        action()
    return seen


def _what(statement: str) -> str:
    """What a statement of the registration's transaction reads or writes, in short."""
    if statement.startswith("INSERT INTO "):
        return statement.split()[2]
    if "FROM events" in statement:
        joined = ("LEFT OUTER JOIN event_group_settings" in statement
                  and "LEFT OUTER JOIN event_sessions" in statement)
        return "the event with its sessions and class settings" if joined else "the event"
    found = re.search(r"\bFROM (\w+)", statement)
    if found and found.group(1) == "registrations" and "sum(" in statement:
        return "seats and waiting list"
    return found.group(1) if found else statement[:40]


@pytest.mark.parametrize("full", [False, True], ids=["a seat", "the waiting list"])
def test_a_registration_post_reads_each_thing_once(app, client, db, make_open_event,
                                                   monkeypatch, full):
    """A launch rush posts this form hundreds of times a minute, one writer per event at a
    time: the event page's themes, goals and audiences are not read, nothing is read again after
    the commit, the form is checked under the lock it registers in (one transaction: the event
    with its sessions and class settings, the seats with the waiting list, the questions, and
    the registrations the form repeats or its owner holds are each read once, in one statement
    each), and the mail is only queued (a mail server is configured, as in production; on
    PostgreSQL the outbox's trigger wakes the mail workers, no statement of the request)."""
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://127.0.0.1:9")
    event = make_open_event(capacity=1)
    if full:
        client.post(f"/events/{event.id}/register", data=adult_form("first@example.be"))
    _page(client, event)
    seen = _statements(db, lambda: client.post(
        f"/events/{event.id}/register", data=adult_form("an@example.be")))
    assert db.session.scalar(sa.select(Registration.status).where(
        Registration.contact_email == "an@example.be")) == \
        (RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED)
    locked = seen[min(i for i, s in enumerate(seen)
                      if s == "BEGIN IMMEDIATE" or s.startswith("WITH lock_wait AS"))]
    assert seen.index(locked) == (1 if seen[0].startswith("PRAGMA") else 0)  # nothing before
    assert [_what(s) for s in seen if not s.startswith(("PRAGMA", "BEGIN"))] == [
        "the event with its sessions and class settings", "seats and waiting list",
        "registration_questions", "registrations", "registrations", "outbox_messages"]


def test_the_forms_page_reads_each_thing_once(client, db, make_open_event):
    """Every visitor of a launch rush fetches the form before posting it: the data version
    (the stored page's key), the event with its sessions and class settings in one statement,
    the seats, the questions; nothing else, whether the page is stored or rendered."""
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    event = make_open_event(capacity=5, sessions=[
        (start + timedelta(days=7 * n), start + timedelta(days=7 * n, hours=2))
        for n in range(3)])
    event_id = event.id
    for stored in (False, True):
        seen = _statements(db, lambda: _page(client, db.session.get(Event, event_id)))
        assert [_what(s) for s in seen] == [
            "data_versions", "the event with its sessions and class settings",
            "seats and waiting list", "registration_questions"], stored


def test_a_full_events_alternatives_cost_two_statements_for_their_cards(client, db, make_event,
                                                                        make_open_event):
    """A full event without a waiting list shows similar activities with a seat; their cards'
    organisations and audiences come in two statements, not two per card."""
    event = make_open_event(capacity=1, waitlist_enabled=False)
    client.post(f"/events/{event.id}/register", data=adult_form("first@example.be"))
    others = [make_event(title=f"Workshop {n}") for n in ("drones", "lego", "code")]
    full = make_open_event(title="Workshop vol", capacity=1, waitlist_enabled=False)
    client.post(f"/events/{full.id}/register", data=adult_form("other@example.be"))
    seen = _statements(db, lambda: _page(client, event))
    page = _page(client, event)
    assert "Volzet. Misschien is dit iets voor jou?" in page
    assert all(other.title in page for other in others) and "Workshop vol" not in page
    assert sum("event_audiences" in s for s in seen) == 1, "\n".join(seen)
    assert sum(s.startswith("SELECT organisations.") for s in seen) == 0  # joined to events
