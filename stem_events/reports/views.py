"""`/stem-in-cijfers`: the reach figures of the last two complete school years, for policy
makers and journalists; the same aggregates and the same small-cell rule as the report."""

from __future__ import annotations

from flask import Blueprint, render_template

from stem_events.reports import reach

bp = Blueprint("reports", __name__)


@bp.get("/stem-in-cijfers")
def figures():
    years = [reach.build(period) for period in reach.last_complete_years(2)]
    return render_template("reports/public.html", years=[(f, reach.tables(f)) for f in years])
