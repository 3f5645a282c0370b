""""STEM in jouw gemeente": the list of municipalities and a page per municipality."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    render_template,
)

from stem_events.clubs import services as clubs
from stem_events.events import services as event_services
from stem_events.events.filters import AgendaFilter
from stem_events.events.paging import page_number
from stem_events.initiatives import catalogue
from stem_events.municipalities import services

bp = Blueprint("municipalities", __name__)


@bp.get("/municipalities")
def index():
    return render_template("municipalities/index.html",
                           provinces=services.municipalities_by_province(),
                           academy_definition=services.academy_definition())


@bp.get("/municipalities/<nis>")
def detail(nis: str):
    found = services.get_municipality(nis)
    f = AgendaFilter(municipality=found.nis)
    return render_template(
        "municipalities/detail.html", municipality=found,
        upcoming=event_services.upcoming_events(f, page_number(),
                                                current_app.config["AGENDA_PER_PAGE"]),
        query="",
        academy=services.academy_status(found.nis),
        initiatives=catalogue.initiatives_serving(found.nis),
        clubs=clubs.clubs_in(found.nis),
    )
