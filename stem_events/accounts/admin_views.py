"""Coordinators' pages of organisations under /admin/organisations: approve or reject a
request, mark an organisation trusted, invite its members."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.audit import services as audit
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.web.access import coordinators_only
from stem_events.web.forms import EmptyForm, ReasonForm

from . import services
from .forms import InviteForm
from .models import MemberRole, Organisation

bp = Blueprint("accounts_admin", __name__, url_prefix="/admin")
bp.before_request(coordinators_only)


@bp.get("/organisations")
def organisations():
    rows = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return render_template("accounts/admin_organisations.html", organisations=list(rows))


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int):
    organisation = services.get_organisation(organisation_id)
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
            return redirect(url_for(".organisation", organisation_id=organisation.id))
    status = 400 if reject_form.errors or invite_form.errors else 200
    return render_template("accounts/admin_organisation.html", organisation=organisation,
                           reject_form=reject_form, invite_form=invite_form,
                           form=EmptyForm()), status


def _organisation_action(organisation: Organisation, action: str | None, reject_form,
                         invite_form) -> bool:
    if action == "approve" and EmptyForm().validate_on_submit():
        services.review_organisation(organisation, True)
        audit.record(current_user, "organisation_approved", organisation=organisation)
    elif action == "reject":
        if not reject_form.validate_on_submit():
            return False
        services.review_organisation(organisation, False, reject_form.reason.data)
        audit.record(current_user, "organisation_rejected", organisation=organisation,
                     note=reject_form.reason.data)
    elif action in ("trust", "untrust") and EmptyForm().validate_on_submit():
        organisation.trusted = action == "trust"
        audit.record(current_user, f"organisation_{action}ed", organisation=organisation)
    elif action == "invite":
        if not invite_form.validate_on_submit():
            return False
        services.invite(current_user, organisation, invite_form.email.data,
                        MemberRole(invite_form.role.data))
        audit.record(current_user, "invited", organisation=organisation,
                     note=invite_form.email.data)
    else:
        abort(400)
    return True
