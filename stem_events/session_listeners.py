"""Every SQLAlchemy session listener of the platform, in one table, installed once by
`create_app` (`install()`; idempotent). The functions live with the rule they keep; nothing
registers itself at import time, so a reader finds here all that runs behind a flush or a
commit. They run in the order of the table.

before_flush (a flush writes rows already consistent):
    events.models.keep_spans_current        an event's first_start/last_end follow its sessions
                                            (triggers of migration 0038 keep the rows too)
    events.models.carry_kind_audiences      a nascholing or teacher club carries leerkrachten
    events.search.update_search_documents   the full-text document of an edited event (also
                                            when its organisation is renamed)
    initiatives.search.update_initiative_text  the search text of an edited initiative
    registrations.change_notes.note_originals  what a registrant's change mail compares with
                                            (the values before the change)
    feeds.tracking.bump_sequences           SEQUENCE and updated_at of what a calendar sees
    registrations.calendar.bump_on_status_change  a registration's own calendar counter
    editions.programme.umbrella_status_changed  the programme items follow their umbrella event
    transaction.refuse_writes               a view marked reads_only (autocommit) writes nothing
after_flush (the rows are written, the transaction still open):
    uitdatabank.queue.queue_changes         an export job for an exported event that changed,
                                            in the change's own transaction (the outbox's way)
after_commit / after_transaction_end (the unit of work and the files it stored):
    transaction.committed / ended           queued follow-ups run after a commit, dropped after
                                            a rollback
    media.storage.files_after_commit / files_after_transaction_end  a stored file is kept with
                                            its commit, deleted with its rollback
    registrations.change_notes.forget_originals  the noted values end with the transaction

(The SQLite pragmas are a connection listener of the engine, in `database.py`.)
"""

from __future__ import annotations

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from stem_events import transaction
from stem_events.editions import programme
from stem_events.events import models as events
from stem_events.events import search as event_search
from stem_events.feeds import tracking
from stem_events.initiatives import search as initiative_search
from stem_events.media import storage
from stem_events.registrations import calendar, change_notes
from stem_events.uitdatabank import queue as uitdatabank_queue

LISTENERS = (
    ("before_flush", events.keep_spans_current),
    ("before_flush", events.carry_kind_audiences),
    ("before_flush", event_search.update_search_documents),
    ("before_flush", initiative_search.update_initiative_text),
    ("before_flush", change_notes.note_originals),
    ("before_flush", tracking.bump_sequences),
    ("before_flush", calendar.bump_on_status_change),
    ("before_flush", programme.umbrella_status_changed),
    ("before_flush", transaction.refuse_writes),
    ("after_flush", uitdatabank_queue.queue_changes),
    ("after_commit", transaction.committed),
    ("after_commit", storage.files_after_commit),
    ("after_transaction_end", transaction.ended),
    ("after_transaction_end", storage.files_after_transaction_end),
    ("after_transaction_end", change_notes.forget_originals),
)


def install() -> None:
    """Listen on every session (class-level), once per process whatever the number of apps."""
    for name, listener in LISTENERS:
        if not sa_event.contains(Session, name, listener):
            sa_event.listen(Session, name, listener)
