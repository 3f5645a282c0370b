"""WSGI entry point: `gunicorn wsgi:app`; also found by the `flask` command."""
import gc
import sys

from config import ConfigError
from stem_events import create_app

try:
    app = create_app()
except ConfigError as error:  # one sentence, not a traceback
    print(error, file=sys.stderr)
    raise SystemExit(1) from None

# The ~0.5 million objects of the built app (routes, templates, SQLAlchemy's mappers, the
# translations) live as long as the process: leave them out of the garbage collector's full
# collections, which otherwise walk them all every few hundred requests (~1 ms a request on
# average, in the p95 of pages). Objects made by requests are collected as before.
gc.freeze()
