"""Mail: the outbox table, delivery with retries, `flask worker` and `flask send-mails`.

A mail queued with `outbox.enqueue()` (a snapshot of what it must say) is sent by a worker once
the transaction that queued it committed; a request never talks to the mail server."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.mail import models as _models  # noqa: F401  (register the table)
    from stem_events.mail.cli import run_worker, send_mails

    app.cli.add_command(send_mails)
    app.cli.add_command(run_worker)
