from datetime import UTC, date, datetime

import pytest

from stem_events import date_time


def test_formats_a_session_in_flemish_dutch():
    start = datetime(2026, 3, 14, 13, 0, tzinfo=UTC)  # 14:00 in Brussels (winter time)
    end = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)
    assert date_time.format_range(start, end) == "zaterdag 14 maart 2026 van 14:00 tot 16:00"


def test_summer_time_is_shown_in_local_time():
    start = datetime(2026, 4, 4, 12, 0, tzinfo=UTC)  # 14:00 CEST
    end = datetime(2026, 4, 4, 14, 0, tzinfo=UTC)
    assert date_time.format_range(start, end) == "zaterdag 4 april 2026 van 14:00 tot 16:00"
    assert date_time.isoformat_local(start) == "2026-04-04T14:00:00+02:00"


def test_multi_day_range_uses_tot_en_met():
    start = datetime(2026, 10, 23, 16, 0, tzinfo=UTC)
    end = datetime(2026, 10, 24, 15, 0, tzinfo=UTC)
    assert date_time.format_range(start, end) == (
        "van vrijdag 23 oktober 2026 18:00 tot en met zaterdag 24 oktober 2026 17:00"
    )


def test_english_formatting():
    start = datetime(2026, 3, 14, 13, 0, tzinfo=UTC)
    end = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)
    assert date_time.format_range(start, end, "en") == (
        "Saturday 14 March 2026 from 14:00 to 16:00"
    )


def test_local_keeps_wall_clock_time_across_dst():
    winter = date_time.local(date(2026, 3, 21), datetime.min.time().replace(hour=14))
    summer = date_time.local(date(2026, 3, 28 + 1), datetime.min.time().replace(hour=14))
    assert winter.hour == 13 and summer.hour == 12  # UTC
    assert date_time.format_time(winter) == date_time.format_time(summer) == "14:00"


def test_day_bounds_are_brussels_days():
    start, end = date_time.local_day_bounds(date(2026, 3, 29), date(2026, 3, 29))
    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # a 23-hour day


def test_all_day_span_is_inclusive_for_people():
    start = date_time.local(date(2026, 5, 1), datetime.min.time())
    end = date_time.local(date(2026, 5, 3), datetime.min.time())
    assert date_time.all_day_dates(start, end) == (date(2026, 5, 1), date(2026, 5, 2))


def test_freeze_requires_an_aware_moment():
    with pytest.raises(ValueError):
        date_time.freeze(datetime(2026, 1, 1))  # noqa: DTZ001
    moment = datetime(2026, 1, 1, 12, tzinfo=UTC)
    date_time.freeze(moment)
    try:
        assert date_time.now_utc() == moment
        assert date_time.today_local() == date(2026, 1, 1)
    finally:
        date_time.freeze(None)
