"""`flask users create` (CONTRACT.md): the password is asked, never on the command line."""

import sqlalchemy as sa

from stem_events.accounts.models import Membership, Role, User
from stem_events.accounts.services import authenticate


def test_create_an_organiser_with_the_password_from_stdin(app, db, make_organisation):
    academy = make_organisation()
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "An@School.be", "--role", "organiser",
              "--organisation", str(academy.id)],
        input="een lang wachtwoord\neen lang wachtwoord\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "an@school.be"))
    assert user.role == Role.ORGANISER
    assert db.session.scalar(sa.select(Membership.organisation_id)
                             .where(Membership.user_id == user.id)) == academy.id
    assert authenticate("AN@school.be", "een lang wachtwoord") is not None
    assert "een lang wachtwoord" not in user.password_hash


def test_create_a_coordinator(app, db):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "regie@vlaio.example", "--role", "admin"],
        input="coordinatie-2026\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.role)) == Role.ADMIN


def test_email_is_unique_regardless_of_case(app, make_user):
    make_user(email="jan@school.be")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "JAN@School.be"], input="nog een wachtwoord\n")
    assert result.exit_code == 1
    assert "bestaat al een account" in result.output


def test_short_or_mismatched_passwords_are_refused(app, db):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "--email", "a@b.be"], input="kort\n")
    assert short.exit_code == 1 and "minstens 10 tekens" in short.output
    mismatch = runner.invoke(args=["users", "create", "--email", "a@b.be"],
                             input="eerste wachtwoord\ntweede wachtwoord\n")
    assert mismatch.exit_code == 1 and "verschillen" in mismatch.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_unknown_organisation_is_explained(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "a@b.be", "--organisation", "999"],
        input="een lang wachtwoord\n")
    assert result.exit_code == 1 and "Organisatie 999 bestaat niet" in result.output
