"""Flemish school holidays, computed from the rules in DOMAIN.md.

- autumn: the week (Monday–Sunday) that contains 1 November;
- Christmas: two weeks from the Monday of the week with 25 December (the Monday after it when
  Christmas falls on a Saturday or Sunday);
- krokus (carnival): one week from the 7th Monday before Easter;
- Easter: two weeks from the first Monday of April, except when Easter falls in March (then
  from the Monday after Easter) or after 15 April (then from the second Monday before Easter);
- summer: 1 July – 31 August.
An override table for exceptional years comes with the organisers' series tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter


@dataclass(frozen=True)
class Holiday:
    key: str
    name: str
    first: date
    last: date  # inclusive

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_monday_of_april(year: int) -> date:
    first = date(year, 4, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def easter_holiday(year: int) -> Holiday:
    sunday = easter(year)
    if sunday.month == 3:
        start = sunday + timedelta(days=1)
    elif sunday > date(year, 4, 15):
        start = _monday_of(sunday) - timedelta(days=7)
    else:
        start = _first_monday_of_april(year)
    return Holiday("easter", "paasvakantie", start, start + timedelta(days=13))


def christmas_holiday(year: int) -> Holiday:
    christmas = date(year, 12, 25)
    start = _monday_of(christmas)
    if christmas.weekday() >= 5:
        start += timedelta(days=7)
    return Holiday("christmas", "kerstvakantie", start, start + timedelta(days=13))


def holidays_of_year(year: int) -> list[Holiday]:
    """The holidays that start in a calendar year, in order."""
    krokus = easter(year) - timedelta(days=48)  # the 7th Monday before Easter
    autumn = _monday_of(date(year, 11, 1))
    return [
        Holiday("krokus", "krokusvakantie", krokus, krokus + timedelta(days=6)),
        easter_holiday(year),
        Holiday("summer", "zomervakantie", date(year, 7, 1), date(year, 8, 31)),
        Holiday("autumn", "herfstvakantie", autumn, autumn + timedelta(days=6)),
        christmas_holiday(year),
    ]


def holiday_on(day: date) -> Holiday | None:
    for year in (day.year - 1, day.year):
        for holiday in holidays_of_year(year):
            if day in holiday:
                return holiday
    return None


def current_or_next_holiday(day: date) -> Holiday:
    """The holiday `day` falls in, or else the next one to start."""
    found = holiday_on(day)
    if found:
        return found
    upcoming = [h for y in (day.year, day.year + 1) for h in holidays_of_year(y) if h.first > day]
    return min(upcoming, key=lambda h: h.first)
