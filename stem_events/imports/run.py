"""Running a source: claim it (one runner per source), fetch, read, plan, apply, record the run,
commit, then tell registrants. Each source is its own unit of work: one failing source rolls
back only its own changes and the others still run.

A failed, empty or truncated fetch never cancels anything (the error is raised before any
plan exists); a plan that would cancel more than half of the upcoming sessions is held until
the organiser confirms it. Three failures in a row mail the organisation.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from stem_events.date_time import feed_window, now_utc
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.manage.notify import notify

from . import fetch, parse, sync
from .models import ImportRun, ImportSource, RunOutcome

log = logging.getLogger(__name__)
CLAIM_EXPIRES = timedelta(minutes=30)  # a runner that died releases its sources after this
MAX_BACKOFF = timedelta(hours=24)
FAILURES_BEFORE_MAIL = 3


def due_sources() -> list[int]:
    now = now_utc()
    return list(db.session.scalars(
        sa.select(ImportSource.id).where(
            ImportSource.paused.is_(False),
            sa.or_(ImportSource.next_run_at.is_(None), ImportSource.next_run_at <= now))
        .order_by(ImportSource.next_run_at.nulls_first(), ImportSource.id)))


def claim(source_id: int) -> bool:
    """Take the source for this runner (a conditional UPDATE: of two runners, one wins)."""
    now = now_utc()
    result = db.session.execute(
        sa.update(ImportSource)
        .where(ImportSource.id == source_id,
               sa.or_(ImportSource.claimed_at.is_(None),
                      ImportSource.claimed_at < now - CLAIM_EXPIRES))
        .values(claimed_at=now).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def run_source(source_id: int) -> ImportRun | None:
    """Run one source now (due or not). None when another runner holds it."""
    if not claim(source_id):
        return None
    source = db.session.get(ImportSource, source_id, populate_existing=True)
    run = ImportRun(source_id=source.id, started_at=now_utc())
    notices: list[tuple[int, int | None]] = []
    try:
        notices = _attempt(source, run)
    except DomainError as error:
        _failed(source, run, error.message)
    except Exception:  # a bug must not stop the other sources nor leave the claim behind
        log.exception("import of source %s failed", source_id)
        _failed(source, run, _("Onverwachte fout bij het verwerken; de beheerders zijn "
                               "verwittigd."))
    _finish(source, run)
    _tell_registrants(notices)
    return run


def _attempt(source: ImportSource, run: ImportRun) -> list[tuple[int, int | None]]:
    fetched = fetch.fetch(source.url, source.etag, source.last_modified,
                          allowed_hosts=current_app.config.get("IMPORT_ALLOWED_HOSTS", ()))
    if fetched.not_modified:
        run.outcome = RunOutcome.NOT_MODIFIED
        return []
    feed = parse.parse_feed(fetched.body, feed_window())
    the_plan = sync.plan(source, feed, source.defaults or {})
    if the_plan.too_many_cancellations and not source.cancellations_confirmed:
        return _hold(source, run, the_plan)
    outcome = sync.apply(source, the_plan, source.defaults or {})
    for name in ("created", "updated", "cancelled", "unchanged", "skipped"):
        setattr(run, name, getattr(outcome, name))
    run.problems = problems_json(the_plan)
    run.outcome = RunOutcome.OK
    source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    source.failures, source.last_error, source.held_reason = 0, "", ""
    source.cancellations_confirmed = False
    return outcome.notices


def problems_json(the_plan: sync.Plan) -> list[dict]:
    return [{"uid": p.uid, "title": p.title, "message": p.message}
            for p in the_plan.skipped + the_plan.warnings]


def _hold(source: ImportSource, run: ImportRun, the_plan: sync.Plan) -> list:
    db.session.rollback()
    source = db.session.get(ImportSource, source.id)
    message = _("Deze ophaalbeurt zou %(n)s van de %(total)s komende sessies annuleren. We "
                "wachten op je bevestiging voor we iets annuleren.",
                n=the_plan.cancellations, total=the_plan.upcoming)
    source.held_reason = message
    run.outcome, run.error = RunOutcome.HELD, message
    run.problems = problems_json(the_plan)
    return []


def _failed(source: ImportSource, run: ImportRun, message: str) -> None:
    db.session.rollback()
    source = db.session.get(ImportSource, run.source_id)
    source.failures += 1
    source.last_error = message
    run.outcome, run.error = RunOutcome.FAILED, message
    run.created = run.updated = run.cancelled = run.unchanged = run.skipped = 0
    if source.failures == FAILURES_BEFORE_MAIL:
        _mail_failures(source, message)


def _next_run(source: ImportSource):
    wait = timedelta(minutes=source.interval_minutes) * (2 ** min(source.failures, 6))
    return now_utc() + min(wait, max(MAX_BACKOFF, timedelta(minutes=source.interval_minutes)))


def _finish(source: ImportSource, run: ImportRun) -> None:
    source = db.session.get(ImportSource, run.source_id)
    now = now_utc()
    run.finished_at = source.last_run_at = now
    source.next_run_at = _next_run(source)
    source.claimed_at = None
    db.session.add(run)
    db.session.commit()


def _mail_failures(source: ImportSource, message: str) -> None:
    subject = _("Import '%(name)s' mislukt", name=source.name)
    text = _("Het ophalen van je agenda '%(name)s' (%(url)s) mislukte %(n)s keer na elkaar. "
             "Laatste reden: %(reason)s\n\nJe activiteiten blijven staan zoals ze waren; er "
             "wordt niets geannuleerd. Controleer het adres op je importpagina.",
             name=source.name, url=source.url, n=source.failures, reason=message)
    for membership in source.organisation.memberships:
        notify(membership.user.email, subject, text)


def _tell_registrants(notices: list[tuple[int, int | None]]) -> None:
    from stem_events.registrations import organiser

    whole = {event_id for event_id, session_id in notices if session_id is None}
    for event_id, session_id in dict.fromkeys(notices):
        if session_id is None or event_id not in whole:
            organiser.notify_change(event_id, session_id)
