"""A coordinator's decision on a review page (events, initiatives): approve, or reject with
a reason that is mailed to the organisation."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request
from flask_babel import gettext as _

from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db


def decide(form, approve: Callable[[], None], reject: Callable[[str], None]) -> int | None:
    """Carry out the POSTed decision (`decision=approve`, else a rejection that needs the
    form's reason); the request's unit of work commits it and runs what it queued (the
    registrants hear of an approved change). None when it was done; else the HTTP status of
    the problem (400 without a reason, 409 for an item that no longer waits for review),
    shown on the page, nothing saved."""
    try:
        if request.form.get("decision") == "approve":
            approve()
        elif form.validate_on_submit():
            reject(form.reason.data)
        else:
            raise FieldError("reason", _("Geef een reden."))
    except DomainError as error:
        db.session.rollback()
        if getattr(error, "field", None) == "reason":
            form.reason.errors = [error.message]
        else:
            flash(error.message, "error")
        return error.status
    return None
