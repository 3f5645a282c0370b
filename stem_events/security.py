"""Security headers on every response: a strict CSP without inline scripts, no sniffing.

Only `/embed/…` may be framed by other sites (CONTRACT.md).
"""

from __future__ import annotations

from flask import Flask, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)


def register(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        embeddable = request.path.startswith("/embed/")
        headers = response.headers
        headers.setdefault("Content-Security-Policy",
                           CSP.format(ancestors="*" if embeddable else "'self'"))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if not embeddable:
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
