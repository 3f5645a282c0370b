"""`flask send-reminders` and `flask purge-personal-data` (meant for cron)."""

import click
from flask.cli import with_appcontext

from stem_events.registrations import groups, reminders, retention
from stem_events.transaction import unit_of_work


@click.command("send-reminders")
@click.option("--hours", type=float, default=None, help="Hoe lang vooraf (standaard 48).")
@with_appcontext
def send_reminders(hours: float | None) -> None:
    """Herinner ingeschrevenen aan sessies die binnenkort beginnen (één keer per sessie)."""
    count = reminders.send_reminders(hours)
    click.echo(f"{count} herinnering(en) klaargezet.")
    with unit_of_work():  # offers of seats to classes that expired: the waiting list moves up
        expired = groups.expire_offers()
    if expired:
        click.echo(f"{expired} activiteit(en) met verlopen aanbod voor klassen bijgewerkt.")


@click.command("purge-personal-data")
@with_appcontext
def purge_personal_data() -> None:
    """Anonimiseer inschrijvingen na de bewaartermijn; de aantallen blijven."""
    count = retention.purge_personal_data()
    click.echo(f"{count} inschrijving(en) geanonimiseerd.")
