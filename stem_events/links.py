"""Absolute links for mails and feeds: the configured BASE_URL plus the endpoint's path."""

from __future__ import annotations

from flask import current_app, url_for


def absolute_link(endpoint: str, **values) -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") + url_for(endpoint, **values)
