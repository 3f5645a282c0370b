"""Organisers' pages of their organisation under /manage/organisations: the members, the
invitations and the organisation's details."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.audit import services as audit
from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db
from stem_events.reference.lookup import find_municipality, municipality_names
from stem_events.web.forms import EmptyForm, show_error

from . import policies, services
from .forms import InviteForm, OrganisationForm
from .models import MemberRole

bp = Blueprint("accounts_manage", __name__, url_prefix="/manage/organisations")

EDITABLE = ("name", "website", "description", "contact_name", "contact_email",
            "contact_phone", "public_email", "public_phone")


@bp.before_request
@login_required
def _signed_in():
    """Every page needs a signed-in user; policies decide the rest."""


@bp.route("/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int):
    organisation = services.get_organisation(organisation_id)
    policies.require(policies.can_manage_organisation(current_user, organisation))
    form = InviteForm()
    if request.method == "POST":
        policies.require(policies.can_invite(current_user, organisation))
        if form.validate_on_submit():
            services.invite(current_user, organisation, form.email.data,
                            MemberRole(form.role.data))
            audit.record(current_user, "invited", organisation=organisation,
                         note=form.email.data)
            flash(_("De uitnodiging is verstuurd naar %(email)s.", email=form.email.data),
                  "success")
            return redirect(url_for(".organisation", organisation_id=organisation.id))
    return render_template("accounts/manage_organisation.html", organisation=organisation,
                           form=form, can_invite=policies.can_invite(current_user, organisation),
                           button_form=EmptyForm()), \
        400 if form.errors else 200


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    organisation = services.get_organisation(organisation_id)
    policies.require(policies.can_invite(current_user, organisation))
    form = OrganisationForm()
    if request.method == "GET":
        for name in EDITABLE:
            getattr(form, name).data = getattr(organisation, name)
        form.municipality.data = organisation.municipality.name if organisation.municipality \
            else ""
    if form.validate_on_submit():
        try:
            data = {k: (v.strip() if isinstance(v, str) else v) for k, v in form.data.items()}
            try:
                data["municipality_nis"] = find_municipality(form.municipality.data).nis
            except DomainError as error:
                raise FieldError("municipality", error.message) from None
            changes = services.update_organisation(current_user, organisation, data)
        except DomainError as error:
            show_error(form, error)
        else:
            if changes:
                audit.record(current_user, "organisation_edited", organisation=organisation,
                             changes=changes)
            flash(_("De gegevens van de organisatie zijn bewaard."), "success")
            return redirect(url_for(".organisation", organisation_id=organisation.id))
    return render_template("accounts/organisation_form.html", organisation=organisation,
                           form=form, municipalities=municipality_names()), \
        400 if form.errors else 200


@bp.post("/<int:organisation_id>/members/<int:user_id>")
def member(organisation_id: int, user_id: int):
    """Change a member's role (`role=owner|editor`) or remove them (`action=remove`)."""
    organisation = services.get_organisation(organisation_id)
    policies.require(policies.can_invite(current_user, organisation))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("action") == "remove":
            services.remove_member(current_user, organisation, user_id)
            action, note = "member_removed", str(user_id)
        elif request.form.get("role") in {r.value for r in MemberRole}:
            role = MemberRole(request.form["role"])
            services.set_member_role(current_user, organisation, user_id, role)
            action, note = "member_role", f"{user_id}: {role.value}"
        else:
            abort(400)
    except DomainError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        flash(error.message, "error")
    else:
        audit.record(current_user, action, organisation=organisation, note=note)
        flash(_("Bewaard."), "success")
    return redirect(url_for(".organisation", organisation_id=organisation.id))
