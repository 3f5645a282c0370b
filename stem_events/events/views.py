"""Public pages: the agenda and an event's page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from stem_events.errors import InvalidInput

from . import services

bp = Blueprint("events", __name__)

MAX_PAGE = 10_000


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidInput("Het paginanummer moet een geheel getal vanaf 1 zijn.")
    return int(raw)


@bp.get("/")
@bp.get("/agenda")
def agenda():
    page = services.upcoming_events(_page_number(), current_app.config["AGENDA_PER_PAGE"])
    return render_template("events/agenda.html", page=page)


@bp.get("/events/<int:event_id>")
@bp.get("/events/<int:event_id>-<slug>")
def detail(event_id: int, slug: str | None = None):
    event = services.get_public_event(event_id)
    if slug != event.slug:
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug), 301)
    return render_template(
        "events/detail.html", event=event, next_session=services.next_or_first_session(event)
    )


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")
