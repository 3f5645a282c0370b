"""`flask send-mails` (cron: deliver what is due, once) and `flask worker` (long-running)."""

import click
from flask.cli import with_appcontext

from stem_events.mail import worker
from stem_events.mail.outbox import deliver


@click.command("send-mails")
@click.option("--limit", default=500, show_default=True, help="At most this many mails.")
@with_appcontext
def send_mails(limit: int) -> None:
    """Verstuur de mails die klaarstaan in de outbox."""
    sent, pending = deliver(limit=limit)
    click.echo(f"{sent} mail(s) verstuurd, {pending} nog niet gelukt.")


@click.command("worker")
@click.option("--poll", default=2.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="Seconds between looks at the outbox (PostgreSQL also wakes on NOTIFY).")
@with_appcontext
def run_worker(poll: float) -> None:
    """Verstuur wachtende mails binnen enkele seconden, tot SIGTERM of Ctrl-C."""
    stop = worker.stop_on_signals()
    click.echo("mail worker gestart")
    sent = worker.run(stop, poll=poll)
    click.echo(f"mail worker gestopt: {sent} mail(s) verstuurd.")
