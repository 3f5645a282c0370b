"""Organiser pages for the registrations of one event, under /manage/events/<id>/registrations."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.registrations.policies import can_manage_registrations

bp = Blueprint("registrations_manage", __name__, url_prefix="/manage/events/<int:event_id>")


def managed_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not can_manage_registrations(current_user, event):
        abort(403)
    return event


@bp.before_request
@login_required
def _require_login():
    return None
