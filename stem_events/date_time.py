"""The one module that owns "now", time zones and date formatting.

Times are stored in UTC and shown in Europe/Brussels. Nothing else in the code base calls
`datetime.now()` or builds a `ZoneInfo` (ruff TID251 enforces it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
TIMEZONE_NAME = "Europe/Brussels"

# A hook for tests and the demo-data generator: a fixed "now" (aware, UTC) or None.
_frozen_now: datetime | None = None

WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def now_utc() -> datetime:
    """The current moment, aware, in UTC."""
    return _frozen_now or datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Fix "now" (tests, deterministic demo data); `None` unfreezes."""
    global _frozen_now
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen_now = moment.astimezone(UTC) if moment else None


def today_local() -> date:
    """Today's date in Brussels."""
    return now_utc().astimezone(BRUSSELS).date()


def to_local(moment: datetime) -> datetime:
    """An aware datetime (naive means UTC) shown in Europe/Brussels."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BRUSSELS)


def to_utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is read as Brussels local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    return moment.astimezone(UTC)


def local(day: date, at: time) -> datetime:
    """The UTC moment of a Brussels wall-clock time on a day (DST handled by zoneinfo)."""
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)


# Days a filter or report period may name: beyond these, day bounds in UTC may not exist
# (0001-01-01 minus the Brussels offset, 9999-12-31 plus one day) and nobody means them.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def is_supported_day(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC [start, end) of the Brussels days first..last inclusive."""
    return local(first, time.min), local(last + timedelta(days=1), time.min)


def all_day_dates(start: datetime, end: datetime) -> tuple[date, date]:
    """First and last Brussels day of an all-day span stored as [local midnight, midnight)."""
    first = to_local(start).date()
    last = (to_local(end) - timedelta(seconds=1)).date()
    return first, max(first, last)


def _names(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (WEEKDAYS_EN, MONTHS_EN) if locale.startswith("en") else (WEEKDAYS_NL, MONTHS_NL)


def format_date(moment: datetime | date, locale: str = "nl", weekday: bool = True) -> str:
    """'zaterdag 14 maart 2026' (nl-BE) or 'Saturday 14 March 2026'."""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    weekdays, months = _names(locale)
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{weekdays[day.weekday()]} {text}" if weekday else text


def format_time(moment: datetime) -> str:
    """24-hour clock, Brussels time: '14:00'."""
    return to_local(moment).strftime("%H:%M")


def format_range(start: datetime, end: datetime, locale: str = "nl") -> str:
    """One session in words: 'zaterdag 14 maart 2026 van 14:00 tot 16:00'.

    A session over several days reads 'van vrijdag 13 maart 2026 14:00 tot en met
    zaterdag 14 maart 2026 16:00'.
    """
    start_l, end_l = to_local(start), to_local(end)
    en = locale.startswith("en")
    if start_l.date() == end_l.date():
        if en:
            return (
                f"{format_date(start_l, locale)} from {format_time(start_l)} "
                f"to {format_time(end_l)}"
            )
        return f"{format_date(start_l, locale)} van {format_time(start_l)} tot {format_time(end_l)}"
    if en:
        return (
            f"from {format_date(start_l, locale)} {format_time(start_l)} "
            f"to {format_date(end_l, locale)} {format_time(end_l)}"
        )
    return (
        f"van {format_date(start_l, locale)} {format_time(start_l)} "
        f"tot en met {format_date(end_l, locale)} {format_time(end_l)}"
    )


def format_day_range(first: date, last: date, locale: str = "nl") -> str:
    """All-day span: 'zaterdag 14 maart 2026' or 'van … tot en met …'."""
    if first == last:
        return format_date(first, locale)
    if locale.startswith("en"):
        return f"from {format_date(first, locale)} to {format_date(last, locale)}"
    return f"van {format_date(first, locale)} tot en met {format_date(last, locale)}"


def isoformat_local(moment: datetime) -> str:
    """ISO 8601 with the Brussels offset, e.g. '2026-03-14T14:00:00+01:00'."""
    return to_local(moment).isoformat(timespec="seconds")


def feed_window(
    today: date | None = None, days_back: int = 30, months_ahead: int = 12
) -> tuple[datetime, datetime]:
    """UTC [start, end) of a subscription feed: from `days_back` Brussels days before today up
    to and including the same day `months_ahead` months later."""
    today = today or today_local()
    month_index = today.month - 1 + months_ahead
    year, month = today.year + month_index // 12, month_index % 12 + 1
    day = today.day
    while True:
        try:
            last = date(year, month, day)
            break
        except ValueError:  # 31 → 30 → 29 → 28
            day -= 1
    return local_day_bounds(today - timedelta(days=days_back), last)


def wall_clock(moment: datetime) -> datetime:
    """The naive Brussels wall-clock time of a moment (for iCalendar's TZID=Europe/Brussels)."""
    return to_local(moment).replace(tzinfo=None)
