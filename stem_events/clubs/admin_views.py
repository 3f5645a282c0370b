"""Coordinators keep the clubs: /admin/clubs."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.clubs import services
from stem_events.clubs.forms import ClubForm
from stem_events.clubs.models import Club
from stem_events.errors import DomainError, NotFound
from stem_events.extensions import db
from stem_events.reference.models import Municipality

bp = Blueprint("clubs_admin", __name__, url_prefix="/admin/clubs")
bp.before_request(policies.coordinators_only)


def _choices(form: ClubForm) -> None:
    form.municipality_nis.choices = [("", _("— kies —"))] + [
        (m.nis, m.name) for m in db.session.scalars(
            sa.select(Municipality).order_by(Municipality.name))]
    form.organisation_ids.choices = [
        (o.id, o.name) for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.approved.is_(True))
            .order_by(Organisation.is_academy.desc(), Organisation.name))]
    form.series_event_id.choices = [("", _("— nog geen —"))] + [
        (str(e.id), e.title) for e in services.series_choices()]


def _lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _input(form: ClubForm) -> services.ClubInput:
    series = form.series_event_id.data
    return services.ClubInput(
        name=form.name.data or "", description=form.description.data or "",
        municipality_nis=form.municipality_nis.data or "",
        organisation_ids=list(form.organisation_ids.data or []),
        contact_name=form.contact_name.data or "", contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        contact_consent=bool(form.contact_consent.data),
        schools_shown=_lines(form.schools_shown.data),
        schools_hidden=_lines(form.schools_hidden.data),
        series_event_id=int(series) if series and str(series).isdigit() else None,
        active=bool(form.active.data))


@bp.get("")
def index():
    return render_template("clubs/admin_index.html", clubs=services.all_clubs())


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:club_id>", methods=["GET", "POST"])
def edit(club_id: int | None = None):
    club = db.session.get(Club, club_id) if club_id else None
    if club_id and club is None:
        raise NotFound(_("Deze STEM-club bestaat niet."))
    form = ClubForm(obj=None)
    _choices(form)
    if club is not None and not form.is_submitted():
        for name in ("name", "description", "municipality_nis", "contact_name",
                     "contact_email", "contact_phone", "contact_consent", "active"):
            getattr(form, name).data = getattr(club, name)
        form.organisation_ids.data = [o.id for o in club.organisations]
        form.schools_shown.data = "\n".join(s.name for s in club.schools if s.consent)
        form.schools_hidden.data = "\n".join(s.name for s in club.schools if not s.consent)
        form.series_event_id.data = str(club.series_event_id or "")
    problem = None
    if form.validate_on_submit():
        try:
            saved = services.save(club, _input(form))
            flash(_("De club is bewaard."), "success")
            return redirect(url_for(".edit", club_id=saved.id))
        except DomainError as error:
            db.session.rollback()
            problem = error.message
    status = 400 if form.is_submitted() else 200
    return render_template("clubs/admin_form.html", form=form, club=club,
                           problem=problem), status
