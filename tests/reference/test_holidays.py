from datetime import date

import pytest

from stem_events.reference.holidays import current_or_next_holiday, holiday_on, holidays_of_year


def spans(year):
    return {h.key: (h.first, h.last) for h in holidays_of_year(year)}


def test_holidays_2025_2026_follow_the_flemish_rules():
    assert spans(2025)["autumn"] == (date(2025, 10, 27), date(2025, 11, 2))
    assert spans(2025)["christmas"] == (date(2025, 12, 22), date(2026, 1, 4))
    assert spans(2026)["krokus"] == (date(2026, 2, 16), date(2026, 2, 22))
    assert spans(2026)["easter"] == (date(2026, 4, 6), date(2026, 4, 19))
    assert spans(2026)["summer"] == (date(2026, 7, 1), date(2026, 8, 31))


@pytest.mark.parametrize("year, start", [
    (2027, date(2027, 3, 29)),  # Easter in March (28 March): from the Monday after Easter
    (2025, date(2025, 4, 7)),  # Easter on 20 April (after 15 April): second Monday before
    (2028, date(2028, 4, 3)),  # Easter on 16 April: second Monday before Easter is 3 April
])
def test_easter_exceptions(year, start):
    assert spans(year)["easter"][0] == start


def test_christmas_on_a_weekend_starts_the_monday_after():
    assert spans(2027)["christmas"][0] == date(2027, 12, 27)  # 25 Dec 2027 is a Saturday


def test_current_or_next_holiday():
    assert holiday_on(date(2026, 7, 15)).key == "summer"
    assert holiday_on(date(2026, 9, 15)) is None
    assert current_or_next_holiday(date(2026, 9, 15)).key == "autumn"
    assert current_or_next_holiday(date(2026, 12, 30)).key == "christmas"
    assert current_or_next_holiday(date(2027, 1, 2)).key == "christmas"  # spans the new year
