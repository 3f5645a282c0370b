"""Security headers on every response: a strict CSP without inline scripts, no sniffing.

Only `/embed/…` may be framed by other sites (CONTRACT.md). Pages that may hold personal data
are never stored by browsers or proxies (`Cache-Control: no-store`).
"""

from __future__ import annotations

import functools

from flask import Flask, current_app, make_response, request, session

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)


# Registration lists and organisers' pages, coordinators' pages, account pages, a
# participant's own registration page (and its participant list).
PERSONAL_PREFIXES = ("/manage", "/admin", "/account", "/registrations/", "/invitations/",
                     "/password/", "/login", "/logout")


def _signed_in() -> bool:
    """Without a session or remember-me cookie nobody is signed in: the session is not even
    opened then (opening it would add `Vary: Cookie` to public pages)."""
    config = current_app.config
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return any(name in request.cookies for name in names) and "_user_id" in session


def holds_personal_data() -> bool:
    """Whether this response may show personal data: a private page, the answer to a form
    (re-shown with what was typed), or any page of a signed-in user."""
    return (request.path.startswith(PERSONAL_PREFIXES) or request.method not in ("GET", "HEAD")
            or _signed_in())

PERMISSIONS = "geolocation=(), camera=({camera}), microphone=()"


def camera_allowed(view):
    """The one kind of page that may use the camera (check-in scans QR codes in the page):
    `camera=(self)` in its Permissions-Policy; every other page keeps `camera=()`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Permissions-Policy"] = PERMISSIONS.format(camera="self")
        return response

    return wrapped


def register(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        embeddable = request.path.startswith("/embed/")
        headers = response.headers
        headers.setdefault("Content-Security-Policy",
                           CSP.format(ancestors="*" if embeddable else "'self'"))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS.format(camera=""))
        if not embeddable:
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if "Cache-Control" not in headers and holds_personal_data():
            headers["Cache-Control"] = "no-store"
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
