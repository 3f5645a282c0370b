"""A coordinator's decision on a review page (events, initiatives): approve, or reject with
a reason that is mailed to the organisation."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request
from flask_babel import gettext as _

from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db


def decide(form, approve: Callable[[], None], reject: Callable[[str], None]) -> bool:
    """Carry out the POSTed decision (`decision=approve`, else a rejection that needs the
    form's reason) and commit; False, with the problem shown, when nothing was saved."""
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
        return False
    db.session.commit()
    return True
