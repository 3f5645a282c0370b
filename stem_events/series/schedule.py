"""Dates of a series: weekly or fortnightly between two dates, skipping chosen dates and
(optionally) the Flemish school holidays, rules plus the override table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from stem_events.date_time import local
from stem_events.errors import FieldError
from stem_events.reference.holiday_overrides import holidays_between, is_holiday

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
    step = REPEATS.get(schedule.repeat)
    if step is None:
        raise FieldError("repeat", _("Kies hoe vaak de activiteit terugkomt."))
    if step == 0:
        return [schedule.first_day]
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
    kept = [d for d in days if d not in schedule.skip_dates and not is_holiday(d, holidays)]
    if not kept:
        raise FieldError("skip_dates", _("Na het overslaan blijft er geen enkele sessie over."))
    return kept


def session_times(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """UTC start and end of a session on a Brussels day; FieldError when the end is not later."""
    if end <= start:
        raise FieldError("end_time", _("Het einde moet na het begin liggen."))
    return local(day, start), local(day, end)
