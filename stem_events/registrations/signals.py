"""What the registrations domain asks of the domains above it, which it never imports.
Receivers are connected in `stem_events/reactions.py`."""

from blinker import Namespace

_signals = Namespace()

own_page = _signals.signal("registration-own-page", doc="""
Gathering (`hooks.gather`). Sender: a registration; `signed`: the token of its page. Every
receiver returns a dict for the participant's own page (State-of-the-STEM: `choices_url`).""")
