"""Password rules: at least 10 characters, not one of the most common passwords.

The list below holds about 100 of the most used passwords and Dutch/Flemish favourites that
pass the length rule (most shorter ones are refused by the length rule already). It is a
deliberately small, explicit list, not a breach corpus.
"""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from stem_events.errors import FieldError

MIN_LENGTH = 10
MAX_LENGTH = 200

COMMON_PASSWORDS = frozenset("""
1234567890 0123456789 12345678910 1234567891 0987654321 1111111111 0000000000 1212121212
123123123123 1234512345 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5 qwertyuiop qwertyuiop123
qwerty1234 qwerty12345 qwerty123456 azertyuiop azerty1234 azerty12345 azerty123456
asdfghjkl1 asdfghjkl123 zxcvbnm123 password12 password123 password1234 passw0rd123
password! password01 passwordpassword wachtwoord wachtwoord1 wachtwoord12 wachtwoord123
wachtwoord1234 wachtwoord! welkom1234 welkom12345 welkom123456 welcome123 welcome1234
iloveyou12 iloveyou123 ikhouvanjou sunshine12 sunshine123 football12 football123
voetbal123 voetbal1234 princess12 princess123 baseball123 dragon1234 monkey1234
letmein123 letmein1234 trustno1234 superman123 batman1234 starwars12 starwars123
computer12 computer123 administrator admin12345 admin123456 adminadmin rootroot12
changeme123 secret1234 geheim1234 hallo12345 hallo123456 abcdefghij abcdefg123
abc1234567 abcd123456 a1b2c3d4e5 aaaaaaaaaa zzzzzzzzzz 9876543210 5555555555 7777777777
987654321a 123456789a 123456789q a123456789 q123456789 11223344556 1122334455 1234qwer1234
qwertzuiop michael123 jennifer12 jordan2323 liverpool1 chelsea123 charlie123 shadow1234
belgie1234 belgium123 vlaanderen antwerpen1 brussel123 gent123456 azerty123 stem123456
""".split())


def password_problem(password: str, email: str = "") -> str | None:
    """The Dutch reason a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        return _("Dit wachtwoord wordt te vaak gebruikt; kies een ander, bv. een korte zin.")
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return _("Je wachtwoord mag je e-mailadres niet bevatten.")
    return None


def validate_password(password: str, email: str = "", field: str = "password") -> None:
    problem = password_problem(password, email)
    if problem:
        raise FieldError(field, problem)


def hash_password(password: str) -> str:
    """werkzeug's scrypt (`PASSWORD_HASH_METHOD`); only the `testing` config picks a cheap one,
    so that the test suite signs in quickly. Stored hashes name their method: a hash made
    under one setting is still checked correctly under another."""
    return generate_password_hash(password, method=_method())


def check_unknown_account(password: str) -> None:
    """Spend the time of one password check when the e-mail address is unknown, so that a
    wrong address costs as much as a wrong password (no timing oracle for "has an account")."""
    check_password_hash(_dummy_hash(_method()), password)


def _method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)
