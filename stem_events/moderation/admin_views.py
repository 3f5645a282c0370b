"""Coordinators' review queue under /admin: events and initiatives waiting for a decision,
what changed since their last approval, and the decision on one event. (Organisations:
`accounts/admin_views.py`; audit log: `audit/admin_views.py`; school holidays:
`reference/admin_views.py`.)"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.accounts.services import pending_organisations
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.events import management as event_management
from stem_events.initiatives import services as initiatives
from stem_events.web.access import coordinators_only
from stem_events.web.forms import RejectionForm
from stem_events.web.review import decide

from . import services

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(coordinators_only)


@bp.get("/")
def index():
    queue = services.review_queue()
    initiative_queue = initiatives.review_queue()
    return render_template(
        "moderation/index.html", queue=queue, pending=pending_organisations(),
        changes={e.id: services.changes_since_approval(e) for e in queue},
        imported_from={e.id: event_management.import_source(e.id) for e in queue},
        waited={e.id: services.waiting_days(e) for e in queue}, now=now_utc(),
        edited=services.changed_after_approval(), initiative_queue=initiative_queue,
        initiative_changes={i.id: initiatives.changes_since_approval(i)
                            for i in initiative_queue},
        edited_initiatives=initiatives.changed_after_approval(), **audit.labels())


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
def review_event(event_id: int):
    event = event_management.get_event(current_user, event_id)
    form = RejectionForm()
    status = 200
    if request.method == "POST":
        status = decide(form, lambda: services.approve(current_user, event),
                        lambda reason: services.reject(current_user, event, reason))
        if status is None:
            flash(_("Je beslissing is bewaard en gemaild aan de organisator."), "success")
            return redirect(url_for("admin.index"))
    return render_template("moderation/event.html", event=event, form=form,
                           changes=services.changes_since_approval(event),
                           sections=services.review_sections(event),
                           imported=event_management.import_source(event.id),
                           entries=audit.entries(event.id), **audit.labels()), status
