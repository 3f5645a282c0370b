"""Signed, expiring links for password resets and e-mail changes.

Each token carries the user's `token_nonce`; using the link (or any password change) gives the
user a new nonce, so a link works once and older links stop working. Sessions have their own
`session_nonce` (logging out changes it without voiding a link in the mail).
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

RESET_MAX_AGE = 3600  # one hour
EMAIL_MAX_AGE = 24 * 3600


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"stem-events.{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict | None:
    """The payload, or None when the token is forged, garbled or expired."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return payload if isinstance(payload, dict) else None
