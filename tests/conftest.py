"""Fixtures: one real database per run (SQLite file or a fresh PostgreSQL database), migrated
from empty with Alembic; each test starts from the reference data only.

Choose the database with `pytest --db sqlite|postgresql` (default sqlite). Under CI=true an
unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from stem_events import create_app, date_time
from stem_events.extensions import db as _db

PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Reference tables ship with migration 0001 and are kept; every other table is emptied
# after each test (children first), so new domain tables need no change here.
REFERENCE_TABLES = {"provinces", "municipalities", "postcodes", "goals", "themes",
                    "alembic_version", "import_category_themes"}
REFERENCE_TABLES |= {"audiences"}  # seeded by migration 0023


def data_tables() -> list[str]:
    return [t.name for t in reversed(_db.metadata.sorted_tables)
            if t.name not in REFERENCE_TABLES]


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "error::sqlalchemy.exc.SAWarning")


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite",
                     help="database to run the suite against")


@pytest.fixture(scope="session")
def db_kind(request) -> str:
    return request.config.getoption("--db")


def _postgres_database(name: str):
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {error.orig}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return admin



@pytest.fixture
def unmigrated_app(db_kind, tmp_path):
    """An app on a database of its own with no tables yet, for tests that run migrations
    step by step (`flask_migrate.upgrade(revision=…)`, `downgrade`); dropped afterwards."""
    from config import TestingConfig

    config = TestingConfig()
    admin = name = None
    if db_kind == "sqlite":
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        name = f"stem_mig_{uuid.uuid4().hex[:8]}"
        admin = _postgres_database(name)
        config.SQLALCHEMY_DATABASE_URI = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    config.OUTBOX_DIR = str(tmp_path)
    application = create_app(config)
    yield application
    with application.app_context():
        _db.engine.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(db_kind, tmp_path_factory):
    if db_kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    name = f"stem_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = _postgres_database(name)
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    from config import TestingConfig

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.OUTBOX_DIR = str(tmp_path_factory.mktemp("outbox"))
    config.UPLOAD_DIR = str(tmp_path_factory.mktemp("uploads"))
    application = create_app(config)
    with application.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _restore_logging():
    """An app built with production settings (LOG_JSON) reconfigures the process's loggers;
    the next test starts with them as they were."""
    import logging

    loggers = [logging.getLogger(), logging.getLogger("stem_events")]
    saved = [(list(lg.handlers), lg.propagate, lg.level) for lg in loggers]
    yield
    for logger, (handlers, propagate, level) in zip(loggers, saved, strict=True):
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)


@pytest.fixture(autouse=True)
def _clean_database(app):
    with app.app_context():
        yield
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in data_tables():
                conn.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608
    date_time.freeze(None)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (its own `g`, session and locale), as in
    production, even though the test itself keeps one open for its factories."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def another_app(app):
    """`another_app(**settings)`: a second app on the test database, as another server process
    or host would create it, with its own settings (a proxy, Redis, production-like logging)."""
    from tests.registrations.helpers import app_for

    def make(**settings):
        return app_for(app.config["SQLALCHEMY_DATABASE_URI"], app.config["OUTBOX_DIR"],
                       **settings)
    return make


@pytest.fixture
def agenda_index_off(app):
    """The agenda's facet index off for one test: selections are answered by SQL, the path a
    search, a big selection or a request with changes of its own takes."""
    app.config["AGENDA_INDEX"] = False
    yield
    app.config["AGENDA_INDEX"] = True


@pytest.fixture
def page_cache_off(app):
    """The page cache off for one test (`pytestmark = pytest.mark.usefixtures(...)`): pages
    then show what the queries and the fragment stores give on every request."""
    app.config["PAGE_CACHE_ENABLED"] = False
    yield
    app.config["PAGE_CACHE_ENABLED"] = True


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def freeze_now():
    """Fix "now": `freeze_now(datetime(2026, 3, 14, 12, tzinfo=UTC))`."""
    def freeze(moment: datetime) -> datetime:
        date_time.freeze(moment)
        return moment
    yield freeze
    date_time.freeze(None)


@pytest.fixture
def make_organisation(db):
    from stem_events.accounts.models import Organisation
    from stem_events.reference.models import HelixPillar

    def make(**overrides) -> Organisation:
        values = {
            "name": "STEM-academie Gent",
            "helix": HelixPillar.CITIZEN,
            "municipality_nis": "44021",
            "approved": True,
        }
        values.update(overrides)
        organisation = Organisation(**values)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_event(db, make_organisation):
    """`make_event(title=..., sessions=[(start, end), ...])`; default: one session tomorrow."""
    from stem_events.events.models import Event, EventSession, EventStatus, slugify
    from stem_events.reference.models import EventKind

    def make(sessions=None, **overrides) -> Event:
        if "organisation" not in overrides and "organisation_id" not in overrides:
            overrides["organisation"] = make_organisation()
        values = {
            "kind": EventKind.WORKSHOP,
            "title": "Workshop robotica",
            "summary": "Bouw je eigen robot.",
            "status": EventStatus.PUBLISHED,
            "municipality_nis": "44021",
            "venue_name": "Bibliotheek De Krook",
        }
        values.update(overrides)
        values.setdefault("slug", slugify(values["title"]))
        event = Event(**values)
        if sessions is None:
            start = date_time.now_utc().replace(microsecond=0) + timedelta(days=1)
            sessions = [(start, start + timedelta(hours=2))]
        for start, end in sessions:
            event.sessions.append(EventSession(starts_at=start, ends_at=end))
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def organiser(db, make_user, make_organisation):
    """An owner of an approved, not trusted organisation: (user, organisation)."""
    from stem_events.accounts.models import MemberRole, Membership

    organisation = make_organisation(name="STEM-academie Gent")
    user = make_user(email="org@academie.be")
    db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.OWNER))
    db.session.commit()
    return user, organisation


@pytest.fixture
def make_user(db):
    from stem_events.accounts.models import Role, User

    def make(role: Role = Role.ORGANISER, email: str | None = None,
             password="correct horse 42",  # noqa: S107
             **overrides) -> User:
        user = User(email=email or f"{uuid.uuid4().hex[:8]}@example.be",
                    display_name="Test", role=role, **overrides)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def login(client):
    """Sign in through the real /login form: `login(user)` (password of make_user)."""
    def sign_in(user, password="correct horse 42", remember=False):  # noqa: S107
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/login", data=data)
        assert response.status_code == 302, response.text
        return response

    return sign_in


@pytest.fixture
def restore_category_table(db):
    """The CATEGORIES → themes table is kept between tests (seeded by migration 0018, like the
    reference tables): a test that edits it gets it back as it was."""
    from stem_events.imports.models import CategoryTheme

    table = CategoryTheme.__table__
    rows = [dict(r._mapping) for r in db.session.execute(table.select())]
    yield
    db.session.rollback()
    db.session.execute(table.delete())
    if rows:
        db.session.execute(table.insert(), rows)
    db.session.commit()
