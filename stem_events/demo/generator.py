"""Builds realistic, deterministic Flemish demo data with bulk inserts.

The same seed on the same week gives the same data: dates are laid out from the Monday of the
current week (Brussels), so that the agenda always has upcoming events.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from io import BytesIO

import sqlalchemy as sa
from PIL import Image, ImageDraw
from sqlalchemy.orm import selectinload

from stem_events.accounts.models import MemberRole, Membership, Organisation, Role, User
from stem_events.date_time import local, to_local, today_local
from stem_events.events.models import (
    Event,
    EventSession,
    EventStatus,
    PriceKind,
    RegistrationMode,
    SessionStatus,
    event_goals,
    event_organisations,
    event_themes,
    slugify,
)
from stem_events.events.search import document as search_document
from stem_events.extensions import db
from stem_events.media.storage import store_image
from stem_events.reference.holidays import holiday_on
from stem_events.reference.models import EventKind, HelixPillar, Municipality, Theme
from stem_events.registrations import rules
from stem_events.registrations.models import Registration, RegistrationStatus

from . import texts

DEMO_PASSWORDS = {
    "coordinator@stem-events.example": "stem-coordinator-2026",
    "organisator@stem-events.example": "stem-organisator-2026",
}

MAX_REGISTERED_EVENTS = 800

KIND_WEIGHTS = {
    EventKind.ACADEMY_ACTIVITY: 30,
    EventKind.WORKSHOP: 25,
    EventKind.LECTURE: 10,
    EventKind.COMPANY_VISIT: 9,
    EventKind.INFO_SESSION: 7,
    EventKind.ROADSHOW: 4,
    EventKind.NETWORK_MOMENT: 6,
    EventKind.AWARD_EVENT: 1,
    EventKind.OTHER: 8,
}

STATUS_WEIGHTS = {
    EventStatus.PUBLISHED: 88,
    EventStatus.CANCELLED: 3,
    EventStatus.POSTPONED: 1,
    EventStatus.DRAFT: 4,
    EventStatus.IN_REVIEW: 3,
    EventStatus.REJECTED: 1,
}

# Which pillars typically organise which kind of event.
KIND_PILLARS = {
    EventKind.ACADEMY_ACTIVITY: (HelixPillar.CITIZEN, HelixPillar.GOVERNMENT,
                                 HelixPillar.KNOWLEDGE),
    EventKind.WORKSHOP: tuple(HelixPillar),
    EventKind.LECTURE: (HelixPillar.KNOWLEDGE, HelixPillar.CITIZEN),
    EventKind.COMPANY_VISIT: (HelixPillar.COMPANY,),
    EventKind.INFO_SESSION: (HelixPillar.KNOWLEDGE, HelixPillar.GOVERNMENT),
    EventKind.ROADSHOW: (HelixPillar.GOVERNMENT, HelixPillar.COMPANY, HelixPillar.KNOWLEDGE),
    EventKind.NETWORK_MOMENT: (HelixPillar.GOVERNMENT,),
    EventKind.AWARD_EVENT: (HelixPillar.GOVERNMENT,),
    EventKind.OTHER: tuple(HelixPillar),
}

KIND_GOALS = {
    EventKind.ACADEMY_ACTIVITY: ("OD1.2.1", "OD1.2.2", "OD2.2.4"),
    EventKind.WORKSHOP: ("OD1.2.2", "OD2.2.4", "OD3.3.1"),
    EventKind.LECTURE: ("OD1.1.2", "OD2.1.1", "OD4.1.2"),
    EventKind.COMPANY_VISIT: ("OD3.2.3", "OD2.1.1", "OD4.1.3"),
    EventKind.INFO_SESSION: ("OD2.1.1", "OD2.1.2", "OD2.3.2"),
    EventKind.ROADSHOW: ("OD1.1.1", "OD1.1.2", "OD2.1.1"),
    EventKind.NETWORK_MOMENT: ("OD1.2.1", "OD3.1.1", "OD3.1.2"),
    EventKind.AWARD_EVENT: ("OD1.1.2", "OD3.3.1"),
    EventKind.OTHER: ("OD1.2.2", "OD2.4.1"),
    EventKind.STATE_OF_THE_STEM: ("OD1.1.1", "OD1.2.1", "OD3.1.1"),
}

# (local start, duration in minutes) per kind; weekday offsets from Monday.
KIND_SLOTS = {
    EventKind.ACADEMY_ACTIVITY: [(2, time(14, 0), 120), (5, time(10, 0), 120),
                                 (5, time(14, 0), 150), (2, time(13, 30), 120)],
    EventKind.WORKSHOP: [(5, time(10, 0), 180), (2, time(14, 0), 150), (3, time(19, 0), 120),
                         (6, time(14, 0), 120)],
    EventKind.LECTURE: [(1, time(20, 0), 90), (3, time(19, 30), 90), (0, time(20, 0), 90)],
    EventKind.COMPANY_VISIT: [(2, time(13, 30), 180), (4, time(9, 30), 180),
                              (5, time(10, 0), 150)],
    EventKind.INFO_SESSION: [(1, time(19, 0), 90), (2, time(18, 30), 90), (5, time(10, 0), 120)],
    EventKind.ROADSHOW: [(1, time(9, 0), 420), (3, time(9, 0), 420)],
    EventKind.NETWORK_MOMENT: [(1, time(16, 0), 180), (3, time(15, 30), 180)],
    EventKind.AWARD_EVENT: [(4, time(18, 0), 240)],
    EventKind.OTHER: [(6, time(10, 0), 360), (5, time(13, 0), 240), (2, time(14, 0), 120)],
}


@dataclass
class Counters:
    organisations: int = 0
    events: int = 0
    sessions: int = 0
    public: int = 0
    rows: dict[str, list[dict]] = field(default_factory=dict)


IMAGE_COLOURS = ("#0b5cad", "#ffd200", "#08427c", "#2e8540", "#f3f5f8", "#a4161a")


class DemoBuilder:
    """Generates rows in memory, then writes them in a few bulk statements."""

    def __init__(self, seed: int, events: int, passwords: dict[str, str] | None = None):
        """`passwords`: of the demo accounts (default: the README's DEMO_PASSWORDS)."""
        self.passwords = passwords or DEMO_PASSWORDS
        self.rng = random.Random(seed)
        self.target = events
        self.anchor = today_local() - timedelta(days=today_local().weekday())
        self.municipalities: list[Municipality] = list(
            db.session.scalars(
                sa.select(Municipality).order_by(Municipality.nis)
                .options(selectinload(Municipality.postcodes))
            )
        )
        self.by_nis = {m.nis: m for m in self.municipalities}
        self.by_province: dict[str, list[Municipality]] = {}
        for municipality in self.municipalities:
            self.by_province.setdefault(municipality.province_nis, []).append(municipality)
        self.themes: list[Theme] = list(db.session.scalars(sa.select(Theme).order_by(Theme.id)))
        self.organisations: list[dict] = []
        self.orgs_by_pillar: dict[HelixPillar, list[dict]] = {p: [] for p in HelixPillar}
        self.events: list[dict] = []
        self.sessions: list[dict] = []
        self.links: dict[str, list[dict]] = {"themes": [], "goals": [], "orgs": []}
        self.registrations: list[dict] = []

    # ---------------------------------------------------------------- helpers
    def uid(self) -> str:
        return f"{uuid.UUID(int=self.rng.getrandbits(128), version=4)}@stem-events"

    def pick_weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # ---------------------------------------------------------------- organisations
    def build_organisations(self) -> None:
        count = max(48, min(800, self.target // 12))
        provinces = sorted(self.by_province)
        pillars = list(HelixPillar)
        for index in range(count):
            # The first rounds cover every pillar in every province and Brussels.
            province = provinces[index % len(provinces)]
            pillar = pillars[(index // len(provinces)) % len(pillars)]
            municipality = self.rng.choice(self.by_province[province])
            name, is_academy = texts.organisation_name(self.rng, pillar, municipality.name)
            row = {
                "id": index + 1,
                "name": name,
                "helix": pillar.value,
                "municipality_nis": municipality.nis,
                "website": f"https://www.{slugify(name, 40)}.example",
                "description": texts.organisation_description(pillar, municipality.name),
                "is_academy": is_academy,
                "approved": index % 23 != 22,  # a few requests still wait for approval
                "trusted": index % 5 == 0,
                "created_at": local(self.anchor - timedelta(days=400 - index % 300), time(9)),
            }
            row["updated_at"] = row["created_at"]
            self.organisations.append(row)
            if row["approved"]:
                self.orgs_by_pillar[pillar].append(row)

    # ---------------------------------------------------------------- events
    def build_events(self, progress: Callable[[int], None]) -> None:
        self._add_state_of_the_stem()
        while len(self.events) < self.target:
            kind = self.pick_weighted(KIND_WEIGHTS)
            self._add_event(kind)
            progress(1)
        progress(0)

    def _organiser_for(self, kind: EventKind) -> dict:
        pillar = self.rng.choice(KIND_PILLARS[kind])
        candidates = self.orgs_by_pillar[pillar]
        if kind == EventKind.ACADEMY_ACTIVITY:
            academies = [o for o in candidates if o["is_academy"]]
            candidates = academies or candidates
        return self.rng.choice(candidates)

    def _add_state_of_the_stem(self) -> None:
        year = self.anchor.year + (self.anchor.year % 2)
        day = date(year, 5, 20) if date(year, 5, 20) > self.anchor else date(year + 2, 5, 20)
        day += timedelta(days=(3 - day.weekday()) % 7)  # a Thursday
        organiser = self.orgs_by_pillar[HelixPillar.GOVERNMENT][0]
        brussels = self.by_nis["21004"]
        event = self._event_row(
            EventKind.STATE_OF_THE_STEM, organiser, brussels,
            texts.state_of_the_stem(day.year), status=EventStatus.PUBLISHED,
        )
        event.update(edition_year=day.year, capacity=600, age_min=None, age_max=None,
                     registration_mode=RegistrationMode.SESSIONS.value,
                     venue_name="Square – Brussels Meeting Centre",
                     street="Kunstberg", postcode="1000")
        self._add_session(event, day, time(9, 0), 8 * 60)

    def _add_event(self, kind: EventKind) -> None:
        organiser = self._organiser_for(kind)
        home = self.by_nis[organiser["municipality_nis"]]
        municipality = (
            self.rng.choice(self.by_province[home.province_nis])
            if self.rng.random() < 0.3 else home
        )
        content = texts.event_content(self.rng, kind, municipality.name, self.themes)
        event = self._event_row(kind, organiser, municipality, content)
        first_day = self.anchor + timedelta(days=self.rng.randint(-35, 320))
        weekday, start, minutes = self.rng.choice(KIND_SLOTS[kind])
        first_day = first_day - timedelta(days=first_day.weekday()) + timedelta(days=weekday)
        if kind == EventKind.ACADEMY_ACTIVITY and self.rng.random() < 0.75:
            self._add_series(event, first_day, start, minutes)
        elif kind in (EventKind.ROADSHOW, EventKind.OTHER) and self.rng.random() < 0.15:
            self._add_all_day(event, first_day, self.rng.choice((1, 2, 3)))
        else:
            self._add_session(event, first_day, start, minutes)

    def _event_row(self, kind, organiser, municipality, content, status=None) -> dict:
        rng = self.rng
        status = status or self.pick_weighted(STATUS_WEIGHTS)
        low, high = texts.age_range(rng, kind)
        price_kind = PriceKind.FREE
        if kind in (EventKind.ACADEMY_ACTIVITY, EventKind.WORKSHOP) and rng.random() < 0.35:
            price_kind = PriceKind.AMOUNT if rng.random() < 0.8 else PriceKind.ON_SITE
        online = kind in (EventKind.LECTURE, EventKind.INFO_SESSION) and rng.random() < 0.2
        capacity = rng.choice((12, 15, 16, 20, 24, 30, 40, 60, 80, 120))
        registration = RegistrationMode.SERIES
        if kind in (EventKind.ROADSHOW, EventKind.OTHER) and rng.random() < 0.5:
            registration, capacity = RegistrationMode.NONE, None
        event_id = len(self.events) + 1
        created = local(self.anchor - timedelta(days=rng.randint(5, 90)), time(10, 15))
        row = {
            "id": event_id,
            "kind": kind.value,
            "title": content.title,
            "slug": slugify(content.title),
            "summary": content.summary,
            "description": content.description,
            "status": status.value,
            "status_reason": texts.status_reason(rng, status),
            "organisation_id": organiser["id"],
            "venue_name": "" if online else content.venue,
            "street": "" if online else texts.street(rng),
            "postcode": "" if online else self._postcode(municipality),
            "municipality_nis": None if online else municipality.nis,
            "latitude": None,
            "longitude": None,
            "online_url": f"https://meet.example/{slugify(content.title, 30)}" if online else "",
            "age_min": low,
            "age_max": high,
            "price_kind": price_kind.value,
            "price_cents": rng.choice((500, 1000, 1500, 2500, 4500, 7500))
            if price_kind == PriceKind.AMOUNT else None,
            "capacity": capacity,
            "registration_mode": registration.value,
            "waitlist_enabled": rng.random() < 0.8,
            "registration_opens_at": None,
            "registration_closes_at": None,
            "booking_url": "",
            "image_path": "",
            "edition_year": None,
            "created_at": created,
            "updated_at": created,
        }
        row["search_title"], row["search_body"] = search_document(
            content.title, content.summary, content.description,
            [organiser["name"], municipality.name])
        self.events.append(row)
        for theme in content.themes:
            self.links["themes"].append({"event_id": event_id, "theme_id": theme.id})
        goals = KIND_GOALS[kind]
        for code in rng.sample(goals, k=min(len(goals), rng.choice((1, 2)))):
            self.links["goals"].append({"event_id": event_id, "goal_code": code})
        if kind in (EventKind.NETWORK_MOMENT, EventKind.ROADSHOW) or rng.random() < 0.08:
            other = rng.choice(self.organisations)
            if other["id"] != organiser["id"] and other["approved"]:
                self.links["orgs"].append({"event_id": event_id, "organisation_id": other["id"]})
        return row

    def _postcode(self, municipality: Municipality) -> str:
        codes = [p.code for p in municipality.postcodes]
        return self.rng.choice(codes) if codes else ""

    def _add_session(self, event, day: date, start: time, minutes: int,
                     status: SessionStatus = SessionStatus.SCHEDULED) -> None:
        begins = local(day, start)
        self.sessions.append({
            "id": len(self.sessions) + 1,
            "event_id": event["id"],
            "starts_at": begins,
            "ends_at": begins + timedelta(minutes=minutes),
            "all_day": False,
            "status": status.value,
            "capacity": None,
            "uid": self.uid(),
            "sequence": 0,
            "created_at": event["created_at"],
            "updated_at": event["created_at"],
        })

    def _add_series(self, event, first_day: date, start: time, minutes: int) -> None:
        """A weekly series over a school term, skipping the school holidays."""
        weeks = self.rng.choice((6, 8, 10, 12))
        day, added = first_day, 0
        while added < weeks:
            if holiday_on(day) is None:
                cancelled = added > 1 and self.rng.random() < 0.03
                self._add_session(event, day, start, minutes,
                                  SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED)
                added += 1
            day += timedelta(days=7)

    def _add_all_day(self, event, first_day: date, days: int) -> None:
        self.sessions.append({
            "id": len(self.sessions) + 1,
            "event_id": event["id"],
            "starts_at": local(first_day, time.min),
            "ends_at": local(first_day + timedelta(days=days), time.min),
            "all_day": True,
            "status": SessionStatus.SCHEDULED.value,
            "capacity": None,
            "uid": self.uid(),
            "sequence": 0,
            "created_at": event["created_at"],
            "updated_at": event["created_at"],
        })

    # ---------------------------------------------------------------- registrations
    def build_registrations(self) -> None:
        """Registrations for the public events with a capacity: about a quarter full with a
        waiting list, some exactly full, the rest with seats left. Never more confirmed than
        the capacity; identities unique per event (the `uq_registrations_identity` index);
        children registered by a guardian, their ages inside the event's range on its first
        day."""
        first_days: dict[int, date] = {}
        for row in self.sessions:
            if row["status"] == SessionStatus.SCHEDULED.value:
                day = to_local(row["starts_at"]).date()
                if row["event_id"] not in first_days or day < first_days[row["event_id"]]:
                    first_days[row["event_id"]] = day
        public = (EventStatus.PUBLISHED.value, EventStatus.POSTPONED.value,
                  EventStatus.CANCELLED.value)
        eligible = [event for event in self.events
                    if event["status"] in public and event["capacity"]
                    and event["registration_mode"] == RegistrationMode.SERIES.value
                    and event["id"] in first_days]
        # Enough to show every state; bounded so that `--events 10000` stays fast.
        for event in eligible[:MAX_REGISTERED_EVENTS]:
            self._register_for(event, first_days[event["id"]])

    def _register_for(self, event: dict, first_day: date) -> None:
        rng, capacity = self.rng, event["capacity"]
        pattern = rng.random() if capacity <= 40 else 1.0  # big halls rarely fill up
        if pattern < 0.25:
            confirmed = capacity
            waiting = rng.randint(1, min(8, capacity)) if event["waitlist_enabled"] else 0
        elif pattern < 0.35:
            confirmed, waiting = capacity, 0
        else:
            confirmed, waiting = rng.randint(0, capacity * 2 // 3), 0
        taken: set[str] = set()
        seats = 0
        while seats < confirmed + waiting:
            people = self._household(event, first_day, taken)
            for person in people:
                status = (RegistrationStatus.CONFIRMED if seats < confirmed
                          else RegistrationStatus.WAITLISTED)
                self._add_registration(event, person, status, first_day)
                seats += 1
                if seats >= confirmed + waiting:
                    break
        if rng.random() < 0.15:  # someone cancelled earlier: the seat went back
            for person in self._household(event, first_day, taken)[:1]:
                self._add_registration(event, person, RegistrationStatus.CANCELLED,
                                       first_day)

    def _household(self, event: dict, first_day: date, taken: set[str]) -> list[dict]:
        """One form: an adult, a young person from 13, or a guardian with one or two
        children; identities not yet taken for this event."""
        rng = self.rng
        low, high = event["age_min"], event["age_max"]
        while True:
            first, last = rng.choice(texts.ADULT_FIRST_NAMES), rng.choice(texts.LAST_NAMES)
            email = (f"{slugify(first)}.{slugify(last).replace('-', '')}{rng.randint(1, 999)}"
                     f"@{rng.choice(texts.MAIL_DOMAINS)}")
            contact = {"contact_name": f"{first} {last}", "contact_email": email,
                       "contact_phone": f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} "
                                        f"{rng.randint(10, 99)} {rng.randint(10, 99)}"}
            if low is not None and low < rules.DIGITAL_CONSENT_AGE:
                top = min(high if high is not None else 12, rules.DIGITAL_CONSENT_AGE - 1)
                children = []
                for child_first in rng.sample(texts.CHILD_FIRST_NAMES, rng.choice((1, 1, 2))):
                    born = self._born(first_day, rng.randint(low, top))
                    identity = rules.child_identity(email, rules.Child(child_first, last, born))
                    children.append({**contact, "identity_key": identity, "is_child": True,
                                     "child_first_name": child_first, "child_last_name": last,
                                     "birth_date": born, "guardian_consent": True,
                                     "photo_consent": rng.random() < 0.7})
                if not any(c["identity_key"] in taken for c in children):
                    taken.update(c["identity_key"] for c in children)
                    return children
                continue
            identity = rules.adult_identity(email)
            if identity in taken:
                continue
            taken.add(identity)
            person = {**contact, "identity_key": identity}
            if high is not None and high < rules.ADULT_AGE:  # a young person from 13
                young = rng.choice(texts.CHILD_FIRST_NAMES)
                person.update(contact_name=f"{young} {last}",
                              birth_date=self._born(first_day, rng.randint(low or 13, high)),
                              parent_name=f"{first} {last}", parent_email=email)
            if event["kind"] == EventKind.NETWORK_MOMENT.value:
                organisation = rng.choice(self.organisations)
                person.update(participant_organisation=organisation["name"],
                              participant_helix=organisation["helix"])
            return [person]

    def _born(self, first_day: date, age: int) -> date:
        """A birth date at which someone is exactly `age` on `first_day`."""
        try:
            latest = first_day.replace(year=first_day.year - age)
        except ValueError:  # 29 February
            latest = first_day.replace(year=first_day.year - age, day=28)
        return latest - timedelta(days=self.rng.randint(0, 360))

    def _add_registration(self, event: dict, person: dict, status: RegistrationStatus,
                          first_day: date) -> None:
        rng = self.rng
        created = event["created_at"] + timedelta(days=rng.randint(1, 4),
                                                  minutes=len(self.registrations) % 1440)
        self.registrations.append({
            "id": len(self.registrations) + 1, "event_id": event["id"], "session_id": None,
            "status": status.value, "identity_key": person["identity_key"],
            "contact_name": person["contact_name"], "contact_email": person["contact_email"],
            "contact_phone": person["contact_phone"],
            "owner_key": rules.owner_key(person["contact_email"]),
            "is_child": person.get("is_child", False),
            "child_first_name": person.get("child_first_name", ""),
            "child_last_name": person.get("child_last_name", ""),
            "birth_date": person.get("birth_date"),
            "age_group": rules.age_group(person.get("birth_date"), first_day),
            "guardian_consent": person.get("guardian_consent", False),
            "photo_consent": person.get("photo_consent", False),
            "parent_name": person.get("parent_name", ""),
            "parent_email": person.get("parent_email", ""),
            "participant_organisation": person.get("participant_organisation", ""),
            "participant_helix": person.get("participant_helix"),
            "answers": {}, "manage_token": f"{rng.getrandbits(192):048x}", "anonymised": False,
            "created_at": created, "updated_at": created,
            "confirmed_at": created if status == RegistrationStatus.CONFIRMED else None,
            "cancelled_at": created + timedelta(days=1)
            if status == RegistrationStatus.CANCELLED else None,
        })

    # ---------------------------------------------------------------- accounts
    def build_users(self) -> list[User]:
        coordinator = User(email="coordinator@stem-events.example",
                           display_name="Coördinator STEM-platform", role=Role.ADMIN)
        organiser = User(email="organisator@stem-events.example",
                         display_name="An Organisator", role=Role.ORGANISER)
        for user in (coordinator, organiser):
            user.set_password(self.passwords[user.email])
        academy = next(o for o in self.organisations if o["is_academy"] and o["approved"])
        organiser.memberships.append(
            Membership(organisation_id=academy["id"], role=MemberRole.OWNER)
        )
        return [coordinator, organiser]

    # ---------------------------------------------------------------- writing
    def _set_spans(self) -> None:
        spans: dict[int, list] = {}
        for row in self.sessions:
            span = spans.setdefault(row["event_id"], [row["starts_at"], row["ends_at"]])
            span[0], span[1] = min(span[0], row["starts_at"]), max(span[1], row["ends_at"])
        for event in self.events:
            event["first_start"], event["last_end"] = spans.get(event["id"], (None, None))

    def _add_images(self, count: int = 8) -> None:
        """A few published events get an image (shapes in the brand's colours, made here,
        stored by the image pipeline), so agenda cards and og:image show on a fresh install."""
        published = [e for e in self.events if e["status"] == EventStatus.PUBLISHED]
        for event in published[:count]:
            image = Image.new("RGB", (1200, 800), self.rng.choice(IMAGE_COLOURS))
            draw = ImageDraw.Draw(image)
            for _shape in range(6):
                x, y = self.rng.randrange(0, 1100), self.rng.randrange(0, 700)
                size = self.rng.randrange(80, 300)
                draw.ellipse((x, y, x + size, y + size), fill=self.rng.choice(IMAGE_COLOURS))
            buffer = BytesIO()
            image.save(buffer, "PNG")
            event["image_path"] = store_image(buffer.getvalue())

    def write(self, chunks: Callable[[list[dict]], Iterator[list[dict]]]) -> None:
        self._set_spans()
        self._add_images()
        session = db.session
        for table, rows in (
            (Organisation.__table__, self.organisations),
            (Event.__table__, self.events),
            (EventSession.__table__, self.sessions),
            (event_themes, self.links["themes"]),
            (event_goals, self.links["goals"]),
            (event_organisations, self.links["orgs"]),
            (Registration.__table__, self.registrations),
        ):
            for chunk in chunks(rows):
                session.execute(table.insert(), chunk)
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            for table in ("organisations", "events", "event_sessions", "registrations"):
                session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                ))
        session.add_all(self.build_users())
