"""One owner per transaction: only the unit of work (and the two documented exceptions)
commits; a request, a command and every item of a batch is one unit of work."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import abort

from stem_events import transaction
from stem_events.reference.holiday_overrides import HolidayOverride
from stem_events.transaction import after_commit, per_item, unit_of_work

PACKAGE = Path(__file__).resolve().parent.parent / "stem_events"
# The only modules that may end a transaction (docs/architecture.md, "Transactions").
MAY_COMMIT = {
    "stem_events/transaction.py",  # the unit of work
    "stem_events/registrations/locking.py",  # the registration lock starts its own transaction
    "stem_events/mail/outbox.py",  # a mail's claim is committed before it is sent
}


def _commits(path: Path) -> list[int]:
    """Lines that call `.commit()`, or open a `.begin()` block (which commits when it ends)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("commit", "begin")]


def test_only_the_unit_of_work_and_the_documented_exceptions_commit():
    assert len(MAY_COMMIT) <= 4
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = _commits(path)
        if lines:
            found[path.relative_to(PACKAGE.parent).as_posix()] = lines
    offenders = {module: lines for module, lines in found.items() if module not in MAY_COMMIT}
    assert not offenders, (
        f"commit() outside the unit of work: {offenders}. Services flush; the request, the "
        "command or `transaction.per_item` commits (docs/architecture.md, Transactions).")
    assert set(found) == MAY_COMMIT  # no stale entry in the list


def _holiday(key: str) -> HolidayOverride:
    return HolidayOverride(year=2030, key=key, name=key, first_day=date(2030, 5, 1),
                           last_day=date(2030, 5, 2))


def _keys(db) -> list[str]:
    db.session.rollback()
    return sorted(db.session.scalars(sa.select(HolidayOverride.key)))


@pytest.fixture
def throwaway_app(database_url, tmp_path):
    """A fresh app on the test database with three extra views, installed like the others."""
    from tests.registrations.helpers import app_for

    app = app_for(database_url, str(tmp_path))

    def add(key: str, status: int = 200):
        from stem_events.extensions import db

        db.session.add(_holiday(key))
        db.session.flush()
        if status == 500:
            raise RuntimeError("the view broke")
        if status == 404:
            abort(404)
        return "", status

    app.add_url_rule("/test/saved", "saved", lambda: add("saved", 302))
    app.add_url_rule("/test/refused", "refused", lambda: add("refused", 409))
    app.add_url_rule("/test/missing", "missing", lambda: add("missing", 404))
    app.add_url_rule("/test/broken", "broken", lambda: add("broken", 500))
    transaction.install(app)
    yield app
    with app.app_context():
        from stem_events.extensions import db

        db.engine.dispose()


def test_a_request_is_saved_when_it_answers_and_rolled_back_when_it_fails(db, throwaway_app):
    client = throwaway_app.test_client()
    assert client.get("/test/saved").status_code == 302
    assert client.get("/test/refused").status_code == 409
    assert client.get("/test/missing").status_code == 404
    with pytest.raises(RuntimeError):  # TESTING lets it through; production answers 500
        client.get("/test/broken")
    assert _keys(db) == ["saved"]


def test_follow_ups_run_after_the_commit_and_never_after_a_rollback(db):
    ran = []
    with unit_of_work():
        db.session.add(_holiday("kept"))
        after_commit(lambda: ran.append(("follow-up", _keys(db))))
        after_commit(lambda: ran.append("last"), last=True)
        after_commit(lambda: after_commit(lambda: ran.append("queued by a follow-up")))
        assert ran == []
    assert ran == [("follow-up", ["kept"]), "queued by a follow-up", "last"]
    with pytest.raises(RuntimeError), unit_of_work():
        db.session.add(_holiday("dropped"))
        after_commit(lambda: ran.append("never"))
        raise RuntimeError("refused")
    with unit_of_work():
        pass
    assert "never" not in ran and _keys(db) == ["kept"]


def test_the_same_key_queues_one_follow_up(db):
    ran = []
    with unit_of_work():
        first = after_commit(lambda: ran.append(1), key="once")
        assert after_commit(lambda: ran.append(2), key="once") is first
    assert ran == [1]


def test_one_failing_item_never_rolls_back_the_others(db, caplog, monkeypatch):
    # Alembic's logging set-up (run by the fixtures) disables the loggers that existed then.
    monkeypatch.setattr(transaction.log, "disabled", False)

    def save(key: str) -> str:
        db.session.add(_holiday(key))
        db.session.flush()
        if key == "b":
            raise RuntimeError("b@example.be broke")
        return key

    assert per_item(["a", "b", "c"], save) == ["a", "c"]
    assert _keys(db) == ["a", "c"]
    [record] = [r for r in caplog.records if r.name == "stem_events.transaction"]
    assert "RuntimeError" in record.getMessage()
    assert "b@example.be" not in caplog.text  # an error's text may hold personal data


def test_a_failing_follow_up_keeps_the_commit_and_the_other_follow_ups(db):
    ran = []

    def broken():
        db.session.add(_holiday("from the broken follow-up"))
        raise RuntimeError("follow-up broke")

    with unit_of_work():
        db.session.add(_holiday("saved"))
        after_commit(broken)
        after_commit(lambda: ran.append("second"))
    assert ran == ["second"] and _keys(db) == ["saved"]
