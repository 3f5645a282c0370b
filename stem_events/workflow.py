"""Rules shared by every row that organisers edit and coordinators review (events,
initiatives): optimistic concurrency on a `version` column, and status checks."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from stem_events.errors import DomainError
from stem_events.extensions import db


class StaleForm(DomainError):
    """The form was based on an older version of the row."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _(
            "Iemand anders wijzigde deze activiteit terwijl jij het formulier invulde. Je "
            "wijzigingen zijn niet bewaard; herlaad de pagina, bekijk de nieuwe versie en "
            "pas ze opnieuw toe."))

    status = 409
    code = "stale_form"


class WrongStatus(DomainError):
    status = 409
    code = "wrong_status"


def claim_version(row, seen: int | None, message: str | None = None) -> None:
    """Optimistic concurrency for any row with a `version` (events, initiatives): one
    conditional UPDATE; a form that saw an older version loses (StaleForm), whatever the
    database."""
    if seen is None:
        row.version = (row.version or 0) + 1
        return
    model = type(row)
    try:
        result = db.session.execute(
            sa.update(model).where(model.id == row.id, model.version == seen)
            .values(version=model.version + 1).execution_options(synchronize_session=False)
        )
    except OperationalError as error:  # SQLite: another writer changed it under our snapshot
        if "locked" not in str(error.orig).lower() and "busy" not in str(error.orig).lower():
            raise
        db.session.rollback()
        raise StaleForm(message) from None
    if result.rowcount != 1:
        raise StaleForm(message)
    db.session.refresh(row, ["version"])


def require_status(row, *allowed, message: str) -> None:
    """A WrongStatus (409) unless the event or initiative is in one of `allowed`."""
    if row.status not in allowed:
        raise WrongStatus(message)
