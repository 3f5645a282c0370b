"""Stored event images, served with a long cache lifetime (their names never change)."""

from __future__ import annotations

from flask import Blueprint, abort, send_file

from stem_events.media import storage as images

bp = Blueprint("media", __name__)


@bp.get("/media/events/<name>")
def event_image(name: str):
    path = images.image_path(name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True, max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
