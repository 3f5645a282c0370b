"""What a personal feed asks of the domains above it (registrations, editions), which it never
imports. Every receiver answers for itself; receivers are connected in
`stem_events/reactions.py` and collected with `hooks.collect`."""

from blinker import Namespace

_signals = Namespace()

personal_event_ids = _signals.signal("feed-personal-event-ids", doc="""
Collected. Sender: an owner key (`feeds.services.owner_key`). Every receiver returns the ids
of the events that belong in that owner's personal feed besides the ones of the token.""")

personal_places = _signals.signal("feed-personal-places", doc="""
Collected. Sender: an owner key. Every receiver returns {session id: PersonalPlace}: the
sessions rendered for the owner (confirmed, waitlisted or cancelled), not shared.""")

personal_fragments = _signals.signal("feed-personal-fragments", doc="""
Collected. Sender: an owner key. Every receiver returns rendered VEVENT bytes to add to the
owner's personal feed (the State-of-the-STEM programme items the owner chose).""")
