"""Flask extensions, created once and bound to the app in the factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from stem_events.rate_limits import client_key

# Named constraints so that Alembic batch migrations on SQLite can alter them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


#: session.info key: the request's view only reads (`transaction.reads_only`, PostgreSQL).
READS_ONLY = "unit_of_work.reads_only"
_AUTOCOMMIT = "_stem_events_autocommit"


def autocommit(engine: Engine) -> Engine:
    """`engine` whose connections run in autocommit (same pool, same events), made once per
    engine and kept on it (a dict of engines would keep every engine of the tests alive: the
    option engine refers to its engine)."""
    found = engine.__dict__.get(_AUTOCOMMIT)
    if found is None:
        found = engine.execution_options(isolation_level="AUTOCOMMIT")
        setattr(engine, _AUTOCOMMIT, found)
    return found


class AppSession(FlaskSession):
    """`db.session`. While the request's view only reads (`READS_ONLY`), the connection the
    session takes when a statement first needs one runs in autocommit: no BEGIN and COMMIT
    round trips, and a request that asks the session nothing (a page cache hit) takes none."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        found = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if bind is None and self.info.get(READS_ONLY) and isinstance(found, Engine) \
                and found.dialect.name == "postgresql":
            return autocommit(found)
        return found


db = SQLAlchemy(model_class=Base, session_options={"class_": AppSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storage: CACHE_URL (Redis) or memory; a Redis outage falls back to per-process memory, never
# a 500. Keys and numbers: stem_events/rate_limits.py (the real client behind trusted proxies).
limiter = Limiter(key_func=client_key, in_memory_fallback_enabled=True, swallow_errors=True)
