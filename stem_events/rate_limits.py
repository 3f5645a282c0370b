"""Every rate limit of the platform in one table: what is counted, under which key, how often.

Keys are built from the real client address: behind `TRUSTED_PROXIES` reverse proxies that is
the address the proxies forwarded (ProxyFix in `create_app`), so each parent and organiser has
their own budget instead of all sharing the proxy's. The README shows this table.

Per-account login limits would let a stranger lock an owner out by trying wrong passwords;
so the limit per account (from any address) does not apply to a browser that signed in to that
account before or reset its password (a signed `known_device` cookie, `accounts/devices.py`).
"""

from __future__ import annotations

from flask import request
from flask_limiter.util import get_remote_address

# (name, numbers) — the decorators in the views refer to these names.
LOGIN_PER_CLIENT = "10 per minute;50 per hour"
LOGIN_PER_ACCOUNT_AND_CLIENT = "10 per minute;30 per hour"
LOGIN_PER_ACCOUNT = "30 per hour"  # from any address, except a known device
RESET_PER_CLIENT = "5 per minute;20 per hour"
REGISTER_PER_CLIENT = "30 per minute;300 per hour"
REGISTER_PER_EMAIL_AND_CLIENT = "10 per minute;60 per hour"

TABLE = (
    ("aanmelden (POST /login)", "adres van de bezoeker", LOGIN_PER_CLIENT),
    ("aanmelden", "(account, adres)", LOGIN_PER_ACCOUNT_AND_CLIENT),
    ("aanmelden", "account, behalve een toestel dat al eens aanmeldde", LOGIN_PER_ACCOUNT),
    ("wachtwoord vergeten/herstellen, organisatie aanvragen", "adres", RESET_PER_CLIENT),
    ("inschrijven (POST /events/<id>/register)", "adres", REGISTER_PER_CLIENT),
    ("inschrijven", "(e-mailadres, adres)", REGISTER_PER_EMAIL_AND_CLIENT),
)


def client_key() -> str:
    """The real client's address (the proxies' X-Forwarded-For, `TRUSTED_PROXIES` deep)."""
    return get_remote_address()


def _form_email(field: str) -> str:
    return request.form.get(field, "").strip().lower()[:254]


def login_account_key() -> str:
    return "login:" + _form_email("email")


def login_account_and_client_key() -> str:
    return f"login:{_form_email('email')}|{client_key()}"


def registration_email_and_client_key() -> str:
    return f"register:{_form_email('contact_email')}|{client_key()}"
