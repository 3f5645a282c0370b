"""`/api/v1`: read-only JSON, open to every origin (public data)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from stem_events import page_cache
from stem_events.accounts.models import Organisation
from stem_events.api import fragments, serializers
from stem_events.api import network_serializers as network_json
from stem_events.api.openapi import openapi_document
from stem_events.events import services
from stem_events.events.filters import FILTER_PARAMS, InvalidFilter, parse_filters
from stem_events.extensions import db
from stem_events.initiatives import catalogue
from stem_events.initiatives.labels import valid_labels
from stem_events.network import services as network_services
from stem_events.reference.models import Goal, Municipality, Theme
from stem_events.registrations.services import group_settings_many, seats_left_many
from stem_events.transaction import reads_only

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


def _positive(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise InvalidFilter(name, _("‘%(name)s’ moet een geheel getal van 1 tot %(max)s zijn.",
                                    name=name, max=maximum))
    return int(raw)


def _json(payload):
    response = jsonify(payload)
    response.headers["Cache-Control"] = "public, max-age=60"
    response.add_etag()
    return response.make_conditional(request)


@bp.after_request
def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get("/events")
@reads_only
def events():
    return page_cache.cached((*FILTER_PARAMS, "page", "per_page"), _events)


def _events():
    f = parse_filters(request.args)
    page_number = _positive("page", 1, 10_000)
    per_page = _positive("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    # The items come from the fragment store: of the events only their rows and the
    # sessions shown are loaded (`cards=True`), with the stored items when the agenda's
    # index found the page (`parts`).
    page = services.upcoming_events(f, page_number, per_page, cards=True,
                                    parts=fragments.stored_items())
    items = fragments.items_json(page.items, seats_left_many(
        [(i.event, i.next_session) for i in page.items]))
    body = (f'{{"items":[{items}],"page":{page.page},"per_page":{page.per_page},'
            f'"total":{page.total}}}\n')
    response = current_app.response_class(body, mimetype=current_app.json.mimetype)
    response.headers["Cache-Control"] = "public, max-age=60"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    found = services.get_public_event(event_id)
    shown = services.next_or_first_session(found)
    seats = seats_left_many([(found, shown)])[found.id]
    groups = group_settings_many([found.id]).get(found.id)
    return _json({**serializers.event_detail_json(found, shown, seats,
                                                  services.role_models_of(found)),
                  "groups": serializers.groups_json(found, groups)})


@bp.get("/organisations")
def organisations():
    rows = db.session.scalars(
        sa.select(Organisation).where(Organisation.approved.is_(True))
        .order_by(Organisation.name, Organisation.id)
    ).all()
    return _json({"items": [
        {**serializers.organisation_ref(o), "municipality": o.municipality_nis,
         "website": o.website} for o in rows
    ]})


@bp.get("/municipalities")
def municipalities():
    rows = db.session.scalars(sa.select(Municipality).order_by(Municipality.name)).all()
    return _json({"items": [{"nis": m.nis, "name": m.name, "province": m.province_nis}
                            for m in rows]})


@bp.get("/themes")
def themes():
    rows = db.session.scalars(sa.select(Theme).order_by(Theme.position)).all()
    return _json({"items": [{"slug": t.slug, "name": t.name} for t in rows]})


@bp.get("/goals")
def goals():
    rows = db.session.scalars(sa.select(Goal).order_by(Goal.position)).all()
    return _json({"items": [{"code": g.code, "label": g.label, "level": g.level.value,
                             "parent": g.parent_code, "title": g.title} for g in rows]})


@bp.get("/initiatives")
def initiatives():
    f = catalogue.parse_initiative_filters(request.args)
    labelled = catalogue.parse_label_filter(request.args)
    page_number = _positive("page", 1, 10_000)
    per_page = _positive("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = catalogue.published_initiatives(f, page_number, per_page, labelled)
    found = valid_labels(page.items)
    return _json({"items": [network_json.initiative_json(i, found[i.id]) for i in page.items],
                  "page": page.page, "per_page": page.per_page, "total": page.total})


@bp.get("/initiatives/<int:initiative_id>")
def initiative(initiative_id: int):
    found = catalogue.get_public_initiative(initiative_id)
    return _json(network_json.initiative_detail_json(found))


@bp.get("/network-moments/<int:event_id>")
def network_moment(event_id: int):
    event, view = network_services.get_public_moment(event_id)
    return _json(network_json.network_moment_json(event, view))


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document())


@bp.get("/")
def documentation():
    return render_template("api/index.html")
