"""The monitoring report for coordinators (`/admin/report`), as a page and as CSV."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from stem_events.accounts import policies
from stem_events.reports import reach
from stem_events.reports import services as monitoring

bp = Blueprint("reports_admin", __name__, url_prefix="/admin")
bp.before_request(policies.coordinators_only)


def _period():
    return monitoring.parse_period(request.args.get("from"), request.args.get("to"),
                                   request.args.get("province"))


@bp.get("/report")
def report():
    try:
        period = _period()
    except monitoring.InvalidPeriod as error:
        return render_template("reports/report.html", error=error.message, data=None,
                               args=request.args, provinces=monitoring.provinces(),
                               academy_definition=monitoring.academy_definition()), 400
    data = monitoring.build_report(period)
    return render_template("reports/report.html", error=None, data=data, args=request.args,
                           tables=monitoring.tables(data), charts=monitoring.charts(data),
                           people=monitoring.participant_totals(data),
                           provinces=monitoring.provinces(),
                           academy_definition=monitoring.academy_definition())


@bp.get("/report/<name>.csv")
def report_csv(name: str):
    if name not in monitoring.TABLE_NAMES:
        abort(404)
    period = _period()
    header, rows = monitoring.tables(monitoring.build_report(period))[name]
    where = f"-{period.province}" if period.province else ""
    filename = f"stem-rapport-{name}-{period.first}-{period.last}{where}.csv"
    return current_app.response_class(
        monitoring.to_csv(header, rows), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Content-Type": "text/csv; charset=utf-8"})


@bp.get("/report/reach")
def reach_report():
    """Reach per province and goal for one fixed, complete period (school year or quarter)."""
    try:
        period = reach.parse_fixed_period(request.args.get("period"))
    except monitoring.InvalidPeriod as error:
        return render_template("reports/reach.html", error=error.message, figures=None,
                               periods=reach.complete_periods()), 400
    figures = reach.build(period)
    return render_template("reports/reach.html", error=None, figures=figures,
                           tables=reach.tables(figures), periods=reach.complete_periods())


@bp.get("/report/reach/<name>.csv")
def reach_csv(name: str):
    if name not in reach.TABLE_NAMES:
        abort(404)
    period = reach.parse_fixed_period(request.args.get("period"))
    header, rows = reach.tables(reach.build(period))[name]
    filename = f"stem-bereik-{name.removeprefix('reach_')}-{period.key}.csv"
    return current_app.response_class(
        monitoring.to_csv(header, rows), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Content-Type": "text/csv; charset=utf-8"})
