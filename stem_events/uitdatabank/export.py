"""Sending the queue: each job brings one event in step with UiTdatabank, in a unit of work of
its own (`flask uitdatabank sync`, from cron).

A job reads the event as it is now and does what that calls for: create (after looking for a
twin carrying our hidden label `stem-events:<id>`, so a create whose answer was lost never
makes a second event there), update (a PUT replaces the whole event: changes, cancellations,
postponements, per-session status), or delete (an event withdrawn here before it took place).
Places and our organisation are looked up there first and created only when missing; their
`@id` is remembered. The event's image is uploaded once (`POST /images`, with the description
and copyright holder UiTdatabank requires), listed in the event's `mediaObject` and made its
main image; a changed image replaces it there, a removed one is taken off. Which of our image
files went up as which mediaObject is remembered on the event's row (`image_file`,
`image_id` of `uitdatabank_events`, migration 0030).

A failure never changes our event: the job waits (backoff, retried) or, when only a change here
can help (a 400 with the API's validation errors, a missing type), fails with the API's message
in Dutch on the event's page. The next change queues it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.events.management import registered_count
from stem_events.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventStatus,
    RegistrationMode,
)
from stem_events.extensions import db
from stem_events.hooks import answer
from stem_events.links import absolute
from stem_events.media.storage import EVENTS, media_key
from stem_events.media.stores import store
from stem_events.reference.models import Municipality
from stem_events.transaction import unit_of_work

from . import mapping, signals
from .client import Client, NotFoundThere, Settings, UitdatabankError
from .models import (
    ExportChoice,
    JobStatus,
    UitdatabankEvent,
    UitdatabankJob,
    UitdatabankOrganisation,
    UitdatabankPlace,
)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_EXPIRES = timedelta(minutes=15)  # a sender that died releases its job after this
MAX_BACKOFF = timedelta(hours=12)


class NotConfigured(UitdatabankError):
    """De koppeling met UiTdatabank staat uit (UITDATABANK_* ontbreekt)."""


def client() -> Client:
    settings = Settings.from_config(current_app.config)
    if settings is None:
        raise NotConfigured(_("De koppeling met UiTdatabank staat uit."), retry=True)
    return Client(settings)


# --- whether an event may go there ---------------------------------------------------------

def is_imported(event_id: int) -> bool:
    return bool(answer(signals.imported, event_id))


def refusal(event: Event) -> str | None:
    """Why this event is never offered for export (Dutch), or None."""
    reason = mapping.not_exported_reason(event.kind)
    if reason:
        return reason
    if event.id is not None and is_imported(event.id):
        return _("Deze activiteit komt uit een import (iCal of UiTdatabank) en wordt niet "
                 "opnieuw uitgevoerd.")
    return None


def wanted(event: Event, state: UitdatabankEvent | None) -> bool:
    """Chosen for export: one by one, or through its organisation (unless excluded)."""
    choice = state.choice if state is not None else ExportChoice.FOLLOW
    if choice == ExportChoice.OFF:
        return False
    if choice == ExportChoice.ON:
        return True
    org = db.session.get(UitdatabankOrganisation, event.organisation_id)
    return org is not None and org.export_all


# --- running the queue ---------------------------------------------------------------------

@dataclass
class Result:
    job_id: int
    event_id: int
    outcome: str  # created | updated | deleted | skipped | retry | failed
    message: str = ""


def due_jobs(limit: int = 500) -> list[int]:
    now = now_utc()
    jobs = UitdatabankJob
    return list(db.session.scalars(
        sa.select(jobs.id).where(
            jobs.status == JobStatus.PENDING, jobs.next_attempt_at <= now,
            sa.or_(jobs.claimed_at.is_(None), jobs.claimed_at < now - CLAIM_EXPIRES))
        .order_by(jobs.id).limit(limit)))


def claim(job_id: int) -> bool:
    """Take the job (one conditional UPDATE, committed at once: of two senders, one wins)."""
    now = now_utc()
    with unit_of_work():
        result = db.session.execute(
            sa.update(UitdatabankJob)
            .where(UitdatabankJob.id == job_id, UitdatabankJob.status == JobStatus.PENDING,
                   sa.or_(UitdatabankJob.claimed_at.is_(None),
                          UitdatabankJob.claimed_at < now - CLAIM_EXPIRES))
            .values(claimed_at=now).execution_options(synchronize_session=False))
    return result.rowcount == 1


def run_job(job_id: int, api: Client) -> Result | None:
    """Carry out one job; None when another sender has it. Jobs of one event run in order:
    a later job of an event waits while an earlier one is still pending."""
    if not claim(job_id):
        return None
    with unit_of_work():
        job = db.session.get(UitdatabankJob, job_id, populate_existing=True)
        earlier = db.session.scalar(sa.select(sa.func.count()).where(
            UitdatabankJob.event_id == job.event_id, UitdatabankJob.id < job.id,
            UitdatabankJob.status == JobStatus.PENDING))
        if earlier:
            job.claimed_at = None
            return Result(job.id, job.event_id, "retry", _("wacht op een eerdere opdracht"))
        state = _state(job.event_id)
        try:
            # Nothing is written before the calls end (one flush at the commit): on SQLite a
            # flush would hold the database's write lock while UiTdatabank answers slowly.
            with db.session.no_autoflush:
                outcome = sync_event(api, job.event_id, state)
        except UitdatabankError as error:
            return _failed(job, state, error)
        job.status, job.finished_at, job.claimed_at = JobStatus.DONE, now_utc(), None
        job.attempts += 1
        job.last_error = state.last_error = ""
        return Result(job.id, job.event_id, outcome)


def _state(event_id: int) -> UitdatabankEvent:
    state = db.session.get(UitdatabankEvent, event_id, populate_existing=True)
    if state is None:
        state = UitdatabankEvent(event_id=event_id, choice=ExportChoice.FOLLOW, eventtype="",
                                 uitdatabank_id="", last_error="", deleted_there=False)
        db.session.add(state)
    return state


def _failed(job: UitdatabankJob, state: UitdatabankEvent, error: UitdatabankError) -> Result:
    job.attempts += 1
    job.claimed_at = None
    job.last_error = state.last_error = error.message[:2000]
    if error.retry and job.attempts < MAX_ATTEMPTS:
        wait = min(timedelta(minutes=2 ** job.attempts), MAX_BACKOFF)
        job.next_attempt_at = now_utc() + wait
        log.warning("uitdatabank job %s (event %s) will be retried: attempt %s", job.id,
                    job.event_id, job.attempts)
        return Result(job.id, job.event_id, "retry", error.message)
    job.status, job.finished_at = JobStatus.FAILED, now_utc()
    log.warning("uitdatabank job %s (event %s) failed", job.id, job.event_id)
    return Result(job.id, job.event_id, "failed", error.message)


# --- one event -----------------------------------------------------------------------------

def sync_event(api: Client, event_id: int, state: UitdatabankEvent) -> str:
    event = db.session.get(Event, event_id)
    if event is not None:
        state.organisation_id = event.organisation_id
    if event is not None and event.status == EventStatus.IN_REVIEW and state.uitdatabank_id:
        return "skipped"  # an edit awaiting approval: UiTdatabank keeps the approved version
    if event is None or event.status not in PUBLIC_STATUSES or refusal(event) \
            or not wanted(event, state):
        return _withdraw(api, state)
    term = mapping.eventtype(event, state.eventtype)
    if term is None:
        raise UitdatabankError(_("Kies op deze pagina een UiTdatabank-type voor deze "
                                 "activiteit (soort 'andere activiteit')."), retry=False)
    body = mapping.event_body(
        event, eventtype_id=term,
        location_id=None if event.attendance_mode == "online" else find_place(api, event),
        organizer_id=find_organizer(api, event.organisation),
        booking_url=_booking_url(event), full_sessions=_full_sessions(event))
    image = prepare_image(api, event, state)
    if image.current:
        body["mediaObject"] = [mapping.media_object(
            api.url("entry", f"/images/{image.current}"), event)]
    if not state.uitdatabank_id:
        state.uitdatabank_id = find_by_label(api, event.id)
    outcome = "updated"
    if state.uitdatabank_id:
        if image.old and image.old != image.current:
            _image_call(api.delete, "entry", f"{state.uitdatabank_id}/images/{image.old}",
                        gone_is_fine=True)
        try:
            api.put("entry", state.uitdatabank_id, body)
        except NotFoundThere:
            raise UitdatabankError(_("Deze activiteit bestaat niet meer in UiTdatabank (daar "
                                     "verwijderd); ze wordt niet opnieuw aangemaakt."),
                                   retry=False, http_status=404) from None
    else:
        created = api.post("entry", "/events", body)
        state.uitdatabank_id = str(created.get("url") or "")
        if not state.uitdatabank_id:
            raise UitdatabankError(_("UiTdatabank gaf geen adres voor de nieuwe activiteit."),
                                   retry=True)
        outcome = "created"
    if image.uploaded:
        _image_call(api.put, "entry", f"{state.uitdatabank_id}/images/main",
                    {"mediaObjectId": image.current})
    state.image_file, state.image_id = (event.image_path or "", image.current) \
        if image.current else ("", "")
    state.deleted_there = False
    state.last_end, state.synced_at = event.last_end, now_utc()
    return outcome


def _withdraw(api: Client, state: UitdatabankEvent) -> str:
    """Not (any more) for UiTdatabank: delete it there, unless it already took place (their
    calendars hide past events by themselves; publiq asks not to delete them)."""
    if not state.uitdatabank_id:
        return "skipped"
    if state.last_end is not None and state.last_end <= now_utc():
        return "skipped"
    try:
        api.delete("entry", state.uitdatabank_id)
    except NotFoundThere:
        pass  # gone already
    state.image_file, state.image_id = "", ""
    state.uitdatabank_id, state.deleted_there, state.synced_at = "", True, now_utc()
    return "deleted"


# --- the event's image ----------------------------------------------------------------------

@dataclass
class ImageStep:
    current: str  # the mediaObject id the event shows there, "" for none
    uploaded: bool  # uploaded now: to be made the main image once the event is sent
    old: str  # the one sent before ("" if none): taken off the event when it changed


def prepare_image(api: Client, event: Event, state: UitdatabankEvent) -> ImageStep:
    """Our image as a mediaObject there: the remembered one while the file is the same,
    else a fresh upload."""
    sent_file, sent_id = state.image_file or "", state.image_id or ""
    if not event.image_path:
        return ImageStep("", False, sent_id)
    if sent_id and sent_file == event.image_path:
        return ImageStep(sent_id, False, "")
    new_id = upload_image(api, event)
    return ImageStep(new_id, bool(new_id), sent_id)


def upload_image(api: Client, event: Event) -> str:
    """`POST /images` (multipart: the file, its description, copyright holder, language);
    the new mediaObject's id, or "" when our own file cannot be read (the event goes without)."""
    key = media_key(EVENTS, event.image_path)
    stored = store().get(key) if key else None
    if stored is None:
        log.warning("uitdatabank: the image of event %s is missing from the store", event.id)
        return ""
    extension = stored.content_type.rsplit("/", 1)[-1]
    answer_ = _image_call(api.upload, "/images",
                          {**mapping.image_rights(event), "language": mapping.IMAGE_LANGUAGE},
                          (f"{event.id}.{extension}", stored.data, stored.content_type))
    new_id = str(answer_.get("id") or answer_.get("imageId") or "")
    if not new_id:
        raise UitdatabankError(_("UiTdatabank gaf geen id voor de afbeelding."), retry=True)
    return new_id


def _image_call(call, *args, gone_is_fine: bool = False):
    """An image request; a failure says in Dutch that it was about the image."""
    try:
        return call(*args)
    except UitdatabankError as error:
        if gone_is_fine and isinstance(error, NotFoundThere):
            return None  # taking off an image that is no longer there
        raise _about_image(error) from None


def _about_image(error: UitdatabankError) -> UitdatabankError:
    return UitdatabankError(_("De afbeelding kon niet naar UiTdatabank: %(details)s",
                              details=error.message), retry=error.retry,
                            http_status=error.http_status)


def _booking_url(event: Event) -> str:
    if event.registration_mode != RegistrationMode.NONE:
        return absolute(f"/events/{event.id}/register")  # CONTRACT.md paths, also from cron
    return event.booking_url or absolute(f"/events/{event.id}-{event.slug}")


def _full_sessions(event: Event) -> set[int]:
    if event.registration_mode == RegistrationMode.SESSIONS:
        return {s.id for s in event.sessions if s.capacity is not None
                and registered_count(event, s) >= s.capacity}
    if event.registration_mode == RegistrationMode.SERIES and event.capacity is not None \
            and registered_count(event) >= event.capacity:
        return {s.id for s in event.sessions}
    return set()


def _quoted(text: str) -> str:
    return text.replace('"', " ").replace("\\", " ").strip()


def find_by_label(api: Client, event_id: int) -> str:
    """The `@id` of the event there that carries our hidden label, or ""."""
    found = api.get("search", "/events/",
                    {"q": f'labels:"{mapping.label(event_id)}"', "limit": 1})
    members = found.get("member") or [] if isinstance(found, dict) else []
    return str(members[0].get("@id", "")) if members else ""


def find_place(api: Client, event: Event) -> str:
    """The place there: remembered, else found by name and postcode, else created."""
    municipality = db.session.get(Municipality, event.municipality_nis) \
        if event.municipality_nis else None
    postcode = event.postcode or (municipality.postcodes[0].code
                                  if municipality and municipality.postcodes else "")
    if not postcode or not (event.venue_name or municipality):
        raise UitdatabankError(_("UiTdatabank vraagt een locatie met postcode; vul de plaats "
                                 "van de activiteit aan."), retry=False)
    key = mapping.place_key(event) if event.postcode else f"{event.venue_name.lower()}|{postcode}"
    remembered = db.session.scalar(sa.select(UitdatabankPlace).where(UitdatabankPlace.key == key))
    if remembered is not None and _still_there(api, remembered.place_id):
        return remembered.place_id
    name = _quoted(event.venue_name or municipality.name)
    found = api.get("search", "/places/",
                    {"q": f'name.\\*:"{name}" AND address.\\*.postalCode:{postcode}', "limit": 1})
    members = found.get("member") or [] if isinstance(found, dict) else []
    if members:
        place_id = str(members[0]["@id"])
    else:
        body = mapping.place_body(event, municipality.name if municipality else "")
        body["address"]["nl"]["postalCode"] = postcode
        place_id = str(api.post("entry", "/places", body)["url"])
    if remembered is None:
        db.session.add(UitdatabankPlace(key=key, place_id=place_id))
    else:  # it was deleted there: remember the one found or created now
        remembered.place_id = place_id
    return place_id


def _still_there(api: Client, place_id: str) -> bool:
    try:
        place = api.get("entry", place_id)
    except NotFoundThere:
        return False
    return place.get("workflowStatus") != "DELETED"


def _website(organisation: Organisation) -> str:
    return organisation.website or absolute(f"/organisations/{organisation.id}")


def find_organizer(api: Client, organisation: Organisation) -> str:
    """Our organisation there: remembered, else found by website or exact name, else created."""
    row = db.session.get(UitdatabankOrganisation, organisation.id)
    if row is None:
        row = UitdatabankOrganisation(organisation_id=organisation.id, export_all=False,
                                      organizer_id="")
        db.session.add(row)
    if row.organizer_id:
        return row.organizer_id
    website = _website(organisation)
    found = api.get("search", "/organizers/", {"website": website, "limit": 1})
    members = found.get("member") or [] if isinstance(found, dict) else []
    if not members:
        found = api.get("search", "/organizers/",
                        {"q": f'name.\\*:"{_quoted(organisation.name)}"', "limit": 1})
        members = found.get("member") or [] if isinstance(found, dict) else []
    if members:
        row.organizer_id = str(members[0]["@id"])
    else:
        answer_ = api.post("entry", "/organizers",
                           mapping.organizer_body(organisation.name, website))
        row.organizer_id = str(answer_["url"])
    return row.organizer_id


def send_queue(limit: int = 500) -> list[Result]:
    """`flask uitdatabank sync`: every due job, each in its own unit of work."""
    results: list[Result] = []
    with client() as api:
        for job_id in due_jobs(limit):
            try:
                result = run_job(job_id, api)
            except Exception:  # a bug in one job must not stop the others nor keep its claim
                log.exception("uitdatabank job %s broke", job_id)
                db.session.rollback()
                continue
            if result is not None:
                results.append(result)
    return results
