"""The coordinators' admin bar: every coordinator page in one table, the page being shown
marked (aria-current). A page that does not exist in this build (an endpoint not registered)
is left out, so a package can add its page by adding one row."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

# (endpoint, label, path prefixes that belong to it; "" = only the endpoint's own path)
ENTRIES = (
    ("admin.index", _l("Te beoordelen"), ("/admin/events/",)),
    ("accounts_admin.organisations", _l("Organisaties"), ("/admin/organisations",)),
    ("network_admin.network_moments", _l("Netwerkmomenten"), ("/admin/network/",)),
    ("editions_admin.editions_index", _l("State-of-the-STEM"), ("/admin/state-of-the-stem/",)),
    ("reports_admin.report", _l("Rapport"), ("/admin/report",)),
    ("imports_admin.index", _l("Imports"), ("/admin/imports",)),
    ("uitdatabank_admin.index", _l("UiTdatabank"), ("/admin/uitdatabank/",)),
    ("rolemodels_admin.index", _l("Rolmodellen"), ("/admin/role-models/",)),
    ("awards_admin.rounds", _l("Awards en STEM-label"), ("/admin/awards/",)),
    ("clubs_admin.index", _l("STEM-clubs"), ("/admin/clubs",)),
    ("audiences_admin.audiences", _l("Doelgroepen"), ("/admin/audiences",)),
    ("audit_admin.audit_log", _l("Logboek"), ("/admin/audit",)),
    ("reference_admin.holidays", _l("Schoolvakanties"), ("/admin/holidays",)),
)


def admin_nav() -> list[tuple[str, str, bool]]:
    """(url, label, is the current page) of every coordinator page (formatting only)."""
    path, found = request.path, []
    for endpoint, label, prefixes in ENTRIES:
        if endpoint not in current_app.view_functions:
            continue
        url = url_for(endpoint)
        current = path == url or any(path.startswith(p) for p in prefixes)
        found.append((url, str(label), current))
    return found
