"""Login hardening, password reset, account changes, organisation requests, invitations."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Organisation, Role, User
from stem_events.accounts.passwords import password_problem
from tests.mailbox import read_mail


def _mails(app) -> list[str]:
    """The delivered mails (headers and decoded plain text), oldest first."""
    files = sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"), key=lambda p: p.stat().st_mtime)
    return [read_mail(p) for p in files]



@pytest.fixture(autouse=True)
def _empty_outbox(app):
    for path in Path(app.config["OUTBOX_DIR"]).glob("*.eml"):
        path.unlink()


def _link(mail: str, path: str) -> str:
    match = re.search(rf"http://localhost({path}[^\s]+)", mail.replace("=\n", ""))
    assert match, mail
    return match.group(1)


@pytest.mark.parametrize("password,ok", [
    ("kort", False), ("wachtwoord123", False), ("1234567890", False), ("aaaaaaaaaaaa", False),
    ("Azertyuiop", False), ("fiets op de dijk 12", True)])
def test_password_rules(password, ok):
    assert (password_problem(password) is None) is ok


def test_wrong_login_does_not_say_which_part_is_wrong(client, make_user):
    user = make_user(email="jan@school.be")
    unknown = client.post("/login", data={"email": "niemand@school.be", "password": "x" * 12})
    wrong = client.post("/login", data={"email": user.email, "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 400
    assert "Dit e-mailadres of wachtwoord klopt niet." in unknown.text
    assert "Dit e-mailadres of wachtwoord klopt niet." in wrong.text


def test_remember_me_sets_a_long_lived_cookie(client, make_user, login):
    response = login(make_user(), remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]


def test_remember_me_survives_the_end_of_the_browser_session(client, make_user, login):
    login(make_user(), remember=True)
    client.delete_cookie("session")  # the browser was closed
    assert client.get("/manage/").status_code == 200


def test_without_remember_me_closing_the_browser_signs_out(client, make_user, login):
    login(make_user())
    client.delete_cookie("session")
    assert client.get("/manage/").status_code == 302


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE


def test_password_reset_is_single_use_and_neutral(client, app, db, make_user):
    user = make_user(email="an@school.be")
    for email in ("an@school.be", "niemand@school.be"):
        response = client.post("/password/forgot", data={"email": email},
                               follow_redirects=True)
        assert "Als dit adres een account heeft" in response.text
    mails = {mail.split("To: ", 1)[1].split("\n", 1)[0]: mail for mail in _mails(app)}
    assert sorted(mails) == ["an@school.be", "niemand@school.be"]
    assert "/password/reset/" not in mails["niemand@school.be"]  # only a note: no account
    link = _link(mails["an@school.be"], "/password/reset/")
    weak = client.post(link, data={"password": "wachtwoord123", "confirm": "wachtwoord123"})
    assert weak.status_code == 400 and "te vaak gebruikt" in weak.text
    ok = client.post(link, data={"password": "een nieuwe zin 7", "confirm": "een nieuwe zin 7"})
    assert ok.status_code == 302
    again = client.post(link, data={"password": "nog een zin 8", "confirm": "nog een zin 8"})
    assert again.status_code == 400 and "ongeldig, verlopen of al gebruikt" in again.text
    db.session.refresh(user)
    assert user.check_password("een nieuwe zin 7")


def test_reset_link_expires_after_an_hour(client, app, make_user, monkeypatch):
    import time

    from stem_events.accounts import services
    from stem_events.transaction import unit_of_work

    user = make_user()
    with app.test_request_context(), unit_of_work():  # saves and sends, as a request does
        services.request_password_reset(user.email)
    link = _link(_mails(app)[0], "/password/reset/")
    real = time.time
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real() + 3601)
    response = client.get(link)
    assert response.status_code == 400
    assert "ongeldig, verlopen of al gebruikt" in response.text


def test_password_change_logs_out_other_sessions(app, client, make_user, login):
    user = make_user()
    login(user)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": "correct horse 42"})
    assert other.get("/manage/").status_code == 200
    response = client.post("/account", data={
        "pw-current": "correct horse 42", "pw-password": "fiets op de dijk 12",
        "pw-confirm": "fiets op de dijk 12"})
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200  # this session goes on
    assert other.get("/manage/").status_code == 302  # the other one is signed out


def test_email_change_needs_the_link(client, app, db, make_user, login):
    user = make_user(email="oud@school.be")
    login(user)
    client.post("/account", data={"em-new_email": "nieuw@school.be",
                                  "em-current": "correct horse 42"})
    db.session.refresh(user)
    assert user.email == "oud@school.be"
    link = _link(_mails(app)[-1], "/account/email/")
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.email == "nieuw@school.be"
    assert client.get(link).status_code == 400  # single use


def test_organisation_request_approval_and_rejection(client, app, db, make_user, login):
    data = {"name": "Codeerclub Leuven", "helix": "citizen", "municipality": "3000",
            "website": "https://codeerclub.be", "kbo_number": "0403.170.702",
            "contact_name": "Lies", "contact_phone": "", "email": "lies@codeerclub.be",
            "password": "robots in de bib 3", "confirm": "robots in de bib 3"}
    bad = client.post("/account/organisation-request", data=data)
    assert bad.status_code == 400 and "ondernemingsnummer klopt niet" in bad.text
    assert 'value="Codeerclub Leuven"' in bad.text
    data["kbo_number"] = "0403.170.701"
    assert client.post("/account/organisation-request", data=data).status_code == 302
    organisation = db.session.scalars(sa.select(Organisation)).one()
    assert organisation.pending and organisation.kbo_number == "0403170701"
    assert organisation.municipality_nis == "24062"  # Leuven by its postcode
    login(db.session.scalars(sa.select(User)).one(), "robots in de bib 3")
    assert client.get("/manage/events/new").status_code == 302  # not yet approved
    client.post("/logout")

    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/organisations/{organisation.id}",
                           data={"action": "reject", "reject-reason": ""})
    assert response.status_code == 400
    client.post(f"/admin/organisations/{organisation.id}",
                data={"action": "reject", "reject-reason": "Geen STEM-aanbod."})
    db.session.refresh(organisation)
    assert not organisation.approved and organisation.rejection_reason == "Geen STEM-aanbod."
    assert "Geen STEM-aanbod." in _mails(app)[-1]
    client.post(f"/admin/organisations/{organisation.id}", data={"action": "approve"})
    client.post(f"/admin/organisations/{organisation.id}", data={"action": "trust"})
    db.session.refresh(organisation)
    assert organisation.approved and organisation.trusted


def test_request_with_a_known_address_answers_the_same(client, app, db, make_user):
    make_user(email="bekend@school.be")
    data = {"name": "X", "helix": "citizen", "municipality": "Gent", "contact_name": "B",
            "email": "bekend@school.be", "password": "robots in de bib 3",
            "confirm": "robots in de bib 3"}
    response = client.post("/account/organisation-request", data=data, follow_redirects=True)
    assert "Je aanvraag is ontvangen" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    assert "Er is al een account" in _mails(app)[-1]


def test_owner_invites_a_colleague_who_joins(client, app, db, organiser_pair, login):
    owner, organisation = organiser_pair
    login(owner)
    client.post(f"/manage/organisations/{organisation.id}",
                data={"email": "collega@academie.be", "role": "editor"})
    client.post("/logout")
    link = _link(_mails(app)[-1], "/invitations/")
    response = client.post(link, data={"display_name": "Collega",
                                       "password": "robots in de bib 3",
                                       "confirm": "robots in de bib 3"})
    assert response.status_code == 302
    colleague = db.session.scalars(sa.select(User).where(User.email == "collega@academie.be")
                                   ).one()
    assert [m.organisation_id for m in colleague.memberships] == [organisation.id]
    assert client.get(link).status_code == 400  # used


def test_an_editor_cannot_invite(client, db, organiser_pair, make_user, login):
    from stem_events.accounts.models import MemberRole, Membership

    _, organisation = organiser_pair
    editor = make_user()
    db.session.add(Membership(user=editor, organisation=organisation, role=MemberRole.EDITOR))
    db.session.commit()
    login(editor)
    response = client.post(f"/manage/organisations/{organisation.id}",
                           data={"email": "x@y.be", "role": "owner"})
    assert response.status_code == 403


def test_users_create_cli_for_both_roles(app, db, make_organisation):
    organisation = make_organisation()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "c@vlaio.be", "--role", "admin"],
                           input="fiets op de dijk 12\nfiets op de dijk 12\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "--email", "o@school.be", "--role",
                                 "organiser", "--organisation", str(organisation.id)],
                           input="fiets op de dijk 12\nfiets op de dijk 12\n")
    assert result.exit_code == 0, result.output
    weak = runner.invoke(args=["users", "create", "--email", "w@school.be"],
                         input="wachtwoord123\n")
    assert weak.exit_code != 0 and "te vaak gebruikt" in weak.output


def test_coordinator_invites_an_existing_user_into_a_second_organisation(
        client, app, db, organiser_pair, make_organisation, make_user, login):
    from stem_events.events.models import Event

    owner, home = organiser_pair
    second = make_organisation(name="Gemeente Gent")
    login(make_user(role=Role.ADMIN))
    client.post(f"/admin/organisations/{second.id}",
                data={"action": "invite", "invite-email": owner.email, "invite-role": "editor"})
    client.post("/logout")
    link = _link(_mails(app)[-1], "/invitations/")
    assert "/login" in client.get(link).headers["Location"]  # has an account: sign in first
    login(owner)
    assert client.post(link).status_code == 302
    db.session.refresh(owner)
    assert sorted(m.organisation.name for m in owner.memberships) == [
        "Gemeente Gent", "STEM-academie Gent"]
    form = client.get("/manage/events/new").text
    assert "Gemeente Gent" in form and "STEM-academie Gent" in form
    from tests.events.conftest import event_form

    response = client.post("/manage/events/new", data=event_form(second.id, first_day="2030-01-09",
                                                                   until="2030-01-30"))
    assert response.status_code == 302, response.text
    assert db.session.scalars(sa.select(Event.organisation_id)).one() == second.id


def test_owner_manages_members_and_one_owner_remains(client, db, organiser_pair, make_user,
                                                    login):
    from stem_events.accounts.models import MemberRole, Membership

    owner, organisation = organiser_pair
    colleague = make_user(email="collega@academie.be")
    db.session.add(Membership(user=colleague, organisation=organisation,
                              role=MemberRole.EDITOR))
    db.session.commit()
    login(owner)
    url = f"/manage/organisations/{organisation.id}/members"
    page = client.post(f"{url}/{owner.id}", data={"role": "editor"}, follow_redirects=True)
    assert "minstens één eigenaar" in page.text
    client.post(f"{url}/{colleague.id}", data={"role": "owner"})
    client.post(f"{url}/{owner.id}", data={"role": "editor"})
    db.session.expire_all()
    roles = {m.user.email: m.role for m in organisation.memberships}
    assert roles == {"eigenaar@academie.be": MemberRole.EDITOR,
                     "collega@academie.be": MemberRole.OWNER}
    # now an editor: may no longer manage members
    assert client.post(f"{url}/{colleague.id}", data={"action": "remove"}).status_code == 403
    assert client.post(f"{url}/99999", data={"action": "remove"}).status_code == 403
    client.post("/logout")
    login(colleague)
    client.post(f"{url}/{owner.id}", data={"action": "remove"})
    db.session.expire_all()
    assert [m.user.email for m in organisation.memberships] == ["collega@academie.be"]
    assert client.post(f"{url}/99999", data={"action": "remove"}).status_code == 404


def test_owner_edits_the_organisation_and_the_audit_keeps_the_diff(client, db, organiser_pair,
                                                                  login):
    from stem_events.audit.models import AuditEntry

    owner, organisation = organiser_pair
    login(owner)
    url = f"/manage/organisations/{organisation.id}/edit"
    form = client.get(url).text
    assert 'value="STEM-academie Gent"' in form and 'value="Gent"' in form
    data = {"name": "STEM-academie Gent vzw", "municipality": "Atlantis", "website": "",
            "description": "Wekelijkse STEM-ateliers.", "contact_name": "An",
            "contact_email": "an@academie.be", "contact_phone": ""}
    bad = client.post(url, data=data)
    assert bad.status_code == 400 and 'value="STEM-academie Gent vzw"' in bad.text
    data["municipality"] = "9000"
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == "STEM-academie Gent vzw"
    entry = db.session.scalars(sa.select(AuditEntry)
                               .where(AuditEntry.action == "organisation_edited")).one()
    assert entry.changes["name"] == ["STEM-academie Gent", "STEM-academie Gent vzw"]


def test_email_change_mail_waits_in_the_outbox_when_not_sent_at_once(client, app, db,
                                                                    make_user, login,
                                                                    monkeypatch):
    """With immediate delivery off the confirmation mail is kept for `flask send-mails`:
    the request itself saves it, no later hook has to."""
    from stem_events.mail.models import OutboxMessage, OutboxStatus

    monkeypatch.setitem(app.config, "MAIL_DELIVER_IMMEDIATELY", False)
    login(make_user(email="oud@school.be"))
    response = client.post("/account", data={"em-new_email": "nieuw@school.be",
                                             "em-current": "correct horse 42"})
    assert response.status_code == 302
    waiting = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == "nieuw@school.be")).all()
    assert [m.status for m in waiting] == [OutboxStatus.PENDING]
    assert _mails(app) == []
    result = app.test_cli_runner().invoke(args=["send-mails"])
    assert "1 mail(s) verstuurd" in result.output
    assert "To: nieuw@school.be" in _mails(app)[-1]
