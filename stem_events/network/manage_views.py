"""Organisers' pages of a network moment under /manage/events/<id>: its participant list
and its programme, presented initiatives and report."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from stem_events.events.management import get_event
from stem_events.network import participants, services
from stem_events.network.admin_views import moment_form_page
from stem_events.reference.models import EventKind
from stem_events.registrations.manage_views import managed_event

bp = Blueprint("network_manage", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.get("/participants")
@login_required
def manage_participants(event_id: int):
    """The same list for the event's organisers and coordinators (403 for anyone else)."""
    event = managed_event(event_id)
    return render_template("network/participants.html", event=event,
                           people=participants.participant_list(event), signed=None)


@bp.route("/network", methods=["GET", "POST"])
@login_required
def manage_moment(event_id: int):
    """The event's organisers record the programme, the initiatives presented and a short
    report of their network moment (coordinators do the same under /admin/network/<id>)."""
    event = get_event(current_user, event_id)  # 404 / 403 first, as on every /manage page
    if event.kind != EventKind.NETWORK_MOMENT:
        raise services.NotANetworkMoment()
    return moment_form_page(event, "network_manage.manage_moment",
                            back=(url_for("manage.event", event_id=event.id), event.title))
