"""`flask send-mails`: deliver what is due in the outbox (meant for cron)."""

import click
from flask.cli import with_appcontext

from stem_events.mail.outbox import deliver


@click.command("send-mails")
@click.option("--limit", default=500, show_default=True, help="At most this many mails.")
@with_appcontext
def send_mails(limit: int) -> None:
    """Verstuur de mails die klaarstaan in de outbox."""
    sent, pending = deliver(limit=limit)
    click.echo(f"{sent} mail(s) verstuurd, {pending} nog niet gelukt.")
