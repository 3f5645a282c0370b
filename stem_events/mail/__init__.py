"""Mail: the outbox table, delivery with retries and `flask send-mails`."""

from flask import Flask, g


def register(app: Flask) -> None:
    from stem_events.mail import models as _models  # noqa: F401  (register the table)
    from stem_events.mail.cli import send_mails
    from stem_events.mail.outbox import deliver_after_commit

    app.cli.add_command(send_mails)

    @app.after_request
    def deliver_queued_notices(response):
        """Mails queued by `manage.notify` during this request: rows of a transaction that
        was rolled back do not exist, so only committed mails go out."""
        ids = g.pop("mail_ids", None)
        if ids:
            deliver_after_commit(ids)
        return response
