"""What is stored per event for a page (its agenda card per language, its API item), kept in
this process beside the stores (`card_fragments`, `api_event_fragments`) by the stamp it was
rendered at.

A page the agenda's index found reads the stamps of its events (`card_stamps`, raised by
database triggers on every change a card or an item shows, whoever writes) with its seats, in
its one statement, and takes what is kept here under those very stamps; the others come from
the store (and are kept) or are rendered (and kept): a stamp read now that differs from the
one kept means the part changed, on whatever host, so nothing stale is served. The stores
stay the truth shared by processes and hosts; this only spares a page from reading ~15 kB of
parts it read before.

An event id's stamp only grows within one data-version epoch (`data_version.py`): its
`card_stamps` row outlives the event (no foreign key), so an id SQLite gives again continues
from the old stamp. Another epoch (the tables emptied and filled again, as between tests)
drops everything kept (`use_epoch`, called when the agenda's index of another epoch is put in
use).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

#: Parts kept per store (a language's cards, the API's items): a store that grows beyond it
#: starts again (~1 kB each: a few tens of MB per process at most).
MAX_KEPT = 25_000
#: Stores kept at once: the API items' render key holds the absolute URL root
#: (`api.fragments.render_key`), which follows the request's host name where external URLs
#: do not come from BASE_URL (`EXTERNAL_URLS_FROM_BASE_URL` off: development), so each host
#: name a request arrives with has a store of its own there; beyond this bound the store used
#: least recently is dropped, so made-up Host headers cannot make a process keep more and more.
MAX_STORES = 8

Key = tuple  # which store: ("card", language, render key), ("item", render key)
_KEPT: dict[Key, dict[int, tuple[int, object]]] = {}
_EPOCH: dict[str, str] = {}
#: Held while the stores are changed or looked up (a worker may run threads: GUNICORN_THREADS):
#: so a store of another epoch is never put back, and two threads never drop the same one.
_LOCK = threading.Lock()


def keep(key: Key, event_id: int, stamp: int, part: object) -> None:
    """Keep the part of an event rendered at `stamp` (the store's row's stamp)."""
    with _LOCK:
        kept = _KEPT.get(key)
        if kept is None:
            while len(_KEPT) >= MAX_STORES:
                del _KEPT[next(iter(_KEPT))]  # the least recently used (moved last when used)
            kept = _KEPT[key] = {}
        elif len(kept) >= MAX_KEPT and event_id not in kept:
            kept.clear()
        kept[event_id] = (stamp, part)


def valid(key: Key, stamps: Iterable[tuple[int, int]]) -> dict[int, object]:
    """The parts kept of these (event id, stamp read now) that were rendered at that stamp."""
    with _LOCK:
        kept = _KEPT.pop(key, None)
        if not kept:
            return {}
        _KEPT[key] = kept  # used now: the last one a new store would drop
    found = {}
    for event_id, stamp in stamps:
        entry = kept.get(event_id)
        if entry is not None and entry[0] == stamp:
            found[event_id] = entry[1]
    return found


def use_epoch(epoch: str) -> None:
    """The data-version epoch of what pages read now: another one drops everything kept."""
    with _LOCK:
        if _EPOCH.get("epoch") != epoch:
            _KEPT.clear()
            _EPOCH["epoch"] = epoch


def forget() -> None:
    """Drop everything kept (tests)."""
    with _LOCK:
        _KEPT.clear()
        _EPOCH.clear()
