"""Public pages of network moments: the participant list for participants who opted in."""

from __future__ import annotations

from flask import Blueprint, render_template

from stem_events.network import participants

bp = Blueprint("network", __name__)


@bp.get("/registrations/<signed>/participants")
def participant_list(signed: str):
    """A network moment's participant list, for a participant who opted in."""
    event, people = participants.for_participant(signed)
    return render_template("network/participants.html", event=event, people=people,
                           signed=signed)
