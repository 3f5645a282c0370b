"""What the initiatives domain asks of the domains above it (network, editions), which it
never imports. Receivers are connected in `stem_events/reactions.py`."""

from blinker import Namespace

_signals = Namespace()

references = _signals.signal("initiative-references", doc="""
Question. Sender: an initiative. Answer: the Dutch reasons, outside the initiatives domain, why
it cannot be deleted (pitches, market stands, nominations); empty when there are none.""")

initiative_page = _signals.signal("initiative-page", doc="""
Gathering (`hooks.gather`). Sender: a published initiative, on its public page. Every receiver
returns a dict of what it shows there (the role models of the initiative and of its events).""")
