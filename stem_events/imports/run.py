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
from stem_events.mail.notify import notify
from stem_events.transaction import unit_of_work

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
    """Take the source for this runner (a conditional UPDATE, committed at once: of two
    runners, one wins)."""
    now = now_utc()
    with unit_of_work():
        result = db.session.execute(
            sa.update(ImportSource)
            .where(ImportSource.id == source_id,
                   sa.or_(ImportSource.claimed_at.is_(None),
                          ImportSource.claimed_at < now - CLAIM_EXPIRES))
            .values(claimed_at=now).execution_options(synchronize_session=False))
    return result.rowcount == 1


def run_source(source_id: int) -> ImportRun | None:
    """Run one source now (due or not); None when another runner holds it. The changes, the
    run's record and the source's schedule commit together; on an error only the error is
    recorded (nothing of the feed is applied)."""
    if not claim(source_id):
        return None
    try:
        with unit_of_work():
            return _attempt(source_id)
    except DomainError as error:
        message = error.message
    except Exception:  # a bug must not stop the other sources nor leave the claim behind
        log.exception("import of source %s failed", source_id)
        message = _("Onverwachte fout bij het verwerken; de beheerders zijn verwittigd.")
    with unit_of_work():
        return _failed(source_id, message)


def _attempt(source_id: int) -> ImportRun:
    source = db.session.get(ImportSource, source_id, populate_existing=True)
    run = ImportRun(source_id=source.id, started_at=now_utc())
    fetched = fetch.fetch(source.url, source.etag, source.last_modified,
                          **fetch.settings(current_app.config))
    if fetched.not_modified:
        run.outcome = RunOutcome.NOT_MODIFIED
        return _finish(source, run)
    feed = parse.parse_feed(fetched.body, feed_window())
    the_plan = sync.plan(source, feed, source.defaults or {})
    run.problems = problems_json(the_plan)
    if the_plan.too_many_cancellations and not source.cancellations_confirmed:
        source.held_reason = run.error = _(
            "Deze ophaalbeurt zou %(n)s van de %(total)s komende sessies annuleren. We wachten "
            "op je bevestiging voor we iets annuleren.",
            n=the_plan.cancellations, total=the_plan.upcoming)
        run.outcome = RunOutcome.HELD
        return _finish(source, run)
    outcome = sync.apply(source, the_plan, source.defaults or {})
    for name in ("created", "updated", "cancelled", "unchanged", "skipped"):
        setattr(run, name, getattr(outcome, name))
    run.outcome = RunOutcome.OK
    source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    source.failures, source.last_error, source.held_reason = 0, "", ""
    source.cancellations_confirmed = False
    return _finish(source, run)


def problems_json(the_plan: sync.Plan) -> list[dict]:
    return [{"uid": p.uid, "title": p.title, "message": p.message}
            for p in the_plan.skipped + the_plan.warnings]


def _failed(source_id: int, message: str) -> ImportRun:
    source = db.session.get(ImportSource, source_id, populate_existing=True)
    run = ImportRun(source_id=source.id, started_at=now_utc(), outcome=RunOutcome.FAILED,
                    error=message)
    source.failures += 1
    source.last_error = message
    if source.failures == FAILURES_BEFORE_MAIL:
        _mail_failures(source, message)
    return _finish(source, run)


def _next_run(source: ImportSource):
    wait = timedelta(minutes=source.interval_minutes) * (2 ** min(source.failures, 6))
    return now_utc() + min(wait, max(MAX_BACKOFF, timedelta(minutes=source.interval_minutes)))


def _finish(source: ImportSource, run: ImportRun) -> ImportRun:
    """Record the run, plan the next one and release the claim (in the caller's unit)."""
    run.finished_at = source.last_run_at = now_utc()
    source.next_run_at = _next_run(source)
    source.claimed_at = None
    db.session.add(run)
    db.session.flush()
    return run


def _mail_failures(source: ImportSource, message: str) -> None:
    subject = _("Import '%(name)s' mislukt", name=source.name)
    text = _("Het ophalen van je agenda '%(name)s' (%(url)s) mislukte %(n)s keer na elkaar. "
             "Laatste reden: %(reason)s\n\nJe activiteiten blijven staan zoals ze waren; er "
             "wordt niets geannuleerd. Controleer het adres op je importpagina.",
             name=source.name, url=source.url, n=source.failures, reason=message)
    for membership in source.organisation.memberships:
        notify(membership.user.email, subject, text)
