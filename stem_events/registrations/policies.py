"""Who may see and change the registrations of an event: the shared rules of
`stem_events.accounts.policies` (seeing: coordinators, and members of the organising or a
co-organising organisation; changing: only those who edit the event)."""

from stem_events.accounts.policies import can_change_registrations, can_view_registrations

__all__ = ["can_change_registrations", "can_view_registrations"]
