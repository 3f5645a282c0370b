"""Who may see and change the registrations of an event: the shared rule of
`stem_events.accounts.policies` (coordinators, and members of the organising or a
co-organising organisation)."""

from stem_events.accounts.policies import can_manage_registrations

__all__ = ["can_manage_registrations"]
