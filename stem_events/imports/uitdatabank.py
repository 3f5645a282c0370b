"""Import of STEM activities from UiTdatabank (Search API) into the moderated import pipeline of
the iCal sources (`sync.plan` / `sync.apply`): new → in review (published at once for trusted
organisations), changed → updated with SEQUENCE bumps, removed or cancelled there → cancelled
here, never deleted.

What is asked for is a coordinator's setting (event types, themes, regions). The Search API is
read page by page within its limits (`limit` ≤ 2000, `start` ≤ 10000), one month of the feed
window at a time, and deduplicated by `@id`. Events we exported ourselves (our hidden label
`stem-events:<id>`, or an `@id` we created) are never imported back.

Each UiTdatabank organizer belongs to one of our organisations: matched by KBO number, or by
name and postcode, else a coordinator assigns it; until then its events wait. Per organisation
the events run through an import source of its own (url `uitdatabank:<organisation id>`,
paused for the iCal runner, which never fetches it), so links, fingerprints, SEQUENCE and the
audit log work exactly as for iCal. A likely duplicate of an event typed here or imported from
another source (same organisation, same start, a similar title) waits for review.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher

import click
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from stem_events.accounts.models import Organisation
from stem_events.date_time import feed_window, now_utc, to_utc
from stem_events.events.models import Event, EventSession, EventStatus
from stem_events.extensions import db
from stem_events.markdown import to_text
from stem_events.reference.models import EventKind, Postcode
from stem_events.transaction import unit_of_work
from stem_events.uitdatabank import mapping as export_mapping
from stem_events.uitdatabank.cli import connection_off_for_cron, uitdatabank_cli
from stem_events.uitdatabank.client import Client, Settings, UitdatabankError
from stem_events.uitdatabank.models import UitdatabankEvent

from . import sync
from .cli import summary_line
from .models import ImportItem, ImportRun, ImportSource, RunOutcome
from .parse import Feed, FeedEvent, Occurrence, Problem
from .uitdatabank_models import UitdatabankImportSettings, UitdatabankOrganizer

log = logging.getLogger(__name__)

SOURCE_PREFIX = "uitdatabank:"
PAGE = 200  # Search API: limit ≤ 2000
MAX_START = 10000  # Search API: start ≤ 10000
SLICE = timedelta(days=31)
DEFAULT_EVENTTYPES = ["0.3.1.0.0", "0.3.1.0.1", "0.3.2.0.0", "0.7.0.0.0", "0.6.0.0.0",
                      "0.12.0.0.0", "0.0.0.0.0", "0.57.0.0.0"]
# Their event type → our kind, for a new imported event (the organiser may change it after).
KINDS = {"0.3.1.0.0": EventKind.ACADEMY_ACTIVITY, "0.3.1.0.1": EventKind.WORKSHOP,
         "0.3.2.0.0": EventKind.LECTURE, "0.7.0.0.0": EventKind.COMPANY_VISIT,
         "0.6.0.0.0": EventKind.ROADSHOW}
# Their theme → our theme's slug (the pipeline also matches a theme named like ours).
THEMES = {"1.25.0.0.0": "wetenschap", "1.21.0.0.0": "techniek", "1.64.0.0.0": "milieu-en-natuur"}
DUPLICATE_SIMILARITY = 0.8
# Our region codes (Statbel NIS) whose region id there differs from `nis-<code>`: the Search
# API's location filter documents `regions:nis-01000` for the Brussels Capital Region, which
# our reference data keeps as Statbel's 04000. Provinces and municipalities (the 19 of
# Brussels included) are `nis-<their NIS code>`.
REGION_IDS = {"04000": "nis-01000"}


def import_settings() -> UitdatabankImportSettings:
    found = db.session.get(UitdatabankImportSettings, 1)
    if found is None:
        found = UitdatabankImportSettings(id=1, eventtypes=list(DEFAULT_EVENTTYPES),
                                          themes=list(export_mapping.STEM_THEMES),
                                          regions=[], last_error="")
        db.session.add(found)
        db.session.flush()
    return found


def region_id(code: str) -> str:
    """UiTdatabank's region id for one of our province or municipality NIS codes."""
    return REGION_IDS.get(code, f"nis-{code}")


def query(settings: UitdatabankImportSettings) -> str:
    """The advanced query: (one of the types) AND (one of the themes) AND (one of the
    regions); regions are NIS codes of provinces or municipalities."""
    groups = []
    for ids, name in ((settings.eventtypes, "terms.id"), (settings.themes, "terms.id"),
                      ([region_id(r) for r in settings.regions], "regions")):
        if ids:
            groups.append("(" + " OR ".join(f"{name}:{i}" for i in ids) + ")")
    return " AND ".join(groups)


# --- reading the Search API -------------------------------------------------------------------

def fetch(api: Client, settings: UitdatabankImportSettings,
          window: tuple[datetime, datetime]) -> list[dict]:
    """Every matching event in the window, one month at a time, deduplicated by `@id`."""
    q = query(settings)
    found: dict[str, dict] = {}
    begin, end = window
    while begin < end:
        until = min(begin + SLICE, end)
        start = 0
        while start <= MAX_START:
            page = api.get("search", "/events/", {
                "q": q, "embed": "true", "start": start, "limit": PAGE,
                "dateFrom": begin.isoformat(timespec="seconds"),
                "dateTo": until.isoformat(timespec="seconds")})
            members = page.get("member") or [] if isinstance(page, dict) else []
            for member in members:
                if isinstance(member, dict) and member.get("@id"):
                    found.setdefault(member["@id"], member)
            start += PAGE
            if not members or start >= int(page.get("totalItems") or 0):
                break
        begin = until
    return list(found.values())


def _ours(document: dict, exported: set[str]) -> bool:
    labels = list(document.get("hiddenLabels") or []) + list(document.get("labels") or [])
    return document["@id"] in exported or any(
        str(label).startswith(export_mapping.LABEL_PREFIX) for label in labels)


def _nl(value) -> str:
    if isinstance(value, dict):
        return str(value.get("nl") or next(iter(value.values()), "") or "")
    return str(value or "")


def _moment(value: str) -> datetime:
    return to_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))


def feed_event(document: dict) -> FeedEvent:
    """One UiTdatabank event as the pipeline reads a feed's event."""
    title = " ".join(_nl(document.get("name")).split())[:200]
    event = FeedEvent(uid=document["@id"], title=title)
    event.description = to_text(_nl(document.get("description")))[:10_000]
    event.url = str((document.get("bookingInfo") or {}).get("url") or "")
    if document.get("attendanceMode") == "online":
        event.location = str(document.get("onlineUrl") or "")
    else:
        place = document.get("location") or {}
        address = (place.get("address") or {})
        address = address.get("nl") or next(iter(address.values()), {}) if address else {}
        parts = [_nl(place.get("name")), address.get("streetAddress", ""),
                 f"{address.get('postalCode', '')} {address.get('addressLocality', '')}"]
        event.location = ", ".join(p.strip() for p in parts if p.strip())
    terms = document.get("terms") or []
    event.categories = [THEMES.get(t.get("id"), "") or str(t.get("label", "")) for t in terms
                        if t.get("domain") == "theme" or t.get("id") in THEMES]
    everything_off = (document.get("status") or {}).get("type") == "Unavailable"
    subs = document.get("subEvent") or []
    for sub in subs:
        start, end = _moment(sub["startDate"]), _moment(sub["endDate"])
        cancelled = everything_off or (sub.get("status") or {}).get("type") == "Unavailable"
        event.occurrences.append(Occurrence(
            key="" if len(subs) == 1 else start.isoformat(), start=start,
            end=end if end > start else start + timedelta(hours=1), cancelled=cancelled))
    return event


def _eventtype(document: dict) -> str:
    return next((str(t.get("id")) for t in document.get("terms") or []
                 if t.get("domain") == "eventtype" or t.get("id") in KINDS), "")


# --- whose event is it ------------------------------------------------------------------------

def _normal(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def _kbo(organizer: dict) -> str:
    """A KBO/BCE number the organizer carries (any property named like it), digits only."""
    for key, value in organizer.items():
        if "kbo" in key.lower() or "bce" in key.lower():
            digits = re.sub(r"\D", "", str(value))
            if len(digits) in (9, 10):
                return digits.zfill(10)
    return ""


def _postcode(organizer: dict) -> str:
    address = organizer.get("address") or {}
    address = address.get("nl") or next(iter(address.values()), {}) if address else {}
    return str(address.get("postalCode") or "")


@dataclass
class Matcher:
    """Our organisations by KBO number and by (name, postcode)."""

    by_kbo: dict[str, int] = field(default_factory=dict)
    by_name: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Matcher:
        matcher = cls()
        rows = db.session.execute(
            sa.select(Organisation.id, Organisation.name, Organisation.kbo_number,
                      Postcode.code)
            .outerjoin(Postcode, Postcode.municipality_nis == Organisation.municipality_nis)
            .where(Organisation.approved.is_(True)))
        for org_id, name, kbo, postcode in rows:
            if kbo:
                matcher.by_kbo[re.sub(r"\D", "", kbo).zfill(10)] = org_id
            if postcode:
                matcher.by_name[(_normal(name), postcode)] = org_id
        return matcher

    def match(self, organizer: dict) -> int | None:
        kbo = _kbo(organizer)
        if kbo and kbo in self.by_kbo:
            return self.by_kbo[kbo]
        return self.by_name.get((_normal(_nl(organizer.get("name"))), _postcode(organizer)))


def _organisation_for(document: dict, matcher: Matcher, seen: dict) -> int | None:
    organizer = document.get("organizer") or {}
    organizer_id = str(organizer.get("@id") or "")
    if not organizer_id:
        return None
    row = seen.get(organizer_id) or db.session.get(UitdatabankOrganizer, organizer_id)
    if row is None:
        row = UitdatabankOrganizer(organizer_id=organizer_id, waiting=0)
        db.session.add(row)
    if organizer_id not in seen:
        row.name = _nl(organizer.get("name"))[:300]
        row.postcode = _postcode(organizer)[:10]
        row.seen_at, row.waiting = now_utc(), 0
        if row.organisation_id is None:
            row.organisation_id = matcher.match(organizer)
        seen[organizer_id] = row
    if row.organisation_id is None:
        row.waiting += 1
    return row.organisation_id


# --- running ----------------------------------------------------------------------------------

def source_for(organisation_id: int) -> ImportSource:
    url = f"{SOURCE_PREFIX}{organisation_id}"
    source = db.session.scalar(sa.select(ImportSource).where(ImportSource.url == url))
    if source is None:
        source = ImportSource(organisation_id=organisation_id, name="UiTdatabank", url=url,
                              paused=True, interval_minutes=1440, trusted=False,
                              defaults={"registration": "external", "kind": "other"},
                              etag="", last_modified="", failures=0, last_error="",
                              held_reason="", cancellations_confirmed=False)
        db.session.add(source)
        db.session.flush()
    return source


@dataclass
class Report:
    runs: list[tuple[int, ImportRun]] = field(default_factory=list)
    waiting: int = 0  # events of organizers nobody assigned yet
    skipped_ours: int = 0


def run_import(api: Client) -> Report:
    """`flask uitdatabank import`: read everything first (a failed read changes nothing), then
    one unit of work per organisation."""
    report = Report()
    with unit_of_work():
        settings = import_settings()
        window = feed_window()
        documents = fetch(api, settings, window)  # an error here changes nothing
        exported = set(db.session.scalars(sa.select(UitdatabankEvent.uitdatabank_id).where(
            UitdatabankEvent.uitdatabank_id != "")))
        matcher, seen = Matcher.load(), {}
        by_organisation: dict[int, list[dict]] = {}
        for document in documents:
            if _ours(document, exported):
                report.skipped_ours += 1
                continue
            organisation_id = _organisation_for(document, matcher, seen)
            if organisation_id is None:
                report.waiting += 1
                continue
            by_organisation.setdefault(organisation_id, []).append(document)
        # Organisations imported before but with nothing in this answer: their events are gone.
        for source in db.session.scalars(sa.select(ImportSource).where(
                ImportSource.url.like(f"{SOURCE_PREFIX}%"))):
            by_organisation.setdefault(source.organisation_id, [])
        settings.last_run_at, settings.last_error = now_utc(), ""
    for organisation_id, docs in sorted(by_organisation.items()):
        with unit_of_work():
            report.runs.append((organisation_id, _import_for(organisation_id, docs)))
    return report


def _import_for(organisation_id: int, documents: list[dict]) -> ImportRun:
    source = source_for(organisation_id)
    run = ImportRun(source_id=source.id, started_at=now_utc())
    feed = Feed()
    types = {}
    for document in documents:
        if not document.get("subEvent"):
            feed.skipped.append(Problem(document["@id"], _nl(document.get("name")), _(
                "Periodieke of permanente activiteiten worden niet geïmporteerd.")))
            continue
        feed.events.append(feed_event(document))
        types[document["@id"]] = _eventtype(document)
    the_plan = sync.plan(source, feed, source.defaults or {})
    run.problems = [{"uid": p.uid, "title": p.title, "message": p.message}
                    for p in the_plan.skipped + the_plan.warnings]
    if the_plan.too_many_cancellations and not source.cancellations_confirmed:
        run.outcome = RunOutcome.HELD
        run.error = source.held_reason = _(
            "Deze import zou %(n)s van de %(total)s komende sessies annuleren; een "
            "coördinator bevestigt eerst.", n=the_plan.cancellations, total=the_plan.upcoming)
    else:
        outcome = sync.apply(source, the_plan, source.defaults or {})
        for name in ("created", "updated", "cancelled", "unchanged", "skipped"):
            setattr(run, name, getattr(outcome, name))
        created = [s.feed_event.uid for s in the_plan.steps if s.action == "create"]
        run.problems += _after_create(source, created, types)
        source.held_reason, source.cancellations_confirmed = "", False
    run.finished_at = source.last_run_at = now_utc()
    db.session.add(run)
    db.session.flush()
    return run


def _after_create(source: ImportSource, uids: list[str], types: dict) -> list[dict]:
    """New events get the kind of their type there; a likely duplicate waits for review."""
    problems = []
    events = db.session.scalars(sa.select(Event).join(ImportItem, ImportItem.event_id == Event.id)
                                .where(ImportItem.source_id == source.id,
                                       ImportItem.uid.in_(uids)))
    for event in events:
        event.kind = KINDS.get(types.get(_uid_of(source, event)), EventKind.OTHER)
        twin = likely_duplicate(event)
        if twin is not None:
            if event.status == EventStatus.PUBLISHED:
                event.status = EventStatus.IN_REVIEW
            problems.append({"uid": _uid_of(source, event), "title": event.title,
                             "message": _("Lijkt een dubbel van activiteit %(id)s ('%(title)s'); "
                                          "wacht op een beoordeling.",
                                          id=twin.id, title=twin.title)})
    return problems


def _uid_of(source: ImportSource, event: Event) -> str:
    return db.session.scalar(sa.select(ImportItem.uid).where(
        ImportItem.source_id == source.id, ImportItem.event_id == event.id)) or ""


def likely_duplicate(event: Event) -> Event | None:
    """Another event of the same organisation with a session at the same start and a similar
    title (typed here, or imported from another source)."""
    starts = [s.starts_at for s in event.sessions]
    if not starts:
        return None
    candidates = db.session.scalars(sa.select(Event).where(Event.id.in_(
        sa.select(EventSession.event_id).join(Event, EventSession.event_id == Event.id)
        .where(Event.organisation_id == event.organisation_id, Event.id != event.id,
               EventSession.starts_at.in_(starts)))))
    for other in candidates:
        if SequenceMatcher(None, _normal(event.title), _normal(other.title)).ratio() \
                >= DUPLICATE_SIMILARITY:
            return other
    return None


# --- `flask uitdatabank import` ---------------------------------------------------------------

@uitdatabank_cli.command("import")
def import_command() -> None:
    """Importeer STEM-activiteiten uit UiTdatabank (types, thema's en regio's: instelling van
    de coördinatoren)."""
    if connection_off_for_cron():
        return
    settings = Settings.from_config(current_app.config)
    try:
        with Client(settings) as api:
            report = run_import(api)
    except UitdatabankError as error:
        raise click.ClickException(error.message) from None
    for organisation_id, run in report.runs:
        click.echo(f"organisation {organisation_id} " + summary_line(run.source_id, run))
    click.echo(f"waiting={report.waiting} ours={report.skipped_ours}")
