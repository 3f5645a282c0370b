"""Public pages of the network domain: initiatives, municipalities, State-of-the-STEM."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from stem_events.events import filter_form
from stem_events.events import services as event_services
from stem_events.events.filters import AgendaFilter, InvalidFilter
from stem_events.events.views import _page_number
from stem_events.network import services

bp = Blueprint("network", __name__)


@bp.get("/initiatives")
def initiatives():
    try:
        f = services.parse_initiative_filters(request.args)
        page = services.published_initiatives(f, _page_number(),
                                              current_app.config["AGENDA_PER_PAGE"])
    except InvalidFilter as error:
        return render_template("network/initiatives.html", error=error, args=request.args,
                               choices=filter_form.choices(), page=None, f=None), 400
    return render_template(
        "network/initiatives.html", page=page, f=f, args=request.args,
        choices=filter_form.choices(), chips=filter_form.chips(f), query=urlencode(f.params()),
        error=None,
    )


@bp.get("/initiatives/<int:initiative_id>")
@bp.get("/initiatives/<int:initiative_id>-<slug>")
def initiative(initiative_id: int, slug: str | None = None):
    found = services.get_public_initiative(initiative_id)
    if slug != found.slug:
        return redirect(url_for("network.initiative", initiative_id=found.id,
                                slug=found.slug), 301)
    return render_template("network/initiative.html", initiative=found,
                           events=services.events_presenting(found.id))


@bp.get("/municipalities")
def municipalities():
    return render_template("network/municipalities.html",
                           provinces=services.municipalities_by_province())


@bp.get("/municipalities/<nis>")
def municipality(nis: str):
    found = services.get_municipality(nis)
    f = AgendaFilter(municipality=found.nis)
    return render_template(
        "network/municipality.html", municipality=found,
        upcoming=event_services.upcoming_events(f, _page_number(),
                                                current_app.config["AGENDA_PER_PAGE"]),
        query="",
        academy=services.academy_status(found.nis),
        initiatives=services.initiatives_serving(found.nis),
    )


@bp.get("/state-of-the-stem/<int:year>")
def edition(year: int):
    found = services.get_public_edition(year)
    return render_template("network/edition.html", view=services.edition_page(found))
