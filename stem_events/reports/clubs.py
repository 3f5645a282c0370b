"""The report's teacher STEM-clubs, next to the academies of OD 1.2.1: coverage per
province, every active club, and per municipality (columns of the `municipalities` table).

The same (header, rows) feed the page and the CSV (`services.tables`). Clubs are counted as
they are today, not over the report's period; the teachers registered for a club's current
meeting series are people, so they follow THE small-cell rule (small_cells.py): a club's
count is a part of its province's, a province's a part of the total."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.clubs import services as clubs
from stem_events.clubs.models import Club
from stem_events.extensions import db
from stem_events.reference.models import Municipality
from stem_events.reports.small_cells import Counts

TOTAL = "total"


@dataclass
class ClubFigures:
    coverage: list[clubs.ClubCoverage]
    per_municipality: dict[str, int]
    clubs: list[Club]
    members: Counts


def build(province: str | None) -> ClubFigures:
    coverage, per_municipality = clubs.coverage(province)
    listed = list(db.session.scalars(
        sa.select(Club).join(Club.municipality).where(
            Club.active.is_(True),
            Municipality.province_nis == province if province else sa.true())
        .options(selectinload(Club.organisations),
                 selectinload(Club.municipality).selectinload(Municipality.province))
        .order_by(Municipality.province_nis, Club.name, Club.id)))
    per_club = clubs.members_per_club()
    members = Counts()
    for row in coverage:
        members.add(("province", row.province.nis), 0)
    for club in listed:
        count = per_club.get(club.id, 0)
        members.add(("club", club.id), count)
        members.add(("province", club.municipality.province_nis), count)
        members.add(TOTAL, count)
    members.add(TOTAL, 0)
    for row in coverage:
        nis = row.province.nis
        members.group([*(("club", c.id) for c in listed if c.municipality.province_nis == nis),
                       ("province", nis)])
    members.group([*(("province", row.province.nis) for row in coverage), TOTAL])
    return ClubFigures(coverage, per_municipality, listed, members)


def tables(figures: ClubFigures) -> dict[str, tuple[list[str], list[list[object]]]]:
    rows = figures.coverage
    municipalities = sum(r.municipalities for r in rows)
    with_club = sum(r.with_club for r in rows)
    return {
        "clubs": (
            [_("Provincie"), _("Gemeenten"), _("Met een STEM-club"), _("Procent"), _("Clubs"),
             _("Ingeschreven leerkrachten")],
            [[r.province.short_name, r.municipalities, r.with_club, r.percent, r.clubs,
              figures.members.text(("province", r.province.nis))] for r in rows]
            + [[_("Totaal"), municipalities, with_club,
                round(100 * with_club / municipalities) if municipalities else 0,
                sum(r.clubs for r in rows), figures.members.text(TOTAL)]],
        ),
        "club_list": (
            [_("Club"), _("Gemeente"), _("Provincie"), _("Organisaties"),
             _("Ingeschreven leerkrachten")],
            [[c.name, c.municipality.name, c.municipality.province.short_name,
              ", ".join(o.name for o in c.organisations), figures.members.text(("club", c.id))]
             for c in figures.clubs],
        ),
    }


def municipality_columns(figures: ClubFigures, nis: str) -> list[object]:
    """The clubs' columns of one row of the report's `municipalities` table."""
    count = figures.per_municipality.get(nis, 0)
    return [_("ja") if count else _("nee"), count]


def municipality_header() -> list[str]:
    return [_("STEM-club voor leerkrachten"), _("Clubs")]
