"""`flask send-reminders` and `flask purge-personal-data` (meant for cron)."""

import click
from flask.cli import with_appcontext

from stem_events.registrations import groups, reminders, retention
from stem_events.transaction import per_item


@click.command("send-reminders")
@click.option("--hours", type=float, default=None, help="Hoe lang vooraf (standaard 48).")
@with_appcontext
def send_reminders(hours: float | None) -> None:
    """Herinner ingeschrevenen aan sessies die binnenkort beginnen (één keer per sessie)."""
    count = reminders.send_reminders(hours)
    click.echo(f"{count} herinnering(en) klaargezet.")
    # Offers of seats to classes that expired unanswered: each in a unit of work of its own.
    expired = sum(per_item(groups.expired_offers(), groups.expire_offer))
    if expired:
        click.echo(f"{expired} verlopen aanbod/aanbiedingen voor klassen verwerkt.")


@click.command("purge-personal-data")
@with_appcontext
def purge_personal_data() -> None:
    """Anonimiseer inschrijvingen na de bewaartermijn; de aantallen blijven."""
    count = retention.purge_personal_data()
    click.echo(f"{count} inschrijving(en) geanonimiseerd.")
