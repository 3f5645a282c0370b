"""The absolute base of every link that leaves a page: mails, feeds, subscribe links.

Production (and any configuration with `BASE_URL` set) always uses `BASE_URL`, never the Host
header. In development without `BASE_URL` the base follows the host and port being served, so
`PORT=8000 make run` mails and subscribes to port 8000; outside a request (a CLI command) it
falls back to the configured default (`http://127.0.0.1:$PORT`).
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for


def base_url() -> str:
    """`https://host[:port]` without a trailing slash."""
    config = current_app.config
    if config.get("BASE_URL_FOLLOWS_REQUEST") and has_request_context():
        return request.host_url.rstrip("/")
    return (config.get("BASE_URL") or "").rstrip("/")


def absolute(path: str) -> str:
    """An absolute link to `path` (which starts with a slash)."""
    return base_url() + path


def absolute_link(endpoint: str, **values) -> str:
    """An absolute link to a view of the app (mails, feeds)."""
    return base_url() + url_for(endpoint, **values)
