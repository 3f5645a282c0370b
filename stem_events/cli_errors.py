"""Command-line errors as one clear sentence instead of a traceback.

The `flask` command (`flask db upgrade`, `flask demo-data`, …) lets unexpected exceptions reach
Python's excepthook. For the two that a user causes by configuration — a database that cannot
be reached and a bad setting — we print one Dutch sentence and exit with status 1.
"""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from config import ConfigError


def _database_sentence(error: Exception, url: str | None) -> str:
    where = ""
    if url:
        try:
            where = f" ({make_url(url).render_as_string(hide_password=True)})"
        except Exception:  # noqa: BLE001 - an unparsable URL is itself the problem
            where = ""
    return (f"De databank is niet bereikbaar{where}: controleer DATABASE_URL en of de server "
            f"draait. Niets gewijzigd. [{type(error).__name__}]")


_installed: dict = {}


def install(database_url: str | None) -> None:
    _installed["url"] = database_url  # the latest app's database, for the message
    if _installed.get("hook"):
        return
    previous = sys.excepthook

    def friendly(kind, error, traceback) -> None:
        if isinstance(error, OperationalError | InterfaceError):
            print(_database_sentence(error, _installed.get("url")), file=sys.stderr)
            sys.exit(1)
        if isinstance(error, ConfigError):
            print(str(error), file=sys.stderr)
            sys.exit(1)
        previous(kind, error, traceback)

    sys.excepthook = _installed["hook"] = friendly
