"""The registration form's page as a visitor first sees it, rendered once and reused.

Under a launch rush every visitor fetches the same empty form; rendering it (about twenty
fields through the form macros) was most of that request. The page is kept per app (process) under
everything it shows: the event, the language, the database's data version (bumped by triggers
on every change of events and sessions, whoever writes), the registration state (seats left),
the event's own questions and class settings (all their columns, as they are not watched by the
data version), the place and the session shown. Each visitor gets their own CSRF token, put
into the stored page in place of a marker that no content can contain.

Only an anonymous visitor without a message waiting and without query parameters, on an event
in series mode that is open or has a waiting list, gets the stored page; everyone else, and
every form with errors, a freshly rendered one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, request, session
from flask_wtf.csrf import generate_csrf

from stem_events.data_version import Version
from stem_events.data_version import data_version as _read_version
from stem_events.events.models import Event, EventSession, RegistrationMode
from stem_events.i18n import current_language
from stem_events.page_cache import LocalBackend
from stem_events.registrations.models import EventGroupSettings, RegistrationQuestion

ENTRIES = 128  # a page is about 20 kB; a few events open at once, each a few seat counts
MARKER = f"csrf-{secrets.token_hex(16)}"  # stands for the visitor's token in a stored page
STORE = "registration_form_pages"  # the app's stored pages (one app per process in production)


def _pages() -> LocalBackend:
    return current_app.extensions.setdefault(STORE, LocalBackend(ENTRIES))


def _columns(row) -> tuple:
    """Every column of a row, so that a new column can never be left out of the key."""
    return tuple(repr(getattr(row, attr.key)) for attr in sa.inspect(type(row)).column_attrs)


def _eligible(event: Event, state) -> bool:
    if not current_app.config.get("REGISTRATION_FORM_CACHE", True):
        return False
    if request.method != "GET" or request.query_string or request.cookies.get("remember_token"):
        return False
    if "_user_id" in session or session.get("_flashes"):
        return False  # the header shows the account; a flash message is for this visitor
    return state.kind in ("open", "waitlist") and \
        event.registration_mode != RegistrationMode.SESSIONS


def _key(version: Version | None, event: Event, state, questions: list[RegistrationQuestion],
         groups: EventGroupSettings | None, shown: EventSession | None,
         address: str) -> str | None:
    if version is None:
        return None
    return repr((event.id, current_language(), version.token, state.kind, state.seats_left,
                 state.message, shown.id if shown else None, address,
                 [_columns(q) for q in questions], _columns(groups) if groups else None))


def page(version: Version | None, event: Event, state, questions: list[RegistrationQuestion],
         groups: EventGroupSettings | None, shown: EventSession | None, address: str,
         render: Callable[[], str]) -> str:
    """The form's page: stored when it may be (see the module), else `render()`. `version`
    is the data version read before the event was (`data_version`)."""
    key = _key(version, event, state, questions, groups, shown, address) \
        if _eligible(event, state) else None
    if key is None:
        return render()
    stored = _pages().get(key)
    if stored is not None:
        return stored.replace(MARKER, generate_csrf())
    body = render()
    _pages().set(key, body.replace(generate_csrf(), MARKER))
    return body


def data_version() -> Version | None:
    """The data version to keep a page under, read before the event (None: no page kept)."""
    if not current_app.config.get("REGISTRATION_FORM_CACHE", True):
        return None
    return _read_version()


def forget_all(app) -> None:
    """Tests: start without stored pages."""
    app.extensions.pop(STORE, None)
