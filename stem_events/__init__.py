"""stem_events: the open platform for the STEM events of Flanders."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context
from flask.globals import request_ctx
from werkzeug.routing import IntegerConverter

from stem_events import sqlalchemy_rows  # noqa: F401, I001  (before anything imports SQLAlchemy)

ROOT = Path(__file__).resolve().parent.parent


class DatabaseId(IntegerConverter):
    """`<int:…>` in every URL: ids are 32-bit in the database, so a larger number is a plain
    404 instead of an overflow error from PostgreSQL (a 500)."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = 2**31 - 1, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max, signed)


#: How many fixed links (`App.url_for`) a process keeps; a few dozen per script root and host.
FIXED_URL_ENTRIES = 1024


class App(Flask):
    """Flask, with absolute URLs taken from BASE_URL where the config says so (production):
    a forwarded or forged Host header never reaches a link in a page, feed, API or mail.

    Fixed links (an endpoint without values, or a static file) are built once per script root
    (and, when absolute, per scheme, host and BASE_URL) instead of on every page: the ~25 of
    the page's header, footer and forms cost a route build each (~10 µs). The app has no
    `url_defaults`, which would make such a link depend on the request."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_urls: dict[tuple, str] = {}

    def url_for(self, endpoint: str, *, _external: bool | None = None, **values) -> str:
        base = self.config.get("BASE_URL") if self.config.get("EXTERNAL_URLS_FROM_BASE_URL") \
            else None
        ctx = request_ctx._get_current_object() if has_request_context() else None
        if ctx is None or ctx.url_adapter is None or endpoint[:1] == "." or (
                values and (endpoint != "static" or values.keys() != {"filename"})):
            return self._build_url(endpoint, _external, base, values)
        adapter = ctx.url_adapter
        key = (endpoint, values.get("filename"), adapter.script_name,
               (adapter.url_scheme, adapter.server_name, base) if _external else None)
        found = self.fixed_urls.get(key)
        if found is None:
            found = self._build_url(endpoint, _external, base, values)
            if len(self.fixed_urls) >= FIXED_URL_ENTRIES:
                self.fixed_urls.clear()
            self.fixed_urls[key] = found
        return found

    def _build_url(self, endpoint: str, _external: bool | None, base: str | None,
                   values: dict) -> str:
        if _external and base:
            values.pop("_scheme", None)
            return base.rstrip("/") + super().url_for(endpoint, _external=False, **values)
        return super().url_for(endpoint, _external=_external, **values)


def create_app(config: object | None = None) -> Flask:
    """The app factory. `config` is a config object or dict; default: from STEM_EVENTS_ENV."""
    from config import INSTANCE, config_from_env

    app = App(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if isinstance(config, dict):
        app.config.from_object(config_from_env())
        app.config.update(config)
    else:
        app.config.from_object(config or config_from_env())
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from stem_events import cli_errors, log_redaction

    cli_errors.install(app.config.get("SQLALCHEMY_DATABASE_URI"))
    _trust_proxies(app)
    log_redaction.install(app)
    app.url_map.converters["int"] = DatabaseId  # before any route is added
    _register_extensions(app)
    _register_domains(app)
    from stem_events import transaction

    transaction.install(app)  # every view runs in one unit of work (docs/architecture.md)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind `TRUSTED_PROXIES` reverse proxies, the client address, scheme and host are the
    ones those proxies forwarded (exactly that many hops, never more), so rate limits count
    real clients and cookies and HSTS follow the real scheme."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)


def _pool_in_lifo_order(app: Flask) -> None:
    """PostgreSQL: a request takes the pooled connection returned last, whose server process
    is still warm. A worker's pool holds a second connection once the agenda's index or a
    feed used one of its own; handed out in turn, each request met a server process idle
    for two requests (a cold agenda selection, alternating in-process: 0.06–0.5 ms faster of
    ~4.5). Idle connections beyond what the load needs then age out (`pool_recycle`). Not for
    SQLite: its in-memory database has a pool without that option."""
    if str(app.config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgresql"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("pool_use_lifo", True)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _register_extensions(app: Flask) -> None:
    from . import i18n
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .redis_guard import limiter_storage_options

    _pool_in_lifo_order(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("CACHE_URL") or "memory://")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", limiter_storage_options())
    limiter.init_app(app)
    i18n.init_app(app)


def _register_domains(app: Flask) -> None:
    from . import (
        accounts,
        api,
        audiences,
        audit,
        awards,
        clubs,
        demo,
        editions,
        errors,
        events,
        feeds,
        imports,
        initiatives,
        media,
        moderation,
        municipalities,
        network,
        observability,
        reactions,
        reference,
        registrations,
        reports,
        rolemodels,
        security,
        series,
        session_listeners,
        uitdatabank,
    )
    from .accounts import models as _accounts_models  # noqa: F401  (register tables)
    from .events import models as _events_models  # noqa: F401
    from .reach import models as _reach_models  # noqa: F401

    errors.register(app)
    observability.register(app)
    security.register(app)
    accounts.register(app)
    media.register(app)
    events.register(app)
    feeds.register(app)
    api.register(app)
    moderation.register(app)
    reference.register(app)
    audit.register(app)
    series.register(app)
    demo.register(app)
    registrations.register(app)
    initiatives.register(app)
    municipalities.register(app)
    network.register(app)
    editions.register(app)
    reports.register(app)
    imports.register(app)
    rolemodels.register(app)
    uitdatabank.register(app)
    clubs.register(app)
    awards.register(app)
    audiences.register(app)
    reactions.connect()
    session_listeners.install()  # every SQLAlchemy session listener, from one table
