"""School holidays as used by the application: the rules of `holidays.py` corrected by an
override table that coordinators keep (an exceptional year, an extra day off)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stem_events.extensions import db
from stem_events.reference.holidays import Holiday, holidays_of_year


class HolidayOverride(db.Model):
    """Replaces the computed holiday `key` that starts in `year`, or adds one (other keys)."""

    __tablename__ = "holiday_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    key: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(80))
    first_day: Mapped[date] = mapped_column(sa.Date)
    last_day: Mapped[date] = mapped_column(sa.Date)

    __table_args__ = (
        sa.UniqueConstraint("year", "key", name="uq_holiday_overrides_year_key"),
        sa.CheckConstraint("last_day >= first_day", name="order"),
    )


def holidays_between(first: date, last: date) -> list[Holiday]:
    """Every holiday overlapping [first, last]: rules, replaced or completed by overrides."""
    years = range(first.year - 1, last.year + 1)
    overrides = db.session.scalars(
        sa.select(HolidayOverride).where(HolidayOverride.year.in_(list(years)))
    ).all()
    by_key = {(o.year, o.key): o for o in overrides}
    found: list[Holiday] = []
    for year in years:
        for holiday in holidays_of_year(year):
            override = by_key.pop((year, holiday.key), None)
            if override:
                holiday = Holiday(holiday.key, override.name, override.first_day,
                                  override.last_day)
            found.append(holiday)
    found += [Holiday(o.key, o.name, o.first_day, o.last_day) for o in by_key.values()]
    return sorted((h for h in found if h.last >= first and h.first <= last),
                  key=lambda h: h.first)


def is_holiday(day: date, holidays: list[Holiday]) -> bool:
    return any(day in h for h in holidays)


def school_years(first_year: int, count: int = 3) -> list[dict]:
    """The holidays of `count` school years from September of `first_year`, as the
    application uses them (overrides applied); `adjusted` marks the ones a coordinator
    changed or added."""
    years = []
    for year in range(first_year, first_year + count):
        computed = set(holidays_of_year(year)) | set(holidays_of_year(year + 1))
        found = holidays_between(date(year, 9, 1), date(year + 1, 8, 31))
        years.append({"label": f"{year}-{year + 1}", "holidays": [
            {"holiday": h, "adjusted": h not in computed} for h in found]})
    return years
