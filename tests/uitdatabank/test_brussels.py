"""The 19 Brussels municipalities (NIS 21001–21019, postcodes 1000–1210) in both directions:
the address we send for a place there, and the municipality an imported event lands in.
Postcodes 1040 and 1050 are shared by the City of Brussels and Etterbeek / Elsene, and many
venues there carry "Brussel" or "Bruxelles" in their name."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem_events.imports import mapping as import_mapping
from stem_events.imports.uitdatabank import feed_event
from stem_events.reference.models import Municipality, Postcode
from stem_events.uitdatabank import export

BRUSSELS = [f"210{n:02d}" for n in range(1, 20)]


def _pairs(db) -> list[tuple[str, Municipality]]:
    rows = db.session.execute(sa.select(Postcode.code, Municipality).join(
        Municipality, Postcode.municipality_nis == Municipality.nis)
        .where(Municipality.nis.in_(BRUSSELS)).order_by(Postcode.code, Municipality.nis))
    return [(code, municipality) for code, municipality in rows]


def test_the_reference_data_has_the_19_municipalities_and_their_postcodes(db):
    pairs = _pairs(db)
    assert {m.nis for _code, m in pairs} == set(BRUSSELS)
    assert {code for code, _m in pairs} == {
        "1000", "1020", "1030", "1040", "1050", "1060", "1070", "1080", "1081", "1082",
        "1083", "1090", "1120", "1130", "1140", "1150", "1160", "1170", "1180", "1190",
        "1200", "1210"}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_an_imported_address_lands_in_its_municipality(db, language):
    wrong = []
    for code, municipality in _pairs(db):
        locality = municipality.name if language == "nl" else municipality.name_fr
        venue = "Vrije Universiteit Brussel" if language == "nl" else \
            "Université libre de Bruxelles"
        document = {"@id": f"https://io.uitdatabank.be/events/{code}-{municipality.nis}",
                    "name": {"nl": "Robotica"},
                    "location": {"name": {language: venue}, "address": {language: {
                        "streetAddress": "Pleinlaan 2", "postalCode": code,
                        "addressLocality": locality, "addressCountry": "BE"}}}}
        found = import_mapping.place(feed_event(document).location)
        if found.get("municipality_nis") != municipality.nis or found.get("postcode") != code:
            wrong.append((code, locality, found.get("municipality_nis")))
    assert wrong == []


def _exported_address(app, fake, event) -> dict:
    from stem_events.uitdatabank.client import Client, Settings

    with Client(Settings.from_config(app.config)) as api:
        place_id = export.find_place(api, event)
    return fake.places[place_id.rsplit("/", 1)[1]]["address"]["nl"]


def test_an_exported_place_has_the_dutch_locality_and_a_postcode_of_its_municipality(
        app, db, fake, make_event, organiser):
    wrong = []
    for code, municipality in _pairs(db):
        event = make_event(organisation=organiser[1], venue_name=f"Huis {municipality.nis}",
                           postcode=code, street="Kerkstraat 1",
                           municipality_nis=municipality.nis)
        address = _exported_address(app, fake, event)
        if (address["addressLocality"], address["postalCode"]) != (municipality.name, code):
            wrong.append((code, municipality.nis, address))
    assert wrong == []
    fake.assert_no_rejections()


def test_a_municipality_without_postcode_gets_its_own(app, db, fake, make_event, organiser):
    wrong = []
    for nis in BRUSSELS:
        municipality = db.session.get(Municipality, nis)
        event = make_event(organisation=organiser[1], venue_name=f"Zaal {nis}", postcode="",
                           municipality_nis=nis)
        address = _exported_address(app, fake, event)
        codes = {p.code for p in municipality.postcodes}
        if address["addressLocality"] != municipality.name or address["postalCode"] not in codes:
            wrong.append((nis, address))
    assert wrong == []


def test_the_import_asks_for_brussels_by_uitdatabanks_region_ids(db):
    """publiq's Search API documents `regions:nis-01000` for the Brussels Capital Region; our
    reference data keeps Statbel's region code 04000 as Brussels' "province". The 19
    municipalities are asked for by their own NIS codes."""
    from stem_events.imports import uitdatabank as udb_import

    settings = udb_import.import_settings()
    settings.eventtypes, settings.themes = [], []
    settings.regions = ["04000", *BRUSSELS]
    expected = " OR ".join(f"regions:nis-{c}" for c in ["01000", *BRUSSELS])
    assert udb_import.query(settings) == f"({expected})"
