"""Coordinators' pages of network moments (`/admin/network/…`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.errors import InvalidInput
from stem_events.extensions import db
from stem_events.initiatives import catalogue
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.network import services
from stem_events.network.forms import EXTRA_PITCH_ROWS, NetworkMomentForm
from stem_events.reference.models import HelixPillar, Province

bp = Blueprint("network_admin", __name__, url_prefix="/admin")
bp.before_request(policies.coordinators_only)


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
    form.initiatives.data = [i.id for i in catalogue.initiatives_presented_at(moment.event_id)]
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
