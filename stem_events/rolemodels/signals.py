"""What the role-models domain announces to the domains above it (a future UiTdatabank export),
which it never imports. Receivers are connected in `stem_events/reactions.py`."""

from blinker import Namespace

_signals = Namespace()

withdrawn = _signals.signal("role-model-withdrawn", doc="""
Sender: the id of a role model whose person withdrew their consent; `event_ids`: the events
they were linked to. Sent in the withdrawal's transaction, after the profile is removed: a
receiver removes whatever it sent elsewhere about them (e.g. a performer sent to UiTdatabank).""")
