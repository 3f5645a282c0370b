"""Known devices: a signed cookie saying "this browser signed in to this account before".

A browser that signed in successfully, or finished a password reset (proof of the mailbox),
gets the cookie; the per-account login limit (which strangers could exhaust to lock the owner
out) does not apply to it. The cookie holds a keyed digest of the e-mail address, not the
address itself, and expires after a year.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "known_device"
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def remember(response: Response, email: str) -> Response:
    """Mark this browser as a known device of the account with `email`."""
    known = set(_known())
    known.add(_digest(email))
    response.set_cookie(COOKIE, _serializer().dumps(sorted(known)[-5:]), max_age=MAX_AGE,
                        httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def _known() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        value = _serializer().loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def is_known(email: str) -> bool:
    """Did this browser sign in to (or reset) the account with `email` before?"""
    return bool(email) and _digest(email) in _known()
