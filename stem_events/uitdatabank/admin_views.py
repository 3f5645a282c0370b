"""Coordinators' view of the UiTdatabank queue: pending jobs and failures with the API's
message (/admin/uitdatabank)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from stem_events.accounts import policies

from . import queue, services

bp = Blueprint("uitdatabank_admin", __name__, url_prefix="/admin/uitdatabank")


@bp.before_request
@login_required
def _coordinators_only():
    policies.require(policies.can_moderate(current_user))


@bp.get("/")
def index():
    return render_template("uitdatabank/admin.html", enabled=queue.enabled(),
                           state=services.status(), pending=services.pending_jobs())
