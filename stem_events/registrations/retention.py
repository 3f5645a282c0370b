"""Retention: personal data is anonymised a while after the event; the counts stay.

`flask purge-personal-data` anonymises one event's registrations per unit of work, so an event
that fails never keeps the others from being purged."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app

from stem_events.audiences.services import sensitive_event_ids
from stem_events.date_time import now_utc
from stem_events.events.models import EventSession
from stem_events.extensions import db
from stem_events.mail.models import OutboxMessage
from stem_events.reach.services import unlink
from stem_events.registrations.models import Registration
from stem_events.transaction import per_item

ERASED = {
    "contact_name": "", "contact_email": "", "contact_phone": "", "owner_key": "",
    "child_first_name": "",
    "child_last_name": "", "birth_date": None, "parent_name": "", "parent_email": "",
    "answers": {}, "remarks": "", "anonymised": True,
}


def _ended_before(moment: datetime):
    last_end = (sa.select(EventSession.event_id)
                .group_by(EventSession.event_id)
                .having(sa.func.max(EventSession.ends_at) < moment))
    return Registration.event_id.in_(last_end)


def _anonymise(condition) -> int:
    """Anonymise the registrations that meet `condition`, one event per unit of work."""
    rows = db.session.execute(
        sa.select(Registration.event_id, Registration.id)
        .where(condition, Registration.anonymised.is_(False))
        .order_by(Registration.event_id, Registration.id)).all()
    per_event: dict[int, list[int]] = {}
    for event_id, registration_id in rows:
        per_event.setdefault(event_id, []).append(registration_id)
    return sum(per_item(per_event.values(), anonymise_ids))


def anonymise_ids(ids: list[int]) -> int:
    """Erase the personal data of these registrations and their mails (in the caller's
    transaction); statuses stay."""
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        db.session.execute(sa.delete(OutboxMessage).where(
            OutboxMessage.registration_id.in_(chunk)))
        unlink(chunk)  # the reach answers stay as counts; nothing ties them to anyone now
        for registration_id in chunk:
            db.session.execute(
                sa.update(Registration).where(Registration.id == registration_id)
                .values(identity_key=f"anonymised:{registration_id}", **ERASED)
            )
    return len(ids)


def purge_personal_data(months: int | None = None, child_months: int | None = None,
                        sensitive_months: int | None = None) -> int:
    """Anonymise registrations `months` after their event, children's after `child_months`,
    and those of events for a sensitive audience (beperking, kansarmoede, nieuwkomers: the
    list itself reveals the category) after `sensitive_months`."""
    config = current_app.config
    months = months if months is not None else config.get("PURGE_AFTER_MONTHS", 12)
    child_months = (child_months if child_months is not None
                    else config.get("PURGE_CHILDREN_AFTER_MONTHS", 6))
    sensitive_months = (sensitive_months if sensitive_months is not None
                        else config.get("PURGE_SENSITIVE_AFTER_MONTHS", 3))
    now = now_utc()
    minors = sa.or_(Registration.is_child, Registration.parent_email != "")
    count = _anonymise(sa.and_(Registration.event_id.in_(sensitive_event_ids()),
                               _ended_before(now - relativedelta(months=sensitive_months))))
    count += _anonymise(sa.and_(minors, _ended_before(now - relativedelta(months=child_months))))
    count += _anonymise(_ended_before(now - relativedelta(months=months)))
    per_item([days_for_remarks()], erase_group_remarks)  # its own unit of work
    return count


def days_for_remarks() -> int:
    return current_app.config.get("PURGE_GROUP_REMARKS_AFTER_DAYS", 7)


def erase_group_remarks(days: int | None = None) -> int:
    """A class's remarks (free text a teacher may fill with more than we want) are kept only
    `PURGE_GROUP_REMARKS_AFTER_DAYS` (default 7) after the event's last session."""
    days = days if days is not None else days_for_remarks()
    result = db.session.execute(
        sa.update(Registration).where(
            Registration.is_group, Registration.remarks != "",
            _ended_before(now_utc() - timedelta(days=days)))
        .values(remarks="").execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount or 0
