"""WSGI entry point: `gunicorn wsgi:app`; also found by the `flask` command."""
import sys

from config import ConfigError
from stem_events import create_app

try:
    app = create_app()
except ConfigError as error:  # one sentence, not a traceback
    print(error, file=sys.stderr)
    raise SystemExit(1) from None
