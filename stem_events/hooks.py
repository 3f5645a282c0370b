"""Questions a lower package asks a higher one without importing it: a blinker signal with
exactly one receiver, connected in `stem_events/reactions.py`."""

from __future__ import annotations

from typing import Any

from blinker import NamedSignal


class Unanswered(RuntimeError):
    """A question without exactly one receiver: `reactions.connect()` did not run."""


def answer(question: NamedSignal, sender: Any, **kwargs: Any) -> Any:
    """The one receiver's answer to `question`."""
    replies = question.send(sender, **kwargs)
    if len(replies) != 1:
        raise Unanswered(f"{question.name}: {len(replies)} receivers, expected one "
                         "(stem_events/reactions.py)")
    return replies[0][1]


def gather(page: NamedSignal, sender: Any, **kwargs: Any) -> dict:
    """What the receivers of `page` add to a page rendered by a lower package (each returns a
    dict of template values): the view asks once, so the template never runs a query."""
    found: dict = {}
    for _receiver, values in page.send(sender, **kwargs):
        found.update(values or {})
    return found


def collect(question: NamedSignal, sender: Any, **kwargs: Any) -> list:
    """Every receiver's answer to `question`, in connection order (none: an empty list): for
    questions that several domains answer together, such as a personal feed's sources."""
    return [reply for _receiver, reply in question.send(sender, **kwargs)]
