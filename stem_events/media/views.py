"""Stored images, served from the media store with a long cache lifetime: a name is never
reused for other content, so the name is the ETag and a browser or proxy keeps it a year."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from stem_events.media.storage import CARDS, EVENTS, card_image, media_key
from stem_events.media.stores import store

bp = Blueprint("media", __name__)

CACHE_FOREVER = "public, max-age=31536000, immutable"


@bp.get("/media/events/<name>")
def event_image(name: str):
    return serve(EVENTS, name)


@bp.get("/media/events/card/<name>")
def event_card_image(name: str):
    """An event image at the size of an agenda card (made from the stored image once)."""
    if name in request.if_none_match and media_key(CARDS, name) is not None:
        response = Response(status=304)
    else:
        stored = card_image(name)
        if stored is None:
            abort(404)
        response = Response(stored.data, mimetype=stored.content_type)
    response.set_etag(name)
    response.headers["Cache-Control"] = CACHE_FOREVER
    return response


def serve(kind: str, name: str) -> Response:
    """The file `name` of `kind`; 304 when the browser already has it (no bytes loaded)."""
    key = media_key(kind, name)
    if key is None:
        abort(404)
    if name in request.if_none_match:
        if not store().exists(key):
            abort(404)
        response = Response(status=304)
    else:
        stored = store().get(key)
        if stored is None:
            abort(404)
        response = Response(stored.data, mimetype=stored.content_type)
    response.set_etag(name)
    response.headers["Cache-Control"] = CACHE_FOREVER
    return response
