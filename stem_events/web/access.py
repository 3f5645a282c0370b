"""Gates for whole blueprints, usable by a package at any layer (reference and audit sit
below accounts): `bp.before_request(coordinators_only)`. Who is a coordinator is decided by
`User.is_coordinator`, the rule `accounts.policies.is_coordinator` uses too."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from stem_events.errors import Forbidden
from stem_events.extensions import login_manager


def coordinators_only():
    """Anonymous visitors go to the login page; signed-in non-coordinators get a Dutch 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_coordinator:
        raise Forbidden(_("Alleen coördinatoren hebben toegang tot deze pagina."))
    return None
