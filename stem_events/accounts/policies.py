"""Who may do what: the one place for authorization, used by views and services alike.

Coordinators (role admin) may do everything. Organisers act for the organisations they are
members of; only owners manage members. Co-organising organisations are shown on an event but
do not edit it: their members see its registrations and check people in at the door, but do
not change them (cancel, promote, mail the registrants, add questions to the form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from stem_events.errors import Forbidden
from stem_events.web.access import coordinators_only  # noqa: F401  (the blueprints' gate)

from .models import MemberRole, Organisation, User

if TYPE_CHECKING:
    from stem_events.events.models import Event
    from stem_events.initiatives.models import Initiative


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def is_coordinator(user) -> bool:
    return _signed_in(user) and user.is_coordinator


def member_role(user, organisation_id: int | None) -> MemberRole | None:
    if not _signed_in(user) or organisation_id is None:
        return None
    for membership in user.memberships:
        if membership.organisation_id == organisation_id:
            return membership.role
    return None


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """See the organisation's management pages and events."""
    return is_coordinator(user) or member_role(user, organisation.id) is not None


def can_invite(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or member_role(user, organisation.id) == MemberRole.OWNER


def can_create_event(user, organisation: Organisation) -> bool:
    """Members create events for an approved organisation; coordinators for any."""
    if is_coordinator(user):
        return True
    return organisation.approved and member_role(user, organisation.id) is not None


def can_edit(user, event: Event) -> bool:
    return is_coordinator(user) or member_role(user, event.organisation_id) is not None


def can_view_registrations(user, event: Event) -> bool:
    """See and export an event's registrations, its attendance list, and check people in at
    the door: its organisers, co-organisers included (they staff the event too)."""
    if can_edit(user, event):
        return True
    return any(member_role(user, o.id) is not None for o in event.co_organisations)


def can_change_registrations(user, event: Event) -> bool:
    """Cancel or promote registrants, mail them, change the form's questions: what the
    participants see comes from the organisation that edits the event, not its co-organisers."""
    return can_edit(user, event)


def can_moderate(user) -> bool:
    """Approve or reject events and organisations, mark organisations trusted."""
    return is_coordinator(user)


def publishes_directly(user, organisation: Organisation) -> bool:
    """Trusted organisations' and coordinators' events skip the review queue."""
    return is_coordinator(user) or organisation.trusted


def can_create_initiative(user, organisation: Organisation) -> bool:
    """The same rule as for events: members of an approved organisation, or coordinators."""
    return can_create_event(user, organisation)


def can_edit_initiative(user, initiative: Initiative) -> bool:
    """Members of any of the initiative's (co-owning) organisations, and coordinators."""
    return is_coordinator(user) or any(
        member_role(user, o.id) is not None for o in initiative.organisations)


def publishes_initiative_directly(user, initiative: Initiative) -> bool:
    """Coordinators, and members of a trusted organisation that carries the initiative."""
    return is_coordinator(user) or any(
        o.trusted and member_role(user, o.id) is not None for o in initiative.organisations)


def creatable_organisations(user: User) -> list[Organisation]:
    if not _signed_in(user):
        return []
    return [m.organisation for m in user.memberships if can_create_event(user, m.organisation)]


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise Forbidden(message or _("Je hebt geen toegang tot deze pagina of actie."))

