from datetime import UTC, datetime

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday in January


def event_form(organisation_id=None, **overrides) -> dict:
    data = {
        "kind": "academy_activity", "title": "Robotica voor 8-12-jarigen",
        "summary": "Bouw en programmeer je eigen robot.",
        "description": "Elke week **een nieuwe uitdaging**.",
        "venue_name": "De Krook", "street": "Miriam Makebaplein 1", "postcode": "9000",
        "municipality": "Gent", "online_url": "", "age_min": "8", "age_max": "12",
        "price_kind": "free", "price": "", "capacity": "16", "registration_mode": "series",
        "waitlist_enabled": "y", "registration_opens_at": "", "registration_closes_at": "",
        "booking_url": "", "edition_year": "",
        "first_day": "2026-01-14", "start_time": "14:00", "end_time": "16:00",
        "repeat": "weekly", "until": "2026-03-04", "skip_dates": "28/01/2026",
        "skip_holidays": "y",
    }
    if organisation_id is not None:
        data["organisation_id"] = str(organisation_id)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_form(event, **overrides) -> dict:
    data = event_form(None, **overrides)
    for key in ("first_day", "start_time", "end_time", "repeat", "until", "skip_dates",
                "skip_holidays"):
        data.pop(key, None)
    data.setdefault("version", str(event.version))
    data.update(overrides)
    return data
