"""Mail: the outbox table, delivery with retries and `flask send-mails`."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.mail import models as _models  # noqa: F401  (register the table)
    from stem_events.mail.cli import send_mails

    app.cli.add_command(send_mails)
