"""What State-of-the-STEM's pages ask of higher domains (connected in stem_events/reactions.py)."""

from blinker import Namespace

_signals = Namespace()

edition_page = _signals.signal("edition-page", doc="""
Gathering (`hooks.gather`). Sender: an edition, on its public page and its coordinators' page.
Every receiver returns a dict of what it shows there (the award rounds of the edition; the
public role models among the programme's speakers).""")
