"""Demo data: the demo organiser's academy publishes in UiTdatabank's test environment; two of
its events are there already (their images too, as mediaObjects), one waits after UiTdatabank
refused it (with the API's words), so a fresh install shows the manage panel and the
coordinators' queue."""

from __future__ import annotations

import random
import uuid

import sqlalchemy as sa

from stem_events.accounts.models import Membership, User
from stem_events.date_time import now_utc
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db

from .mapping import KIND_EVENTTYPES
from .models import (
    ExportChoice,
    JobStatus,
    UitdatabankEvent,
    UitdatabankJob,
    UitdatabankOrganisation,
)

TEST_ENVIRONMENT = "https://io-test.uitdatabank.be"
REFUSED = ("UiTdatabank weigerde de gegevens: Invalid body data; /typicalAgeRange: must look "
           "like '6-12', '18-' or '-'")


def build_uitdatabank_demo(seed: int) -> int:
    """Returns how many demo events are linked to UiTdatabank."""
    membership = db.session.scalar(sa.select(Membership).join(User).where(
        User.email == "organisator@stem-events.example"))
    if membership is None:
        return 0
    rng = random.Random(seed + 20)  # noqa: S311  (demo data, not security)

    def uuid4() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    organisation_id = membership.organisation_id
    db.session.add(UitdatabankOrganisation(
        organisation_id=organisation_id, export_all=True,
        organizer_id=f"{TEST_ENVIRONMENT}/organizers/{uuid4()}"))
    events = list(db.session.scalars(
        sa.select(Event).where(Event.organisation_id == organisation_id,
                               Event.status == EventStatus.PUBLISHED,
                               Event.kind.in_([k for k in KIND_EVENTTYPES if k != "other"]))
        .order_by(Event.id).limit(3)))
    now = now_utc()
    for index, event in enumerate(events):
        state = UitdatabankEvent(event_id=event.id, organisation_id=organisation_id,
                                 choice=ExportChoice.FOLLOW, eventtype="", deleted_there=False,
                                 uitdatabank_id="", last_error="")
        if index < 2:
            state.uitdatabank_id = f"{TEST_ENVIRONMENT}/events/{uuid4()}"
            state.synced_at, state.last_end = now, event.last_end
            if event.image_path:  # went up once as a mediaObject, the main image there
                state.image_file, state.image_id = event.image_path, str(uuid4())
        else:
            state.last_error = REFUSED
            db.session.add(UitdatabankJob(event_id=event.id, status=JobStatus.FAILED,
                                          attempts=1, next_attempt_at=now, last_error=REFUSED,
                                          finished_at=now))
        db.session.add(state)
    return len(events)
