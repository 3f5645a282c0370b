"""Public pages: the agenda and an event's page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from stem_events import page_cache
from stem_events.events import cards, filter_form, month, services, signals, structured_data
from stem_events.events.filters import FILTER_PARAMS, AgendaFilter, InvalidFilter, parse_filters
from stem_events.events.paging import page_number
from stem_events.events.search import suggestion
from stem_events.hooks import answer, gather
from stem_events.reach.services import QUESTIONS as REACH_QUESTIONS
from stem_events.redis_guard import guard_for
from stem_events.transaction import reads_only

bp = Blueprint("events", __name__)


def agenda_context(template: str, extras: bool = False):
    """Parse filters and page, query, and render; a bad filter re-shows the form (400).
    `extras`: what the domains above add to the full agenda page (the subscribe dialog)."""
    try:
        f = parse_filters(request.args)
        view, first = month.parse_view(request.args)
        if view == "month":
            return month_context(template, f, first, extras)
        page = services.upcoming_events(f, page_number(),
                                        current_app.config["AGENDA_PER_PAGE"], cards=extras,
                                        parts=services.stored_cards(*cards.store_key())
                                        if extras else None)
    except InvalidFilter as error:
        return render_template(template, error=error, args=request.args,
                               choices=filter_form.choices(), page=None, f=None), 400
    if page.page > page.pages:  # beyond the last page: say so, and link to the last one
        last = urlencode([*f.params(), ("page", page.pages)])
        return render_template(template, page=None, f=f, args=request.args,
                               choices=filter_form.choices(), error=None,
                               last_page_url=f"{request.path}?{last}"), 404
    widen, did_you_mean = [], None
    if page.total == 0 and not f.is_empty:
        widen = filter_form.widen_links(f, services.widen_suggestions(f))
        did_you_mean = filter_form.did_you_mean(f, suggestion(f.q) if f.q else None)
    return render_template(
        template, page=page, f=f, args=request.args, choices=filter_form.choices(),
        chips=filter_form.chips(f), widen=widen, query=f.cache_key(), error=None,
        did_you_mean=did_you_mean,
        availability=answer(signals.listing_availability, page.items) if extras else {},
        cards=cards.cards_for(page.items) if extras else {},
        card_list=cards.card_list,
        **(gather(signals.agenda_page, f) if extras else {}),
    )


def month_context(template: str, f, first, extras: bool = False):
    grid = month.month_grid(f, first)
    return render_template(
        template, page=None, f=f, args=request.args, choices=filter_form.choices(),
        chips=filter_form.chips(f), query=f.cache_key(), error=None, month=grid,
        month_name=month.month_name, weekday_names=month.weekday_names,
        day_query=lambda day: urlencode([
            *((k, v) for k, v in f.params() if k not in ("from", "to", "when")),
            ("from", day.isoformat()), ("to", day.isoformat())]),
        **(gather(signals.agenda_page, f) if extras else {}),
    )


PAGE_PARAMS = (*FILTER_PARAMS, "page", "view", "month")
AVAILABILITY_LAG = 60  # seconds a cached agenda page may show old seat counts


def _without_empty_parameters():
    """A shared URL holds only what was chosen: `?q=&age=10&province=` → `?age=10`."""
    kept = [(k, v) for k, v in request.args.items(multi=True)
            if k not in PAGE_PARAMS or v.strip()]
    if len(kept) == len(list(request.args.items(multi=True))):
        return None
    return redirect(request.path + (f"?{urlencode(kept)}" if kept else ""), 302)


@bp.get("/")
@bp.get("/agenda")
@reads_only
def agenda():
    return _without_empty_parameters() or page_cache.cached(
        PAGE_PARAMS, lambda: agenda_context("events/agenda.html", extras=True), AVAILABILITY_LAG)


@bp.get("/embed/agenda")
@reads_only
def embed_agenda():
    """The compact agenda for other sites' iframes (the only framable pages)."""
    return _without_empty_parameters() or page_cache.cached(
        PAGE_PARAMS, lambda: agenda_context("embed/agenda.html"))


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers (and the benchmark's hello-world baseline): no database."""
    return current_app.response_class("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz():
    """Readiness: 503 (through the error handler) only when the database does not answer.
    A failing Redis is `redis: degraded` with a 200: pages are then built without it, so a
    load balancer must keep this host."""
    services.ping_database()
    url = current_app.config.get("CACHE_URL")
    redis = guard_for(url).status() if url else "off"
    return current_app.response_class(f"database: ok\nredis: {redis}\n",
                                      mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    xml = render_template("sitemap.xml", urls=services.sitemap_urls())
    return current_app.response_class(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /manage/", "Disallow: /admin/", "Disallow: /login",
             "Disallow: /embed/", "Disallow: /lang/",
             f"Sitemap: {url_for('events.sitemap', _external=True)}"]
    return current_app.response_class("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/events/<int:event_id>")
@bp.get("/events/<int:event_id>-<slug>")
def detail(event_id: int, slug: str | None = None):
    event = services.get_public_event(event_id)
    if slug != event.slug:
        return redirect(url_for("events.detail", event_id=event.id, slug=event.slug), 301)
    session = services.next_or_first_session(event)
    role_models = services.role_models_of(event)
    return render_template(
        "events/detail.html", event=event, next_session=session, role_models=role_models,
        json_ld=structured_data.json_ld(event, session, role_models),
        calendar_links=structured_data.calendar_links(event, session),
        map_url=structured_data.map_url(event), address=structured_data.address_line(event),
        **gather(signals.event_page, event),  # registration, network moment, subscribe dialog
    )


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    found = services.get_public_organisation(organisation_id)
    f = AgendaFilter(organisation=found.id)
    return render_template(
        "organisations/detail.html", organisation=found,
        upcoming=services.upcoming_events(f, page_number(), current_app.config["AGENDA_PER_PAGE"]),
        past=services.past_events(f),
        **gather(signals.organisation_page, found),  # its initiatives' STEM-labels
    )


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html", reach_questions=REACH_QUESTIONS)


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")
