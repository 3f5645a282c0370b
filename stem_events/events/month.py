"""The agenda as a month grid (`/agenda?view=month&month=2026-03`, CONTRACT.md): the same
selection as the list, one cell per Brussels day, Monday first."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from stem_events.date_time import (
    MONTHS_EN,
    MONTHS_NL,
    WEEKDAYS_EN,
    WEEKDAYS_NL,
    is_supported_day,
    local_day_bounds,
    to_local,
    today_local,
)
from stem_events.events.filters import AgendaFilter, InvalidFilter, event_conditions, session_window
from stem_events.events.models import Event, EventSession
from stem_events.extensions import db

VIEWS = ("list", "month")
MAX_SESSIONS = 1000  # a month of a very busy agenda; beyond it the list view is the way


@dataclass
class Day:
    day: date
    in_month: bool
    sessions: list[EventSession] = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    total: int  # events with a session this month
    truncated: bool

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        days = calendar.monthrange(self.first.year, self.first.month)[1]
        return self.first.replace(day=days) + timedelta(days=1)


def parse_view(args: MultiDict) -> tuple[str, date | None]:
    """(`list` or `month`, the first day of the month asked for); bad values are a Dutch 400."""
    view = args.get("view", "list").strip() or "list"
    if view not in VIEWS:
        raise InvalidFilter("view", _("Onbekende weergave: ‘%(view)s’ (lijst of maand).",
                                      view=view[:20]))
    if view != "month":
        return view, None
    text = args.get("month", "").strip()
    if not text:
        return view, today_local().replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise InvalidFilter("month", _("‘%(value)s’ is geen geldige maand; gebruik jjjj-mm.",
                                       value=text[:20])) from None
    if not is_supported_day(first):
        raise InvalidFilter("month", _("Deze maand ligt te ver in het verleden of de "
                                       "toekomst."))
    return view, first


def month_grid(f: AgendaFilter, first: date) -> Month:
    """The public sessions matching the filter in the month, by Brussels day."""
    days_in_month = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days_in_month)
    start, end = local_day_bounds(first, last)
    sessions = db.session.scalars(
        sa.select(EventSession).join(Event, Event.id == EventSession.event_id)
        .where(*event_conditions(f), *session_window(f, start, end))
        .order_by(EventSession.starts_at, EventSession.id).limit(MAX_SESSIONS + 1)
        .options(selectinload(EventSession.event).selectinload(Event.municipality))
    ).all()
    truncated = len(sessions) > MAX_SESSIONS
    by_day: dict[date, list[EventSession]] = {}
    for session in sessions[:MAX_SESSIONS]:
        by_day.setdefault(to_local(session.starts_at).date(), []).append(session)
    weeks = [[Day(day, day.month == first.month, by_day.get(day, []) if day.month ==
                  first.month else []) for day in week]
             for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year,
                                                                             first.month)]
    total = len({s.event_id for s in sessions[:MAX_SESSIONS]})
    return Month(first, weeks, total, truncated)


def month_name(first: date, language: str) -> str:
    names = MONTHS_EN if language == "en" else MONTHS_NL
    return f"{names[first.month - 1]} {first.year}"


def weekday_names(language: str) -> tuple[str, ...]:
    return WEEKDAYS_EN if language == "en" else WEEKDAYS_NL
