"""`flask send-reminders` and `flask purge-personal-data` (meant for cron)."""

import click
from flask.cli import with_appcontext

from stem_events.registrations import reminders, retention


@click.command("send-reminders")
@click.option("--hours", type=float, default=None, help="Hoe lang vooraf (standaard 48).")
@with_appcontext
def send_reminders(hours: float | None) -> None:
    """Herinner ingeschrevenen aan sessies die binnenkort beginnen (één keer per sessie)."""
    count = reminders.send_reminders(hours)
    click.echo(f"{count} herinnering(en) klaargezet.")


@click.command("purge-personal-data")
@with_appcontext
def purge_personal_data() -> None:
    """Anonimiseer inschrijvingen na de bewaartermijn; de aantallen blijven."""
    count = retention.purge_personal_data()
    click.echo(f"{count} inschrijving(en) geanonimiseerd.")
