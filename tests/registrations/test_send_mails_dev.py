"""`flask send-mails` in development: without MAIL_URL the pending mails become .eml files in
`instance/outbox/` (OUTBOX_DIR), each exactly once."""

import sqlalchemy as sa

from config import INSTANCE, DevelopmentConfig
from stem_events.mail.models import OutboxMessage, OutboxStatus
from tests.mailbox import read_mail
from tests.registrations.helpers import adult_form


def test_development_defaults_write_to_instance_outbox(monkeypatch):
    monkeypatch.delenv("MAIL_URL", raising=False)
    config = DevelopmentConfig()
    assert config.MAIL_URL == ""
    assert config.OUTBOX_DIR == str(INSTANCE / "outbox")


def test_send_mails_without_mail_url_writes_eml_files_once(
        app, db, client, make_open_event, tmp_path, monkeypatch):
    # monkeypatch restores each setting as it was, a missing one removed: restoring
    # MAIL_DELIVER_IMMEDIATELY as None once turned immediate delivery off for later tests.
    for key, value in (("MAIL_URL", ""), ("OUTBOX_DIR", str(tmp_path / "outbox")),
                       ("MAIL_DELIVER_IMMEDIATELY", False)):
        monkeypatch.setitem(app.config, key, value)
    event = make_open_event()
    client.post(f"/events/{event.id}/register", data=adult_form("jan@example.be"))
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.status == OutboxStatus.PENDING  # nothing delivered during the request
    assert not (tmp_path / "outbox").exists()

    first = app.test_cli_runner().invoke(args=["send-mails"])
    assert first.exit_code == 0 and "1 mail(s) verstuurd, 0 nog niet gelukt" in first.output
    [path] = (tmp_path / "outbox").glob("*.eml")
    assert "To: jan@example.be" in read_mail(path)

    again = app.test_cli_runner().invoke(args=["send-mails"])
    assert "0 mail(s) verstuurd" in again.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.SENT
