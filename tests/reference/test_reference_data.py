"""The reference data that ships with the schema (migration 0001)."""

import sqlalchemy as sa

from stem_events.reference.models import Goal, GoalLevel, Municipality, Postcode, Province, Theme


def count(db, model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_flemish_and_brussels_municipalities_after_the_2025_mergers(db):
    flemish = count(db, Municipality, Municipality.province_nis != "04000")
    brussels = count(db, Municipality, Municipality.province_nis == "04000")
    assert (flemish, brussels) == (285, 19)
    merged = db.session.get(Municipality, "44088")  # Merelbeke-Melle, merged in 2025
    assert merged is not None and merged.name == "Merelbeke-Melle"


def test_five_provinces_and_brussels(db):
    names = {p.short_name for p in db.session.scalars(sa.select(Province))}
    assert names == {"Antwerpen", "Vlaams-Brabant", "West-Vlaanderen", "Oost-Vlaanderen",
                     "Limburg", "Brussels Hoofdstedelijk Gewest"}


def test_postcodes_find_their_municipality(db):
    gent = db.session.scalars(
        sa.select(Municipality).join(Postcode).where(Postcode.code == "9000")
    ).all()
    assert [m.name for m in gent] == ["Gent"]
    shared = db.session.scalars(sa.select(Postcode).where(Postcode.code == "1040")).all()
    assert len(shared) >= 2  # Brussel and Etterbeek share 1040


def test_goal_tree_from_the_stem_agenda(db):
    assert count(db, Goal, Goal.level == GoalLevel.STRATEGIC) == 4
    ods = db.session.scalars(
        sa.select(Goal).where(Goal.level == GoalLevel.OPERATIONAL).order_by(Goal.position)
    ).all()
    assert ods[0].code == "OD1.1.1" and ods[-1].code == "OD4.2.3"
    academy = db.session.get(Goal, "OD1.2.1")
    assert academy.label == "OD 1.2.1"
    assert academy.title.startswith("Een STEM-academie in iedere gemeente")
    assert academy.parent.code == "TD1.2" and academy.parent.parent.code == "SD1"
    assert all(od.parent.level == GoalLevel.TACTICAL for od in ods)


def test_themes_are_seeded_and_editable(db):
    slugs = set(db.session.scalars(sa.select(Theme.slug)))
    assert {"digitalisering", "ai", "cybersecurity", "energie", "duurzaamheid", "zorg",
            "ruimtevaart"} <= slugs
    theme = db.session.scalar(sa.select(Theme).where(Theme.slug == "zorg"))
    theme.name = "Zorg"
    db.session.commit()
    assert db.session.scalar(sa.select(Theme.name).where(Theme.slug == "zorg")) == "Zorg"
    theme.name = "Zorg en gezondheid"
    db.session.commit()
