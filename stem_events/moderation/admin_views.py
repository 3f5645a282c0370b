"""Coordinators: approve or reject events and organisations, mark organisations trusted,
read the audit log, correct school holidays."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from stem_events.accounts import policies
from stem_events.accounts import services as account_services
from stem_events.accounts.forms import InviteForm
from stem_events.accounts.models import MemberRole, Organisation
from stem_events.audit import services as audit
from stem_events.errors import DomainError
from stem_events.events import management as event_services
from stem_events.extensions import db
from stem_events.forms import Form
from stem_events.initiatives import services as initiatives
from stem_events.moderation.review import decide
from stem_events.reference.holiday_overrides import HolidayOverride
from stem_events.web.forms import EmptyForm, ReasonForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _coordinators_only():
    policies.require(policies.can_moderate(current_user),
                     _("Deze pagina's zijn voor coördinatoren."))


class HolidayForm(Form):
    year = IntegerField(_l("Jaar waarin de vakantie begint"), validators=[
        InputRequired(_l("Vul een jaar in.")),
        NumberRange(2000, 2100, _l("Een jaar tussen 2000 en 2100."))])
    key = StringField(_l("Sleutel"), validators=[DataRequired(_l("Vul een sleutel in.")),
                                                 Length(max=40)],
                      description=_l("krokus, easter, summer, autumn of christmas vervangt die "
                                    "vakantie; een andere sleutel voegt een vrije periode toe."))
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                               Length(max=80)])
    first_day = DateField(_l("Eerste dag"), validators=[InputRequired(_l("Vul een datum in."))])
    last_day = DateField(_l("Laatste dag"), validators=[InputRequired(_l("Vul een datum in."))])


def _context():
    return {"labels": audit.ACTION_LABELS, "field_labels": audit.FIELD_LABELS}


@bp.get("/")
def index():
    pending = list(db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(False),
                                      Organisation.reviewed_at.is_(None))
        .order_by(Organisation.created_at)))
    queue = event_services.review_queue()
    changes = {e.id: event_services.changes_since_approval(e) for e in queue}
    initiative_queue = initiatives.review_queue()
    return render_template(
        "admin/index.html", queue=queue, pending=pending, changes=changes,
        edited=event_services.changed_after_approval(), initiative_queue=initiative_queue,
        initiative_changes={i.id: initiatives.changes_since_approval(i)
                            for i in initiative_queue},
        edited_initiatives=initiatives.changed_after_approval(), **_context())


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
def review_event(event_id: int):
    event = event_services.get_event(current_user, event_id)
    form = ReasonForm()
    status = 200
    if request.method == "POST":
        status = decide(form, lambda: event_services.approve(current_user, event),
                        lambda reason: event_services.reject(current_user, event, reason))
        if status is None:
            flash(_("Je beslissing is bewaard en gemaild aan de organisator."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/event.html", event=event, form=form,
                           changes=event_services.changes_since_approval(event),
                           entries=audit.entries(event.id), **_context()), status


@bp.get("/organisations")
def organisations():
    rows = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return render_template("admin/organisations.html", organisations=list(rows))


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int):
    organisation = account_services.get_organisation(organisation_id)
    reject_form, invite_form = ReasonForm(prefix="reject"), InviteForm(prefix="invite")
    action = request.form.get("action")
    if request.method == "POST":
        try:
            done = _organisation_action(organisation, action, reject_form, invite_form)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            done = False
        if done:
            flash(_("Bewaard."), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    status = 400 if reject_form.errors or invite_form.errors else 200
    return render_template("admin/organisation.html", organisation=organisation,
                           reject_form=reject_form, invite_form=invite_form,
                           form=EmptyForm()), status


def _organisation_action(organisation: Organisation, action: str | None, reject_form,
                         invite_form) -> bool:
    if action == "approve" and EmptyForm().validate_on_submit():
        account_services.review_organisation(organisation, True)
        audit.record(current_user, "organisation_approved", organisation=organisation)
    elif action == "reject":
        if not reject_form.validate_on_submit():
            return False
        account_services.review_organisation(organisation, False, reject_form.reason.data)
        audit.record(current_user, "organisation_rejected", organisation=organisation,
                     note=reject_form.reason.data)
    elif action in ("trust", "untrust") and EmptyForm().validate_on_submit():
        organisation.trusted = action == "trust"
        audit.record(current_user, f"organisation_{action}ed", organisation=organisation)
    elif action == "invite":
        if not invite_form.validate_on_submit():
            return False
        account_services.invite(current_user, organisation, invite_form.email.data,
                                MemberRole(invite_form.role.data))
        audit.record(current_user, "invited", organisation=organisation,
                     note=invite_form.email.data)
    else:
        abort(400)
    return True


@bp.get("/audit")
def audit_log():
    return render_template("admin/audit.html", entries=audit.entries(limit=500), **_context())


@bp.route("/holidays", methods=["GET", "POST"])
def holidays():
    form = HolidayForm()
    if form.validate_on_submit():
        if form.last_day.data < form.first_day.data:
            form.last_day.errors = [_("De laatste dag ligt vóór de eerste.")]
        else:
            db.session.add(HolidayOverride(
                year=form.year.data, key=form.key.data.strip(), name=form.name.data.strip(),
                first_day=form.first_day.data, last_day=form.last_day.data))
            try:
                db.session.flush()  # the same year and key: refused by the unique index
            except sa.exc.IntegrityError:
                db.session.rollback()
                form.key.errors = [_("Voor dit jaar bestaat er al een aanpassing met deze "
                                     "sleutel.")]
            else:
                flash(_("De vakantie is aangepast."), "success")
                return redirect(url_for("admin.holidays"))
    rows = db.session.scalars(sa.select(HolidayOverride).order_by(HolidayOverride.first_day))
    return render_template("admin/holidays.html", form=form, overrides=list(rows),
                           delete_form=EmptyForm()), 400 if form.errors else 200


@bp.post("/holidays/<int:override_id>/delete")
def delete_holiday(override_id: int):
    override = db.session.get(HolidayOverride, override_id)
    if override is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    db.session.delete(override)
    flash(_("De aanpassing is verwijderd."), "success")
    return redirect(url_for("admin.holidays"))
