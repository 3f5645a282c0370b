"""A password-reset request does the same work whether or not the address has an account, so
neither its answer nor its duration tells a stranger who has one (issue 14)."""

import email
import email.policy

import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage, OutboxStatus
from stem_events.mail.outbox import message_text


def _ask(client, email):
    response = client.post("/password/forgot", data={"email": email})
    return response.status_code, response.headers.get("Location")


def test_known_unknown_and_inactive_addresses_each_get_one_mail_sent_the_same_way(
        client, db, make_user):
    make_user(email="an@school.be")
    make_user(email="weg@school.be", active=False)
    answers = {_ask(client, email)
               for email in ("an@school.be", "niemand@school.be", "weg@school.be")}
    assert answers == {(302, "/login")}
    mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.kind, m.recipient, m.status) for m in mails] == [
        ("notice", "an@school.be", OutboxStatus.SENT),
        ("notice", "niemand@school.be", OutboxStatus.SENT),
        ("notice", "weg@school.be", OutboxStatus.SENT),
    ]
    texts = [_text(mail) for mail in mails]
    assert "/password/reset/" in texts[0]
    for text in texts[1:]:
        assert "/password/reset/" not in text and "geen account" in text


def _text(mail: OutboxMessage) -> str:
    message = email.message_from_string(message_text(mail), policy=email.policy.default)
    return message.get_body(("plain",)).get_content()
