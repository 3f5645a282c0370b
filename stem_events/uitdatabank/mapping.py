"""Our event → UiTdatabank's event JSON (Entry API), and the tables behind it.

Terms come from publiq's taxonomy (cultuurnet/taxonomy): exactly one `eventtype` per event,
mapped from our kind, and one `theme` where one of ours matches. Pure apart from the
registrations count for `bookingAvailability`, which the caller passes in.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from stem_events.date_time import isoformat_local
from stem_events.events.models import Event, EventStatus, PriceKind, RegistrationMode
from stem_events.markdown import to_text
from stem_events.single_line import one_line

LABEL_PREFIX = "stem-events:"  # hidden label: our event id, so a lost create is found again

# Event types of the taxonomy that fit STEM activities (id → Dutch name).
LESSENREEKS = "0.3.1.0.0"
OPEN_SESSIONS = "0.3.1.0.1"  # Cursus met open sessies
EVENTTYPES = {
    LESSENREEKS: "Lessenreeks",
    OPEN_SESSIONS: "Cursus met open sessies",
    "0.3.2.0.0": "Lezing of congres",
    "0.7.0.0.0": "Begeleide uitstap of rondleiding",
    "0.6.0.0.0": "Beurs",
    "0.12.0.0.0": "Opendeurdag",
    "0.0.0.0.0": "Tentoonstelling",
    "0.57.0.0.0": "Kamp of vakantie",
    "0.50.21.0.0": "Spel of quiz",
}

# Our kind → its event type; None: the organiser picks one ("other").
KIND_EVENTTYPES: dict[str, str | None] = {
    "academy_activity": LESSENREEKS,
    "workshop": LESSENREEKS,
    "lecture": "0.3.2.0.0",
    "info_session": "0.3.2.0.0",
    "company_visit": "0.7.0.0.0",
    "roadshow": "0.6.0.0.0",
    "other": None,
}

# Kinds outside UiTdatabank's content scope (leisure for the public): never offered, with why.
_PROFESSIONALS = _l("Dit soort activiteit is voor professionals of het onderwijs en valt "
                    "buiten wat UiTdatabank opneemt (vrijetijdsaanbod voor iedereen).")
NOT_EXPORTED: dict[str, object] = {
    "network_moment": _PROFESSIONALS,
    "state_of_the_stem": _PROFESSIONALS,
    "award_event": _PROFESSIONALS,
    "teacher_training": _l("Een nascholing is voor leerkrachten en valt buiten wat "
                           "UiTdatabank opneemt (vrijetijdsaanbod voor iedereen)."),
    "teacher_club": _l("Een STEM-club voor leerkrachten valt buiten wat UiTdatabank opneemt "
                       "(vrijetijdsaanbod voor iedereen)."),
}

# Our theme (slug) → UiTdatabank theme; the first of an event's themes that has one is sent.
THEME_TERMS = {
    "wetenschap": "1.25.0.0.0",  # Wetenschap
    "wiskunde": "1.25.0.0.0",
    "ruimtevaart": "1.25.0.0.0",
    "zorg": "1.25.0.0.0",
    "techniek": "1.21.0.0.0",  # Computer en techniek
    "digitalisering": "1.21.0.0.0",
    "ai": "1.21.0.0.0",
    "cybersecurity": "1.21.0.0.0",
    "programmeren": "1.21.0.0.0",
    "robotica": "1.21.0.0.0",
    "maken": "1.21.0.0.0",
    "energie": "1.64.0.0.0",  # Milieu en natuur
    "duurzaamheid": "1.64.0.0.0",
    "milieu-en-natuur": "1.64.0.0.0",
}
STEM_THEMES = sorted(set(THEME_TERMS.values()))

# A place we create ourselves gets this place type ("Cultuur- of ontmoetingscentrum").
PLACE_TYPE = "Yf4aZBfsUEu2NsQqsprngw"


def label(event_id: int) -> str:
    return f"{LABEL_PREFIX}{event_id}"


def not_exported_reason(kind: str) -> str | None:
    reason = NOT_EXPORTED.get(str(kind))
    return str(reason) if reason is not None else None


def eventtype(event: Event, chosen: str = "") -> str | None:
    """The one event type: from the kind's table; an open-sessions course when people register
    per session; the organiser's choice for "other" (None when not chosen yet)."""
    kind = str(event.kind)
    if kind == "other":
        return chosen if chosen in EVENTTYPES else None
    term = KIND_EVENTTYPES.get(kind)
    if term == LESSENREEKS and event.registration_mode == RegistrationMode.SESSIONS:
        return OPEN_SESSIONS
    return term


def theme_term(event: Event) -> str | None:
    for theme in event.themes:
        if theme.slug in THEME_TERMS:
            return THEME_TERMS[theme.slug]
    return None


def place_key(event: Event) -> str:
    return f"{one_line(event.venue_name).strip().lower()}|{event.postcode}"[:300]


def place_body(event: Event, locality: str) -> dict:
    return {
        "mainLanguage": "nl",
        "name": {"nl": one_line(event.venue_name) or locality},
        "calendarType": "permanent",
        "address": {"nl": {"addressCountry": "BE", "addressLocality": locality,
                           "postalCode": event.postcode,
                           "streetAddress": one_line(event.street) or one_line(event.venue_name)}},
        "terms": [{"id": PLACE_TYPE}],
    }


def organizer_body(name: str, website: str) -> dict:
    return {"mainLanguage": "nl", "name": {"nl": one_line(name)}, "website": website}


def _status(event: Event, cancelled_session: bool) -> dict:
    reason = one_line(event.status_reason)
    if event.status == EventStatus.CANCELLED:
        status = {"type": "Unavailable"}
    elif event.status == EventStatus.POSTPONED:
        status = {"type": "TemporarilyUnavailable"}
    elif cancelled_session:
        return {"type": "Unavailable"}
    else:
        return {"type": "Available"}
    if reason:
        status["reason"] = {"nl": reason}
    return status


def _price(event: Event) -> list[dict] | None:
    if event.price_kind == PriceKind.ON_SITE:
        return None  # paid on the spot: no amount to state; the description says so
    price = (event.price_cents or 0) / 100 if event.price_kind == PriceKind.AMOUNT else 0.0
    return [{"category": "base", "name": {"nl": "Basistarief"}, "price": float(price),
             "priceCurrency": "EUR"}]


IMAGE_LANGUAGE = "nl"


def image_rights(event: Event) -> dict:
    """What UiTdatabank requires with every image: a description (the activity's title) and
    a copyright holder of 2 to 250 characters (the organisation that uploaded it here)."""
    holder = one_line(event.organisation.name)[:250]
    return {"description": one_line(event.title)[:250],
            "copyrightHolder": holder if len(holder) >= 2 else f"© {holder}"}


def media_object(image_url: str, event: Event) -> dict:
    """An uploaded image as the event's `mediaObject` lists it (a PUT keeps only those)."""
    return {"@id": image_url, **image_rights(event), "inLanguage": IMAGE_LANGUAGE}


def event_body(event: Event, *, eventtype_id: str, location_id: str | None,
               organizer_id: str | None, booking_url: str, full_sessions: set[int]) -> dict:
    """The complete event as `POST /events` and `PUT /events/{id}` want it (a PUT replaces
    everything, so both send the same). Published at once (`READY_FOR_VALIDATION`)."""
    sessions = sorted(event.sessions, key=lambda s: s.starts_at)
    body: dict = {
        "mainLanguage": "nl",
        "name": {"nl": one_line(event.title)},
        "terms": [{"id": eventtype_id}],
        "calendarType": "single" if len(sessions) == 1 else "multiple",
        "subEvent": [],
        "attendanceMode": event.attendance_mode,
        "typicalAgeRange": f"{event.age_min if event.age_min is not None else ''}-"
                           f"{event.age_max if event.age_max is not None else ''}",
        "hiddenLabels": [label(event.id)],
        "workflowStatus": "READY_FOR_VALIDATION",
    }
    theme = theme_term(event)
    if theme:
        body["terms"].append({"id": theme})
    for session in sessions:
        sub = {"startDate": isoformat_local(session.starts_at),
               "endDate": isoformat_local(session.ends_at),
               "status": _status(event, session.cancelled)}
        if event.registration_mode != RegistrationMode.NONE:
            sub["bookingAvailability"] = {
                "type": "Unavailable" if session.id in full_sessions else "Available"}
        body["subEvent"].append(sub)
    text = to_text(event.description) or one_line(event.summary)
    if event.price_kind == PriceKind.ON_SITE:
        text = (text + "\n\n" if text else "") + "Betalen ter plaatse."
    if text:
        body["description"] = {"nl": text}
    price = _price(event)
    if price:
        body["priceInfo"] = price
    if booking_url:
        body["bookingInfo"] = {"url": booking_url, "urlLabel": {"nl": "Inschrijven"}}
    if event.attendance_mode != "online" and location_id:
        body["location"] = {"@id": location_id}
    if event.online_url:
        body["onlineUrl"] = event.online_url
    if organizer_id:
        body["organizer"] = {"@id": organizer_id}
    return body
