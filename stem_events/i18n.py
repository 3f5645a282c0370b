"""Languages: Dutch (nl-BE) first, English second.

The locale comes from the `lang` cookie (set by the language switch), else from the browser's
Accept-Language, else Dutch. Dates are formatted by `date_time` in the chosen language.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

from babel import Locale
from babel.support import NullTranslations
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    get_template_attribute,
    has_app_context,
    has_request_context,
    redirect,
    request,
)
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

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


class Resolved(NamedTuple):
    locale: Locale | None
    language: str
    translations: NullTranslations


#: Outside an app context: Dutch, the messages as written (what flask_babel gives there).
_OUTSIDE = Resolved(None, "nl", NullTranslations())


def resolved() -> Resolved:
    """The current locale's language code and translations, looked up once per locale object
    of the app context instead of on each of the ~60 messages and ~40 dates of a page
    (flask_babel's own lookup costs five context look-ups and a `str(locale)` per call).
    Keyed by the locale object itself, so it follows `force_locale` (mails in Dutch) and
    `flask_babel.refresh()` at once: both put another object in its place, where
    `get_locale()` keeps it (`g._flask_babel.babel_locale`; read directly, as it is the
    hot path, and through `get_locale()` when not there)."""
    if not has_app_context():
        return _OUTSIDE
    state = g._get_current_object()
    locale = getattr(getattr(state, "_flask_babel", None), "babel_locale", None) or get_locale()
    found = getattr(state, "_i18n_resolved", None)
    if found is None or found.locale is not locale:
        found = state._i18n_resolved = Resolved(locale, str(locale).split("_")[0],
                                                get_translations())
    return found


def current_language() -> str:
    return resolved().language


@pass_context
def _gettext(context: Context, string: str, **variables) -> str:
    """As `jinja2.ext._make_new_gettext` makes it: the message as a format string, marked
    safe (and its values escaped) when the template escapes."""
    message = resolved().translations.ugettext(string)
    if context.eval_ctx.autoescape:
        message = Markup(message)  # noqa: S704 (our catalog's message, as Jinja does)
    if not variables and "%" not in message:
        return message  # what `% {}` gives, without formatting (most messages of a page)
    return message % variables


@pass_context
def _ngettext(context: Context, singular: str, plural: str, num: int, **variables) -> str:
    """As `jinja2.ext._make_new_ngettext` makes it (`num` is a variable of the message)."""
    variables.setdefault("num", num)
    message = resolved().translations.ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        message = Markup(message)  # noqa: S704 (our catalog's message, as Jinja does)
    return message % variables


#: Where the parts of every page that `kept` renders are (one macro each).
CHROME = "macros/chrome.html"
#: How many rendered parts (a few kB each) a process keeps: one per language, script root,
#: part and state (the header's state is the endpoint, for its current link).
KEPT_ENTRIES = 1024
_kept: dict[tuple, Markup] = {}


def kept(name: str, *state) -> Markup:
    """A part of every page (`CHROME`'s macro `name`, called with `state`), rendered once per
    language, script root and state instead of on each page: the header's and footer's ~20
    messages and links depend on nothing else."""
    return kept_macro(CHROME, name, state, *state)


def kept_macro(template: str, name: str, state: tuple, *args) -> Markup:
    """The macro `name` of `template` called with `args`, rendered once per language, script
    root and `state` (what of `args` the output depends on), kept in the process. Rendered in
    place while templates reload (development), so an edited template shows at once."""
    if current_app.jinja_env.auto_reload:
        return Markup(get_template_attribute(template, name)(*args))  # noqa: S704 (a macro's output)
    key = (current_language(), request.script_root, template, name, *state)
    found = _kept.get(key)
    if found is None:
        found = Markup(get_template_attribute(template, name)(*args))  # noqa: S704 (a macro's output)
        if len(_kept) >= KEPT_ENTRIES:
            _kept.clear()
        _kept[key] = found
    return found


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
    # The templates' messages: Jinja's new-style gettext, which flask_babel installs, called
    # directly (one call per message instead of three) with the translations of `resolved`.
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, kept=kept)
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
