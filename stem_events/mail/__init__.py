"""Mail: the outbox table, delivery with retries and `flask send-mails`.

A mail written with `outbox.enqueue()` is handed to delivery when the unit of work that wrote
it ends (`transaction.py`), only if its transaction committed."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.mail import models as _models  # noqa: F401  (register the table)
    from stem_events.mail.cli import send_mails

    app.cli.add_command(send_mails)
