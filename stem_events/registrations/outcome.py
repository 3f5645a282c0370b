"""What the page after registering may say, without telling a stranger who is registered.

A NEW registration redirects with a signed, short-lived token naming the seats that form
took, bound to the browser's session by a random nonce: only that browser, within 30 minutes,
sees "bevestigd" or "wachtlijst, plaats N" per person. A repeated registration (or an expired,
forwarded or tampered token) gets the neutral page of DOMAIN.md; its details go by mail.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import current_app, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from stem_events.extensions import db
from stem_events.registrations.models import Registration

SALT = "registration-outcome"
MAX_AGE = 30 * 60
NONCE_KEY = "registration_nonce"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token(event_id: int, registration_ids: list[int]) -> str:
    """The outcome of one form (the ids of the registrations it made), for this browser
    only."""
    nonce = session.get(NONCE_KEY) or secrets.token_urlsafe(16)
    session[NONCE_KEY] = nonce
    return _serializer().dumps({"e": event_id, "r": list(registration_ids), "n": nonce})


def read(event_id: int, signed: str | None) -> list[Registration]:
    """The registrations a valid token names; [] for anything else (the neutral page)."""
    if not signed:
        return []
    try:
        data = _serializer().loads(signed, max_age=MAX_AGE)
    except BadSignature:  # SignatureExpired is one too
        return []
    nonce = session.get(NONCE_KEY)
    if not isinstance(data, dict) or data.get("e") != event_id or not nonce \
            or data.get("n") != nonce or not isinstance(data.get("r"), list):
        return []
    ids = [i for i in data["r"] if isinstance(i, int)]
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.id.in_(ids), Registration.event_id == event_id,
        Registration.anonymised.is_(False)).order_by(Registration.id)))
