"""What the events domain announces and asks of the domains above it (registrations,
initiatives), which it never imports. Receivers are connected in `stem_events/reactions.py`."""

from blinker import Namespace

_signals = Namespace()

changed = _signals.signal("event-changed", doc="""
Sender: an event's id; `session_id`: the one session that changed, None for the whole event.
Its registrants must hear of it; sent before the change commits (a notice that cannot be
written fails the change).""")

capacity_raised = _signals.signal("event-capacity-raised", doc="""
Sender: an event's id whose capacity went up; sent after the change committed (whoever fits
moves up from the waiting list).""")

seats_taken = _signals.signal("event-seats-taken", doc="""
Question. Sender: an event; `session`: one session or None. Answer: its confirmed seats.""")

registration_counts = _signals.signal("event-registration-counts", doc="""
Question. Sender: an event's id. Answer: its registrations by status.""")

linkable_initiatives = _signals.signal("event-linkable-initiatives", doc="""
Question. Sender: the user; `organisation_ids`, `event`. Answer: the published initiatives an
event of those organisations may present.""")

change_recipients = _signals.signal("event-change-recipients", doc="""
Question. Sender: an event's id; `sessions`: the session ids that change (None: the whole
event). Answer: how many registrants' mails that change sends.""")

role_model_events = _signals.signal("event-role-model-events", doc="""
Question. Sender: None. Answer: a SELECT of the ids of events where a public role model takes
part (the agenda filter `role_model=1`).""")

role_models = _signals.signal("event-role-models", doc="""
Question. Sender: a list of event ids. Answer: {event id: [the public role models taking part,
each with `id`, `name`, `job`, `url`]} (cards, the event page, its JSON-LD).""")


event_page = _signals.signal("event-page", doc="""
Gathering (`hooks.gather`). Sender: a public event. Every receiver returns a dict of what it
shows on the event's page (the registration block, the network moment, the subscribe dialog).
`preview=True`: the organisers' preview of an event that is not public yet.""")

agenda_page = _signals.signal("agenda-page", doc="""
Gathering. Sender: the agenda's parsed AgendaFilter. Every receiver returns a dict for the
agenda page (the subscribe dialog).""")

import_source = _signals.signal("event-import-source", doc="""
Question. Sender: an event's id. Answer: the import source the event came from, or None.""")

scope_seats_held = _signals.signal("event-scope-seats-held", doc="""
Question. Sender: None. Answer: a SQL expression over a row of `event_sessions` joined to
`events` (correlated; bind parameter `now`): the seats held in the scope the registrations
count for that event and session (the whole series, or in open-sessions mode the session),
NULL when the event takes no registrations. A page of stored cards reads it with its sessions,
so that the seats left cost no query of their own (`ShownEvent.seats_held`).""")

listing_availability = _signals.signal("event-listing-availability", doc="""
Question. Sender: a page of listings. Answer: {event id: ('seats', n) | ('waitlist', 0) |
('full', 0)} for the events that take registrations (the agenda's cards, one query).""")

organisation_page = _signals.signal("event-organisation-page", doc="""
Gathering. Sender: a public organisation, on its page (/organisations/<id>). Every receiver
returns a dict of what it shows there (the STEM-labels of its initiatives).""")

manage_page = _signals.signal("event-manage-page", doc="""
Gathering (`hooks.gather`). Sender: an event on its organiser's page (/manage/events/<id>).
Every receiver returns a dict of what it shows there (the UiTdatabank panel).""")

registration_totals = _signals.signal("event-registration-totals", doc="""
Question. Sender: a list of event ids. Answer: {event id: (confirmed, waiting)} for the
organisers' dashboard, in one query.""")

locked_fields = _signals.signal("event-locked-fields", doc="""
Collected (`hooks.collect`). Sender: an event. Every receiver names the fields an organiser may
not change on it (imports: what a feed carries follows the feed).""")
