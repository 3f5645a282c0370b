"""Configuration mistakes on the command line: one clear sentence, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def flask(*args, **env):
    environment = {**os.environ, "FLASK_APP": "wsgi.py", **env}
    environment.pop("DATABASE_URL", None) if "DATABASE_URL" not in env else None
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, sentence", [
    ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/nergens"},
     "De databank is niet bereikbaar"),
    ({"STEM_EVENTS_ENV": "staging"}, "STEM_EVENTS_ENV='staging' is onbekend"),
    ({"DATABASE_URL": "mysql://root@localhost/x"}, "wordt niet ondersteund"),
    ({"STEM_EVENTS_ENV": "production", "SECRET_KEY": "", "BASE_URL": "https://x.example"},
     "SECRET_KEY ontbreekt"),
])
def test_bad_settings_give_one_sentence(env, sentence, tmp_path):
    result = flask("db", "current", STEM_EVENTS_INSTANCE=str(tmp_path), **env)
    assert result.returncode == 1
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_a_503_page():
    """(With nothing in the page cache: tests/test_database_down.py serves stale pages.)"""
    from config import TestingConfig
    from stem_events import create_app, page_cache

    page_cache._local.entries.clear()
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://postgres@127.0.0.1:9/nergens"
    down = create_app(config)
    for path, kind in (("/agenda", "text/html"), ("/api/v1/events", "application/json")):
        response = down.test_client().get(path)
        assert response.status_code == 503
        assert response.mimetype == kind
        assert "Traceback" not in response.get_data(as_text=True)
    assert "Tijdelijk niet beschikbaar" in down.test_client().get("/").get_data(as_text=True)
