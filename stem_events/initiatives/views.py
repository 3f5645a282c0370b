"""Public pages of the initiatives registry."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from stem_events.events import filter_form
from stem_events.events.filters import InvalidFilter
from stem_events.events.paging import page_number
from stem_events.hooks import gather
from stem_events.initiatives import catalogue, labels, signals

bp = Blueprint("initiatives", __name__)


@bp.get("/initiatives")
def index():
    try:
        f = catalogue.parse_initiative_filters(request.args)
        labelled = catalogue.parse_label_filter(request.args)
        page = catalogue.published_initiatives(f, page_number(),
                                              current_app.config["AGENDA_PER_PAGE"], labelled)
    except InvalidFilter as error:
        return render_template("initiatives/index.html", error=error, args=request.args,
                               choices=filter_form.choices(), page=None, f=None), 400
    label_param = [("label", "1")] if labelled else []
    return render_template(
        "initiatives/index.html", page=page, f=f, args=request.args,
        choices=filter_form.choices(), chips=filter_form.chips(f),
        query=urlencode(f.params() + label_param), error=None, labelled=labelled,
        without_label=urlencode(f.params()),
        labels_by_id=labels.valid_labels(page.items),  # the STEM-label badges, one query
    )


@bp.get("/initiatives/<int:initiative_id>")
@bp.get("/initiatives/<int:initiative_id>-<slug>")
def detail(initiative_id: int, slug: str | None = None):
    found = catalogue.get_public_initiative(initiative_id)
    if slug != found.slug:
        return redirect(url_for("initiatives.detail", initiative_id=found.id,
                                slug=found.slug), 301)
    return render_template("initiatives/detail.html", initiative=found,
                           events=catalogue.events_presenting(found.id),
                           labels=labels.valid_labels([found])[found.id],
                           **gather(signals.initiative_page, found))  # its role models
