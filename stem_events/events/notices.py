"""What an organiser reads after saving a change of an event or one of its sessions."""

from __future__ import annotations

from flask import flash
from flask_babel import ngettext

from stem_events.events.management import notices_queued
from stem_events.events.models import Event


def flash_saved(event: Event, message: str) -> None:
    """The success message, and how many registrants are mailed the change (before_commit
    writes those mails in this request's transaction, so the number is what was queued)."""
    sent = notices_queued(event)
    if sent:
        message += " " + ngettext(
            "Er gaat %(num)s e-mail met de wijziging naar de ingeschrevenen.",
            "Er gaan %(num)s e-mails met de wijziging naar de ingeschrevenen.", sent)
    flash(message, "success")
