"""The organiser's registration tools say what they do: how many people a mail reaches and
whether the waiting list is included; a CSV Excel shows as it is meant; a check-in count."""

import csv
import io

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Membership
from stem_events.registrations.models import Registration
from tests.registrations.helpers import adult_form, children_form

PASSWORD = "correct horse 42"  # noqa: S105


@pytest.fixture
def setup(db, client, make_open_event, make_user):
    """Two confirmed (a child and an adult with a Belgian mobile number), one waiting."""
    event = make_open_event(capacity=2, age_min=None, age_max=None)
    member = make_user()
    db.session.add(Membership(user_id=member.id, organisation_id=event.organisation_id))
    db.session.commit()
    client.post(f"/events/{event.id}/register", data=children_form(
        children=[("Lotte", "Janssens", "2016-05-01")]))
    client.post(f"/events/{event.id}/register", data=adult_form(
        "an@example.be", contact_phone="+32470123456"))
    client.post(f"/events/{event.id}/register", data=adult_form(
        "wacht@example.be", name="=Wim Wacht", contact_phone="+31 6 12345678"))
    assert client.post("/login", data={"email": member.email,
                                       "password": PASSWORD}).status_code == 302
    return event


def test_the_mail_page_says_how_many_and_that_the_waiting_list_is_included(client, setup):
    event = setup
    page = client.get(f"/manage/events/{event.id}/registrations/mail").text
    assert "Dit bericht gaat naar 3 e-mailadressen: 2 bevestigd en 1 op de wachtlijst." in page
    response = client.post(f"/manage/events/{event.id}/registrations/mail",
                           data={"subject": "Meebrengen", "body": "Een lunchpakket."},
                           follow_redirects=True)
    assert "Je bericht gaat naar 3 e-mailadressen (de wachtlijst inbegrepen)." in response.text


def _rows(client, event) -> list[dict]:
    raw = client.get(f"/manage/events/{event.id}/registrations.csv").data
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_speaks_ja_nee_and_one_date_format(client, setup):
    rows = _rows(client, setup)
    lotte = next(r for r in rows if r["Deelnemer"] == "Lotte Janssens")
    an = next(r for r in rows if r["E-mail"] == "an@example.be")
    assert lotte["Geboortedatum"] == "01-05-2016"
    assert (lotte["Toestemming ouder"], an["Toestemming ouder"]) == ("ja", "nee")
    assert an["Toestemming foto's"] == "nee"
    assert an["Sessie"] == "" or an["Sessie"][2] == "-"
    for row in rows:
        day = row["Ingeschreven op"].split(" ")[0]
        assert len(day) == 10 and day[2] == "-" and day[5] == "-", row


def test_the_csv_fills_the_guardian_of_a_child(client, setup):
    lotte = next(r for r in _rows(client, setup) if r["Deelnemer"] == "Lotte Janssens")
    assert lotte["Ouder of voogd"] == "Sara Ouder"
    assert lotte["E-mail ouder of voogd"] == "ouder@example.be"


def test_the_csv_shows_phone_numbers_nationally_and_still_guards_formulas(client, setup):
    rows = _rows(client, setup)
    an = next(r for r in rows if r["E-mail"] == "an@example.be")
    wim = next(r for r in rows if r["E-mail"] == "wacht@example.be")
    assert an["Telefoon"] == "0470 12 34 56"
    assert wim["Telefoon"] == "00 31 6 12345678"  # abroad: no leading + for Excel either
    assert wim["Deelnemer"] == "'=Wim Wacht"  # free text that Excel would run stays guarded


def test_check_in_counts_everyone_expected_even_while_searching(client, db, setup):
    event = setup
    base = f"/manage/events/{event.id}/registrations/checkin"
    lotte = db.session.scalars(sa.select(Registration).where(
        Registration.child_first_name == "Lotte")).one()
    client.post(base, data={"registration_id": lotte.id, "present": "1"})
    assert "1 van 2 aanwezig" in client.get(base).text
    assert "1 van 2 aanwezig" in client.get(f"{base}?q=lot").text


def test_the_check_in_search_field_is_as_large_as_other_inputs(client, setup):
    page = client.get(f"/manage/events/{setup.id}/registrations/checkin").text
    assert '<form method="get" class="checkin-search form"' in page
