"""Demo data for the UiTdatabank import: the coordinators' default choice of types and themes,
and one organizer met there that waits to be linked to an organisation."""

from __future__ import annotations

from stem_events.extensions import db

from .uitdatabank import import_settings
from .uitdatabank_models import UitdatabankOrganizer


def build_uitdatabank_import_demo() -> None:
    import_settings()
    db.session.add(UitdatabankOrganizer(
        organizer_id="https://io-test.uitdatabank.be/organizers/"
                     "5f1c1f4e-3c3a-4c55-9a4e-6f7d9e2b1a10",
        name="Volkssterrenwacht Urania", postcode="2610", waiting=4))
