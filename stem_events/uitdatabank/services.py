"""Choices about the export (an organisation's, an event's) and what the pages show of it.
Services flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.audit import services as audit
from stem_events.errors import InvalidInput, NotFound
from stem_events.events.models import PUBLIC_STATUSES, Event
from stem_events.extensions import db

from . import export, mapping, queue
from .forms import ExportForm
from .models import (
    ExportChoice,
    JobStatus,
    UitdatabankEvent,
    UitdatabankJob,
    UitdatabankOrganisation,
)


@dataclass
class Panel:
    """The UiTdatabank part of an event's manage page."""

    enabled: bool
    refusal: str | None
    wanted: bool
    choice: str
    organisation_exports: bool
    needs_type: bool
    eventtype: str
    uitdatabank_id: str
    synced_at: object
    pending: bool
    failed: bool
    last_error: str

    @property
    def eventtypes(self) -> dict[str, str]:
        return mapping.EVENTTYPES


def panel(event: Event) -> Panel:
    state = db.session.get(UitdatabankEvent, event.id)
    org = db.session.get(UitdatabankOrganisation, event.organisation_id)
    job = db.session.scalar(sa.select(UitdatabankJob).where(UitdatabankJob.event_id == event.id)
                            .order_by(UitdatabankJob.id.desc()).limit(1))
    return Panel(
        enabled=queue.enabled(), refusal=export.refusal(event),
        wanted=export.wanted(event, state),
        choice=(state.choice.value if state else ""),
        organisation_exports=bool(org and org.export_all),
        needs_type=str(event.kind) == "other",
        eventtype=state.eventtype if state else "",
        uitdatabank_id=state.uitdatabank_id if state else "",
        synced_at=state.synced_at if state else None,
        pending=job is not None and job.status == JobStatus.PENDING,
        failed=job is not None and job.status == JobStatus.FAILED,
        last_error=(state.last_error if state else "") or (job.last_error if job else ""))


def set_choice(user, event: Event, choice: str, eventtype: str = "") -> None:
    """An organiser's choice for one event: "on" (export it), "off" (keep it here) or ""
    (as the organisation chose); for kind "other" also its UiTdatabank type."""
    policies.require(policies.can_edit(user, event))
    if choice not in {c.value for c in ExportChoice}:
        raise InvalidInput(_("Onbekende keuze."))
    reason = export.refusal(event)
    if reason and choice == ExportChoice.ON:
        raise InvalidInput(reason)
    if eventtype and eventtype not in mapping.EVENTTYPES:
        raise InvalidInput(_("Kies een type uit de lijst."))
    state = db.session.get(UitdatabankEvent, event.id)
    if state is None:
        state = UitdatabankEvent(event_id=event.id, eventtype="", uitdatabank_id="",
                                 last_error="", deleted_there=False)
        db.session.add(state)
    state.organisation_id = event.organisation_id
    state.choice = ExportChoice(choice)
    if str(event.kind) == "other":
        state.eventtype = eventtype
    db.session.flush()
    requeue([event.id])


def requeue(event_ids) -> int:
    """Queue these events where they are (or were) exported."""
    connection = db.session.connection()
    return queue.queue_jobs(queue.tracked(event_ids, connection), connection)


def role_model_withdrawn(role_model_id: int, event_ids=()) -> int:
    """A role model withdrew (rolemodels.signals.withdrawn): the exported events they took
    part in are sent again, so nothing about them stays there."""
    return requeue(list(event_ids)) if event_ids else 0


def export_organisation(organisation_id: int) -> int:
    """`flask uitdatabank export --organisation ID`: the organisation exports from now on;
    its published events are queued. Returns how many were queued."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Organisatie %(id)s bestaat niet.", id=organisation_id))
    row = db.session.get(UitdatabankOrganisation, organisation_id)
    if row is None:
        row = UitdatabankOrganisation(organisation_id=organisation_id, organizer_id="")
        db.session.add(row)
    row.export_all = True
    db.session.flush()
    ids = db.session.scalars(sa.select(Event.id).where(
        Event.organisation_id == organisation_id, Event.status.in_(PUBLIC_STATUSES)))
    return requeue(list(ids))


def organisation_exports(organisation_id: int) -> bool:
    row = db.session.get(UitdatabankOrganisation, organisation_id)
    return bool(row and row.export_all)


def set_organisation_export(user, organisation_id: int, on: bool) -> int:
    """An organisation admin's opt-in on /manage (as `flask uitdatabank export --organisation
    ID`, which queues its published events) or opt-out (its new events stay here; events
    already sent there keep being updated, never left stale). Returns how many were queued."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Organisatie %(id)s bestaat niet.", id=organisation_id))
    policies.require(policies.can_invite(user, organisation))
    if not queue.enabled():
        raise InvalidInput(_("De koppeling met UiTdatabank staat op dit platform niet aan."))
    if on:
        queued = export_organisation(organisation_id)
    else:
        row = db.session.get(UitdatabankOrganisation, organisation_id)
        if row is not None:
            row.export_all = False
            db.session.flush()
        queued = 0
    audit.record(user, "uitdatabank_export_on" if on else "uitdatabank_export_off",
                 organisation=organisation)
    return queued


@dataclass
class Status:
    pending: int
    failed: int
    done: int
    exported: int
    problems: list[tuple[UitdatabankJob, Event | None]]


def status(limit: int = 50) -> Status:
    counts = dict(db.session.execute(sa.select(UitdatabankJob.status, sa.func.count())
                                     .group_by(UitdatabankJob.status)).all())
    exported = db.session.scalar(sa.select(sa.func.count()).where(
        UitdatabankEvent.uitdatabank_id != "")) or 0
    jobs = list(db.session.scalars(
        sa.select(UitdatabankJob).where(
            sa.or_(UitdatabankJob.status == JobStatus.FAILED,
                   sa.and_(UitdatabankJob.status == JobStatus.PENDING,
                           UitdatabankJob.attempts > 0)))
        .order_by(UitdatabankJob.id.desc()).limit(limit)))
    events = {e.id: e for e in db.session.scalars(
        sa.select(Event).where(Event.id.in_([j.event_id for j in jobs])))}
    return Status(pending=counts.get(JobStatus.PENDING, 0), failed=counts.get(JobStatus.FAILED, 0),
                  done=counts.get(JobStatus.DONE, 0), exported=exported,
                  problems=[(j, events.get(j.event_id)) for j in jobs])


def pending_jobs(limit: int = 50) -> list[tuple[UitdatabankJob, Event | None]]:
    jobs = list(db.session.scalars(sa.select(UitdatabankJob).where(
        UitdatabankJob.status == JobStatus.PENDING).order_by(UitdatabankJob.id).limit(limit)))
    events = {e.id: e for e in db.session.scalars(
        sa.select(Event).where(Event.id.in_([j.event_id for j in jobs])))}
    return [(j, events.get(j.event_id)) for j in jobs]


def manage_page(event) -> dict:
    """The UiTdatabank part of an event's manage page and its form (gathered by the view)."""
    found = panel(event)
    return {"uitdatabank_panel": (found, ExportForm(choice=found.choice,
                                                      eventtype=found.eventtype))}
