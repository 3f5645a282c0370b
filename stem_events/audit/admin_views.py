"""Coordinators' page of the audit log: /admin/audit."""

from __future__ import annotations

from flask import Blueprint, render_template

from stem_events.web.access import coordinators_only

from . import services

bp = Blueprint("audit_admin", __name__, url_prefix="/admin")
bp.before_request(coordinators_only)


@bp.get("/audit")
def audit_log():
    return render_template("audit/log.html", entries=services.entries(limit=500),
                           **services.labels())
