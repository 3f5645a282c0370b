"""What search engines and calendar apps read from an event page: schema.org JSON-LD, Open
Graph, map and "add to calendar" links."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import url_for

from stem_events.date_time import isoformat_local
from stem_events.events.models import Event, EventSession, EventStatus, PriceKind
from stem_events.markdown import to_text

STATUS = {
    EventStatus.PUBLISHED: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
MODE = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def address_line(event: Event) -> str:
    parts = [event.venue_name, event.street,
             " ".join(p for p in (event.postcode, event.municipality.name
                                  if event.municipality else "") if p)]
    return ", ".join(p for p in parts if p)


def typical_age_range(event: Event) -> str | None:
    if event.age_min is None and event.age_max is None:
        return None
    return f"{event.age_min or 0}-{event.age_max if event.age_max is not None else ''}"


def _location(event: Event) -> list[dict]:
    locations = []
    if event.venue_name or event.municipality:
        place = {
            "@type": "Place",
            "name": event.venue_name or (event.municipality.name if event.municipality else ""),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.street or None,
                "postalCode": event.postcode or None,
                "addressLocality": event.municipality.name if event.municipality else None,
                "addressCountry": "BE",
            },
        }
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude,
                            "longitude": event.longitude}
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations


def json_ld(event: Event, session: EventSession | None, role_models=()) -> dict:
    """schema.org Event; `role_models` (public ones taking part) are its performers."""
    url = url_for("events.detail", event_id=event.id, slug=event.slug, _external=True)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or to_text(event.description)[:300],
        "url": url,
        "eventStatus": STATUS.get(event.status, STATUS[EventStatus.PUBLISHED]),
        "eventAttendanceMode": MODE[event.attendance_mode],
        "location": _location(event),
        "organizer": [
            {"@type": "Organization", "name": o.name, **({"url": o.website} if o.website else {})}
            for o in event.organisers
        ],
        "inLanguage": "nl-BE",
        "offers": {
            "@type": "Offer",
            "price": f"{(event.price_cents or 0) / 100:.2f}",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/InStock",
        },
    }
    if event.price_kind == PriceKind.ON_SITE:
        data["offers"]["description"] = "betalen ter plaatse"
    if session is not None:
        data["startDate"] = isoformat_local(session.starts_at)
        data["endDate"] = isoformat_local(session.ends_at)
    age = typical_age_range(event)
    if age:
        data["typicalAgeRange"] = age
    if event.audiences:  # whom it is for (doelgroepen), in their Dutch names
        data["audience"] = [{"@type": "Audience", "audienceType": a.name}
                            for a in event.audiences]
    if role_models:
        data["performer"] = [{"@type": "Person", "name": r["name"], "jobTitle": r["job"],
                              "url": r["url"]} for r in role_models]
    if event.is_series:
        data["subEvent"] = [
            {"@type": "Event", "name": event.title, "startDate": isoformat_local(s.starts_at),
             "endDate": isoformat_local(s.ends_at),
             "eventStatus": STATUS[EventStatus.CANCELLED] if s.cancelled else data["eventStatus"]}
            for s in event.sessions
        ]
    return data


def map_url(event: Event) -> str | None:
    if event.latitude is not None and event.longitude is not None:
        lat, lon = event.latitude, event.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    address = ", ".join(p for p in (event.street, event.postcode,
                                    event.municipality.name if event.municipality else "") if p)
    if not address:
        return None
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address + ", België"})


def _utc_stamp(moment) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar_links(event: Event, session: EventSession | None) -> dict[str, str]:
    """'Zet in je agenda': the .ics of all sessions, and Google/Outlook for the next one."""
    links = {"ics": url_for("events.detail", event_id=event.id) + ".ics"}
    if session is None:
        return links
    url = url_for("events.detail", event_id=event.id, slug=event.slug, _external=True)
    details = f"{event.summary}\n\n{url}".strip()
    location = address_line(event) or event.online_url
    links["google"] = "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE", "text": event.title,
        "dates": f"{_utc_stamp(session.starts_at)}/{_utc_stamp(session.ends_at)}",
        "details": details, "location": location, "ctz": "Europe/Brussels",
    }, quote_via=quote)
    links["outlook"] = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
        "startdt": isoformat_local(session.starts_at), "enddt": isoformat_local(session.ends_at),
        "body": details, "location": location,
    }, quote_via=quote)
    return links
