"""Public pages: the agenda and an event's page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from stem_events.events import filter_form, services
from stem_events.events.filters import InvalidFilter, parse_filters

bp = Blueprint("events", __name__)

MAX_PAGE = 10_000


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidFilter("page", _("Het paginanummer moet een geheel getal vanaf 1 zijn."))
    return int(raw)


def agenda_context(template: str):
    """Parse filters and page, query, and render; a bad filter re-shows the form (400)."""
    try:
        f = parse_filters(request.args)
        page = services.upcoming_events(f, _page_number(),
                                        current_app.config["AGENDA_PER_PAGE"])
    except InvalidFilter as error:
        return render_template(template, error=error, args=request.args,
                               choices=filter_form.choices(), page=None, f=None), 400
    widen = []
    if page.total == 0 and not f.is_empty:
        widen = filter_form.widen_links(f, services.widen_suggestions(f))
    return render_template(
        template, page=page, f=f, args=request.args, choices=filter_form.choices(),
        chips=filter_form.chips(f), widen=widen, query=f.cache_key(), error=None,
    )


@bp.get("/")
@bp.get("/agenda")
def agenda():
    return agenda_context("events/agenda.html")


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
