"""Coordinators' review of an initiative (`/admin/initiatives/<id>`)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.accounts import policies
from stem_events.audit import services as audit
from stem_events.initiatives import services as initiatives
from stem_events.web.forms import RejectionForm
from stem_events.web.review import decide

bp = Blueprint("initiatives_admin", __name__, url_prefix="/admin")
bp.before_request(policies.coordinators_only)


@bp.route("/initiatives/<int:initiative_id>", methods=["GET", "POST"])
def review(initiative_id: int):
    """Approve an initiative in review, or reject it with a reason mailed to its
    organisations (as `/admin/events/<id>` does for events)."""
    initiative = initiatives.managed_initiative(current_user, initiative_id)
    form = RejectionForm()
    status = 200
    if request.method == "POST":
        status = decide(
            form, lambda: initiatives.approve_initiative(current_user, initiative),
            lambda reason: initiatives.reject_initiative(current_user, initiative, reason))
        if status is None:
            flash(_("Je beslissing is bewaard en gemaild aan de organisatie."), "success")
            return redirect(url_for("admin.index"))
    return render_template(
        "initiatives/review.html", initiative=initiative, form=form,
        changes=initiatives.changes_since_approval(initiative),
        entries=audit.entries(initiative_id=initiative.id), labels=audit.ACTION_LABELS,
        field_labels=audit.FIELD_LABELS), status
