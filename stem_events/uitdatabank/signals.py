"""What the UiTdatabank export asks of the domains above it, which it never imports; the
receivers are connected in `stem_events/reactions.py`."""

from blinker import Namespace

_signals = Namespace()

imported = _signals.signal("uitdatabank-event-imported", doc="""
Question. Sender: an event's id. Answer: True when the event came from an import (iCal or
UiTdatabank): such an event is never exported.""")
