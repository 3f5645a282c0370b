"""The feed URLs of CONTRACT.md, with HTTP caching (ETag, Last-Modified, 304, HEAD)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request, send_file
from flask_babel import force_locale
from werkzeug.http import http_date, is_resource_modified, quote_etag

from stem_events.events.filters import parse_filters

from . import services

bp = Blueprint("feeds", __name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"


def caching_headers(etag: str, last_modified, filename: str, private: bool) -> dict:
    """The HTTP caching headers of every calendar feed (ours and the network package's)."""
    return {
        "ETag": quote_etag(etag),
        "Last-Modified": http_date(last_modified),
        "Cache-Control": (f"{'private' if private else 'public'}, "
                          f"max-age={services.refresh_seconds()}"),
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


def respond(feed: services.Feed) -> Response:
    headers = caching_headers(feed.meta.etag, feed.last_modified, feed.filename, feed.private)
    if not is_resource_modified(request.environ, etag=feed.meta.etag,
                                last_modified=feed.last_modified):
        return Response(status=304, headers=headers)
    body = feed.load()
    if isinstance(body, Path):  # a cached file: streamed like a static file
        response = send_file(body, mimetype=CONTENT_TYPE, conditional=False, etag=False)
        response.headers.update(headers)
    elif isinstance(body, bytes):
        response = Response(body, headers=headers)
    else:  # chunks from Redis: streamed, never held whole
        response = Response(body, headers=headers)
        response.headers["Content-Length"] = str(feed.meta.size)
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


@bp.get("/agenda.ics")
def agenda():
    with force_locale("nl"):  # one feed for everyone: Dutch names, whatever the browser says
        return respond(services.agenda_feed(parse_filters(request.args)))


@bp.get("/events/<int:event_id>.ics")
def event(event_id: int):
    return respond(services.event_feed(event_id))


@bp.get("/feeds/<token>.ics")
def personal(token: str):
    return respond(services.personal_feed(token))
