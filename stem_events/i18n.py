"""Languages: Dutch (nl-BE) first, English second.

The locale comes from the `lang` cookie (set by the language switch), else from the browser's
Accept-Language, else Dutch. Dates are formatted by `date_time` in the chosen language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, has_request_context, redirect, request
from flask_babel import get_locale

from . import date_time
from .extensions import babel

bp = Blueprint("i18n", __name__)
COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, background jobs: Dutch
        return languages[0]
    chosen = request.cookies.get(COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def current_language() -> str:
    return str(get_locale() or "nl").split("_")[0]


@bp.get("/lang/<code>")
def switch_language(code: str):
    """The language switch: remember the choice and go back to the page the visitor was on."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404, description="Deze taal bestaat niet op deze site. / Unknown language.")
    target = request.args.get("next", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"  # only local redirects
    response = redirect(target)
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def init_app(app: Flask) -> None:
    import os

    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", os.path.join(os.path.dirname(__file__), "translations")
    )
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.context_processor
    def inject_language():
        return {"current_language": current_language()}

    @app.template_filter("date_nl")
    def date_filter(value, weekday=True):
        return date_time.format_date(value, current_language(), weekday)

    @app.template_filter("time_nl")
    def time_filter(value):
        return date_time.format_time(value)

    @app.template_global()
    def session_range(session) -> str:
        lang = current_language()
        if session.all_day:
            first, last = date_time.all_day_dates(session.starts_at, session.ends_at)
            return date_time.format_day_range(first, last, lang)
        return date_time.format_range(session.starts_at, session.ends_at, lang)

    @app.template_global()
    def iso_local(value) -> str:
        return date_time.isoformat_local(value)
