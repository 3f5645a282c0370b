"""WSGI entry point: `gunicorn wsgi:app`; also found by the `flask` command."""
from stem_events import create_app

app = create_app()
