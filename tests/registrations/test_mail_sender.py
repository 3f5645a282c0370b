"""MAIL_SENDER from the environment is the From address of every mail (CONTRACT.md)."""

import email
import email.policy
from pathlib import Path

import pytest

import config
from tests.registrations.helpers import adult_form, app_for

SENDER = "STEM-agenda Gent <agenda@stem-gent.example>"


def test_every_mail_comes_from_mail_sender(app, tmp_path, monkeypatch, make_open_event):
    monkeypatch.setenv("MAIL_SENDER", SENDER)
    event = make_open_event()
    configured = app_for(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path))
    with configured.app_context():
        response = configured.test_client().post(f"/events/{event.id}/register",
                                                 data=adult_form())
    assert response.status_code == 302
    (path,) = Path(tmp_path).glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["From"] == SENDER
    assert mail["Message-ID"].endswith("@stem-gent.example>")


def test_a_mail_sender_that_is_no_address_is_one_clear_sentence(monkeypatch):
    monkeypatch.setenv("MAIL_SENDER", "STEM-agenda")
    with pytest.raises(config.ConfigError, match="MAIL_SENDER"):
        config.TestingConfig()
