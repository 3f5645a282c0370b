"""Demo data for the UiTdatabank import: the coordinators' default choice of types and themes,
one organizer met there that waits to be linked to an organisation, and one organisation whose
last import was held (it would cancel most of its upcoming sessions) until a coordinator
confirms it on /admin/uitdatabank/import/."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.accounts.models import Organisation
from stem_events.date_time import now_utc
from stem_events.extensions import db

from .models import ImportRun, RunOutcome
from .uitdatabank import import_settings, source_for
from .uitdatabank_models import UitdatabankOrganizer

HELD = ("Deze import zou 5 van de 6 komende sessies annuleren; een coördinator bevestigt "
        "eerst.")


def build_uitdatabank_import_demo() -> None:
    import_settings()
    db.session.add(UitdatabankOrganizer(
        organizer_id="https://io-test.uitdatabank.be/organizers/"
                     "5f1c1f4e-3c3a-4c55-9a4e-6f7d9e2b1a10",
        name="Volkssterrenwacht Urania", postcode="2610", waiting=4))
    organisation_id = db.session.scalar(sa.select(Organisation.id).where(
        Organisation.approved.is_(True)).order_by(Organisation.id.desc()).limit(1))
    if organisation_id is None:
        return
    source = source_for(organisation_id)
    source.held_reason = HELD
    now = now_utc()
    db.session.add(ImportRun(source_id=source.id, started_at=now, finished_at=now,
                             outcome=RunOutcome.HELD, error=HELD, problems=[]))
