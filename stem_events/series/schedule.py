"""Dates of a series: weekly or fortnightly between two dates, skipping chosen dates and
(optionally) the Flemish school holidays, rules plus the override table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from stem_events.date_time import format_date, local
from stem_events.errors import FieldError
from stem_events.i18n import current_language
from stem_events.reference.holiday_overrides import holidays_between
from stem_events.reference.holidays import Holiday

MAX_SESSIONS = 200
REPEATS = {"none": 0, "weekly": 1, "fortnightly": 2}


@dataclass
class Schedule:
    first_day: date
    start_time: time
    end_time: time
    repeat: str = "none"
    until: date | None = None
    skip_dates: set[date] = field(default_factory=set)
    skip_holidays: bool = False


def from_form(form) -> Schedule:
    """The schedule typed in a form with the schedule fields (a new event, more sessions)."""
    return Schedule(first_day=form.first_day.data, start_time=form.start_time.data,
                    end_time=form.end_time.data, repeat=form.repeat.data,
                    until=form.until.data, skip_dates=parse_dates(form.skip_dates.data),
                    skip_holidays=form.skip_holidays.data)


def parse_dates(text: str) -> set[date]:
    """'2026-03-14, 21/3/2026' → dates; FieldError on anything else."""
    found: set[date] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+", text or ""))):
        try:
            if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", part):
                found.add(date.fromisoformat(
                    "-".join(f"{int(x):02d}" for x in part.split("-"))))
            elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", part):
                day, month, year = map(int, re.split(r"[/.-]", part))
                found.add(date(year, month, day))
            else:
                raise ValueError(part)
        except ValueError:
            raise FieldError("skip_dates", _("'%(part)s' is geen datum; schrijf bv. 14/03/2026.",
                                             part=part))\
                from None
    return found


def series_dates(schedule: Schedule) -> list[date]:
    return series_plan(schedule)[0]


def skip_reason(day: date, chosen: set[date], holidays: list[Holiday]) -> str | None:
    """Why a date of a series does not take place: the school holiday's name, "zelf
    gekozen" for a date chosen by hand, None when it does."""
    if day in chosen:
        return _("zelf gekozen")
    return next((h.name for h in holidays if day in h), None)


def series_plan(schedule: Schedule) -> tuple[list[date], list[tuple[date, str]]]:
    """The dates of a series and the dates it skips, each with its reason."""
    step = REPEATS.get(schedule.repeat)
    if step is None:
        raise FieldError("repeat", _("Kies hoe vaak de activiteit terugkomt."))
    if step == 0:
        return [schedule.first_day], []
    if schedule.until is None:
        raise FieldError("until", _("Vul de laatste datum van de reeks in."))
    if schedule.until < schedule.first_day:
        raise FieldError("until", _("De laatste datum ligt vóór de eerste."))
    days = []
    day = schedule.first_day
    while day <= schedule.until:
        days.append(day)
        day += timedelta(weeks=step)
    if len(days) > MAX_SESSIONS:
        raise FieldError("until", _("Een reeks heeft hoogstens %(n)s sessies.", n=MAX_SESSIONS))
    holidays = holidays_between(days[0], days[-1]) if schedule.skip_holidays else []
    reasons = {d: skip_reason(d, schedule.skip_dates, holidays) for d in days}
    kept = [d for d in days if reasons[d] is None]
    if not kept:
        raise FieldError("skip_dates", _("Na het overslaan blijft er geen enkele sessie over."))
    return kept, [(d, reasons[d]) for d in days if reasons[d] is not None]


def skipped_message(skipped: list[tuple[date, str]]) -> str:
    """'Overgeslagen: woensdag 18 februari 2026 (Krokusvakantie), …' or ''."""
    if not skipped:
        return ""
    return _("Overgeslagen: %(dates)s.", dates=", ".join(
        f"{format_date(d, current_language())} ({reason})" for d, reason in skipped))


def session_times(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """UTC start and end of a session on a Brussels day; FieldError when the end is not later."""
    if end <= start:
        raise FieldError("end_time", _("Het einde moet na het begin liggen."))
    return local(day, start), local(day, end)
