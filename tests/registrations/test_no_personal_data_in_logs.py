"""Personal data never reaches the log, not even in the traceback of a failed registration."""

from __future__ import annotations

import io
import logging
from dataclasses import replace

import pytest
from flask.logging import default_handler

from stem_events.extensions import db
from tests.registrations.helpers import app_for, children_form

CHILD = ("Lotte", "Janssens", "2016-05-01")
PERSONAL = ("Sara Ouder", "ouder@example.be", "0470 12 34 56", "Lotte", "Janssens",
            "2016-05-01", "Mama Ouder", "mama@example.be")


def _form() -> dict:
    return children_form(children=[CHILD], contact_phone="0470 12 34 56",
                         parent_name="Mama Ouder", parent_email="mama@example.be")


def _failing_service(event_id, submission):
    """A bug that puts the submission into its error message."""
    children = ", ".join(f"{c.first_name} {c.last_name} {c.birth_date}"
                         for c in submission.children)
    raise RuntimeError(f"cannot register {submission.contact_name} <{submission.contact_email}> "
                       f"{submission.contact_phone} for {children}; parent "
                       f"{submission.parent_name} {submission.parent_email}")


def _break_the_database(monkeypatch):
    """The database refuses the row (a child without a last name): its error carries the
    statement's parameters."""
    from stem_events.registrations import forms

    original = forms.submission

    def without_last_name(form, event):
        data = original(form, event)
        children = [replace(child, last_name="") for child in data.children]
        return replace(data, children=children)

    monkeypatch.setattr(forms, "submission", without_last_name)


def _raise_from_a_service(monkeypatch):
    from stem_events.registrations import services

    monkeypatch.setattr(services, "register", _failing_service)


@pytest.fixture(params=["flask default handler", "operator's root handler"])
def log_output(request, monkeypatch):
    """Where the app's log goes: Flask's own handler, writing to the server's error stream
    (what Flask sets up when nothing else is configured, as under gunicorn), or a handler the
    operator configured before the app started."""
    stream = io.StringIO()
    app_logger = logging.getLogger("stem_events")
    if request.param == "flask default handler":
        monkeypatch.setattr(app_logger, "handlers", [default_handler])
    else:
        monkeypatch.setattr(app_logger, "handlers", [])
        root = logging.getLogger()
        monkeypatch.setattr(root, "handlers", [*root.handlers, logging.StreamHandler(stream)])
    return stream


@pytest.mark.parametrize("failure", [_break_the_database, _raise_from_a_service])
def test_a_failed_registration_logs_the_error_without_personal_data(
        app, tmp_path, monkeypatch, make_open_event, log_output, failure):
    event = make_open_event(capacity=5, age_min=8, age_max=12)
    failure(monkeypatch)
    failing_app = app_for(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path),
                          PROPAGATE_EXCEPTIONS=False)
    try:
        with failing_app.app_context():
            response = failing_app.test_client().post(
                f"/events/{event.id}/register", data=_form(), errors_stream=log_output)
    finally:
        with failing_app.app_context():
            db.engine.dispose()
    assert response.status_code == 500
    log = log_output.getvalue()
    assert f"Exception on /events/{event.id}/register [POST]" in log
    assert "Traceback" in log
    leaked = [value for value in PERSONAL if value.lower() in log.lower()]
    assert leaked == []
