"""Coordinators' pages (`/admin/…`): network moments and the monitoring report."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.accounts.models import Organisation
from stem_events.admin.review import decide
from stem_events.errors import InvalidInput
from stem_events.extensions import db, login_manager
from stem_events.manage import audit
from stem_events.manage.forms import ReasonForm
from stem_events.network import initiatives, services
from stem_events.network.forms import EXTRA_PITCH_ROWS, NetworkMomentForm
from stem_events.network.models import Initiative, InitiativeStatus
from stem_events.reference.models import HelixPillar, Province

bp = Blueprint("network_admin", __name__, url_prefix="/admin")


@bp.before_request
def coordinators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    services.ensure_coordinator(current_user)
    return None


@bp.get("/network/")
def network_moments():
    return render_template("network/admin_moments.html",
                           moments=services.network_moments_for_admin())


def _choices(form: NetworkMomentForm) -> None:
    provinces = db.session.scalars(sa.select(Province).order_by(Province.name)).all()
    form.province.choices = [("", _("—"))] + [(p.nis, p.short_name) for p in provinces]
    form.pillars.choices = [(p.value, p.label) for p in HelixPillar]
    initiatives = db.session.execute(
        sa.select(Initiative.id, Initiative.name)
        .where(Initiative.status == InitiativeStatus.PUBLISHED).order_by(Initiative.name)).all()
    form.initiatives.choices = [(i, name) for i, name in initiatives]
    organisations = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(Organisation.approved.is_(True))
        .order_by(Organisation.name)).all()
    for entry in form.pitches:
        entry.organisation.choices = [("", _("—"))] + [(str(i), n) for i, n in organisations]
        entry.initiative.choices = [("", _("—"))] + [(str(i), n) for i, n in initiatives]


def _fill(form: NetworkMomentForm, moment) -> None:
    form.region.data, form.province.data = moment.region, moment.province_nis or ""
    form.pillars.data = [p.value for p in moment.invited_pillars]
    form.initiatives.data = [i.id for i in services.initiatives_presented_at(moment.event_id)]
    form.report.data = moment.report
    while len(form.pitches):
        form.pitches.pop_entry()
    for pitch in moment.pitches:
        form.pitches.append_entry({"title": pitch.title, "speaker_name": pitch.speaker_name,
                                   "organisation": pitch.organisation_id,
                                   "initiative": pitch.initiative_id})
    for _row in range(EXTRA_PITCH_ROWS):
        form.pitches.append_entry()


def _pitches(form: NetworkMomentForm) -> list[services.PitchInput]:
    return [
        services.PitchInput(title=e.title.data or "", organisation_id=e.organisation.data,
                            initiative_id=e.initiative.data, speaker_name=e.speaker_name.data or "")
        for e in form.pitches
        if (e.title.data or "").strip() or e.organisation.data or e.initiative.data
        or (e.speaker_name.data or "").strip()
    ]


@bp.route("/network/<int:event_id>", methods=["GET", "POST"])
def edit_network_moment(event_id: int):
    return moment_form_page(
        services.get_moment_event(event_id), "network_admin.edit_network_moment",
        back=(url_for("network_admin.network_moments"), _("Netwerkmomenten beheren")))


def moment_form_page(event, endpoint: str, back: tuple[str, str]):
    """The network moment's form: region, invited pillars, pitches, presented initiatives and
    report; for coordinators (`/admin/network/<id>`) and the event's organisers
    (`/manage/events/<id>/network`), who record the initiatives and the report afterwards."""
    moment = services.moment_for(event)
    form = NetworkMomentForm()
    if request.method == "GET":
        _fill(form, moment)
    _choices(form)
    error = None
    if form.validate_on_submit():
        try:
            services.save_network_moment(
                event, region=form.region.data or "", province_nis=form.province.data or None,
                pillars=form.pillars.data or [], report=form.report.data or "",
                initiative_ids=form.initiatives.data or [], pitches=_pitches(form))
        except InvalidInput as problem:
            db.session.rollback()
            error = problem.message
        else:
            flash(_("Het netwerkmoment is bewaard."), "success")
            return redirect(url_for(endpoint, event_id=event.id))
    status = 400 if (error or form.errors) else 200
    return render_template("network/admin_moment.html", event=event, form=form,
                           error=error, back=back), status


@bp.route("/initiatives/<int:initiative_id>", methods=["GET", "POST"])
def review_initiative(initiative_id: int):
    """Approve an initiative in review, or reject it with a reason mailed to its
    organisations (as `/admin/events/<id>` does for events)."""
    initiative = initiatives.managed_initiative(current_user, initiative_id)
    form = ReasonForm()
    status = 200
    if request.method == "POST":
        status = decide(
            form, lambda: initiatives.approve_initiative(current_user, initiative),
            lambda reason: initiatives.reject_initiative(current_user, initiative, reason))
        if status is None:
            flash(_("Je beslissing is bewaard en gemaild aan de organisatie."), "success")
            return redirect(url_for("admin.index"))
    return render_template(
        "admin/initiative.html", initiative=initiative, form=form,
        changes=initiatives.changes_since_approval(initiative),
        entries=audit.entries(initiative_id=initiative.id), labels=audit.ACTION_LABELS,
        field_labels=audit.FIELD_LABELS), status


def _period():
    from stem_events.network import report

    return report.parse_period(request.args.get("from"), request.args.get("to"))


@bp.get("/report")
def report():
    from stem_events.network import report as monitoring

    try:
        period = _period()
    except monitoring.InvalidPeriod as error:
        return render_template("admin/report.html", error=error.message, data=None,
                               args=request.args), 400
    data = monitoring.build_report(period)
    return render_template("admin/report.html", error=None, data=data, args=request.args,
                           tables=monitoring.tables(data), charts=monitoring.charts(data))


@bp.get("/report/<name>.csv")
def report_csv(name: str):
    from flask import abort, current_app

    from stem_events.network import report as monitoring

    if name not in monitoring.TABLE_NAMES:
        abort(404)
    period = _period()
    header, rows = monitoring.tables(monitoring.build_report(period))[name]
    filename = f"stem-rapport-{name}-{period.first}-{period.last}.csv"
    return current_app.response_class(
        monitoring.to_csv(header, rows), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Content-Type": "text/csv; charset=utf-8"})


def _int_field(name: str) -> int:
    raw = request.form.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


# The State-of-the-STEM pages add their routes to this blueprint.
from stem_events.network import edition_admin as _edition_admin  # noqa: E402, F401
