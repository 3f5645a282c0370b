"""`flask demo-data [--events N] [--seed S] [--if-empty] [--force]`.

In production (`STEM_EVENTS_ENV=production`) it refuses unless `--force`, and then the demo
accounts get random passwords, shown once, instead of the ones in the README."""

from __future__ import annotations

import secrets
import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from stem_events.accounts.models import Organisation
from stem_events.demo.awards import build_awards_demo
from stem_events.demo.network import build_network_demo
from stem_events.demo.reach import build_reach_demo
from stem_events.demo.reviews import build_review_demo
from stem_events.demo.schools import build_schools_demo
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.imports.demo import build_import_demo
from stem_events.imports.uitdatabank_demo import build_uitdatabank_import_demo
from stem_events.rolemodels.demo import build_role_model_demo
from stem_events.transaction import unit_of_work
from stem_events.uitdatabank.demo import build_uitdatabank_demo

from .generator import DEMO_PASSWORDS, DemoBuilder
from .history import add_history

DEFAULT_EVENTS = 400
CHUNK = 2000


def _chunks(rows: list[dict]):
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


@click.command("demo-data")
@click.option("--events", "count", type=click.IntRange(1, 100_000), default=DEFAULT_EVENTS,
              show_default=True, help="Aantal activiteiten.")
@click.option("--seed", type=int, default=2030, show_default=True,
              help="Startwaarde: dezelfde waarde geeft dezelfde gegevens.")
@click.option("--if-empty", is_flag=True,
              help="Doe niets (zonder fout) als de databank al gegevens bevat.")
@click.option("--force", is_flag=True,
              help="Ook in productie; de demo-accounts krijgen dan willekeurige wachtwoorden.")
@click.option("--history", type=click.IntRange(1, 1_000_000), default=None,
              help="Voeg zoveel voorbije activiteiten toe aan de demogegevens die er al zijn "
                   "(make bench-scale).")
@with_appcontext
def demo_data_command(count: int, seed: int, if_empty: bool, force: bool,
                      history: int | None):
    """Vul een lege databank met realistische Vlaamse demogegevens."""
    passwords = _passwords(force)
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation))
    existing += db.session.scalar(sa.select(sa.func.count()).select_from(Event))
    if history is not None:
        _add_history(history, bool(existing))
        return
    if existing:
        message = "De databank bevat al gegevens; demo-data vult alleen een lege databank."
        if if_empty:
            click.echo(message + " Niets gewijzigd.")
            return
        raise click.ClickException(message + " Niets gewijzigd.")

    builder = DemoBuilder(seed=seed, events=count, passwords=passwords)
    builder.build_organisations()
    with tqdm(total=count, desc="activiteiten", unit="", file=sys.stderr,
              disable=None) as bar:
        builder.build_events(bar.update)
        builder.build_registrations()
        bar.set_description("wegschrijven")
        with unit_of_work():
            builder.write(_chunks)
            build_network_demo(seed)  # initiatives, network moments, State-of-the-STEM
            build_import_demo(seed)  # an academy's Google agenda, imported
            build_role_model_demo(seed)  # role models, linked to events
            build_uitdatabank_demo(seed)  # that academy publishes in UiTdatabank
            build_uitdatabank_import_demo()  # what is imported from there, who waits
            build_schools_demo(seed)  # nascholingen, teacher STEM-clubs, classes booking
            build_awards_demo(seed)  # a finished award round (labels) and an open one
            build_reach_demo(seed)  # audiences, kansentarief, reach answers and past years
            build_review_demo()  # a published event edited after its approval
            _public_contacts()
        _settle()
    public = sum(1 for e in builder.events if e["status"] in ("published", "postponed",
                                                              "cancelled"))
    click.echo(
        f"{len(builder.organisations)} organisaties, {len(builder.events)} activiteiten "
        f"({public} openbaar), {len(builder.sessions)} sessies en "
        f"{len(builder.registrations)} inschrijvingen aangemaakt."
    )
    _show_accounts(passwords)


def _add_history(count: int, existing: bool) -> None:
    if not existing:
        raise click.ClickException(
            "--history voegt voorbije activiteiten toe aan de demogegevens: vul de databank "
            "eerst met flask demo-data. Niets gewijzigd.")
    with unit_of_work():
        added = add_history(count, _chunks)
    _settle()
    click.echo(f"{added} voorbije activiteiten toegevoegd.")


def _settle() -> None:
    """Fresh statistics, so the planners pick the agenda's indexes at once. On PostgreSQL also
    a VACUUM, as autovacuum does a while after bulk inserts (a copy of the database, as the
    bench makes, is never visited by it): until the visibility map marks the new pages
    all-visible, every index-only scan of the agenda's queries reads the table's rows too."""
    engine = db.engine
    if engine.dialect.name == "postgresql":  # VACUUM runs outside a transaction only
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    else:
        with unit_of_work():
            db.session.execute(sa.text("ANALYZE"))


def _public_contacts() -> None:
    """Most organisations publish a contact address for participants (also for accessibility
    questions), some a phone number too; a few publish none, as in real life."""
    for organisation in db.session.scalars(sa.select(Organisation).order_by(Organisation.id)):
        if organisation.id % 4:
            organisation.public_email = f"info@organisatie{organisation.id}.example"
        if organisation.id % 3 == 0:
            organisation.public_phone = "+32 9 210 10 10"


def _passwords(force: bool) -> dict[str, str]:
    """The README's demo passwords, except in production: there only with `--force`, and then
    random ones (the README's are public)."""
    if current_app.config.get("ENV_NAME") != "production":
        return dict(DEMO_PASSWORDS)
    if not force:
        raise click.ClickException(
            "Dit is een productie-omgeving (STEM_EVENTS_ENV=production): demogegevens horen daar "
            "niet. Gebruik --force als je het toch wilt; de demo-accounts krijgen dan "
            "willekeurige wachtwoorden. Niets gewijzigd.")
    return {email: secrets.token_urlsafe(18) for email in DEMO_PASSWORDS}


def _show_accounts(passwords: dict[str, str]) -> None:
    roles = {"coordinator@stem-events.example": "coördinator",
             "organisator@stem-events.example": "organisator"}
    if passwords != DEMO_PASSWORDS:
        click.echo("Aanmelden met deze wachtwoorden; ze worden maar één keer getoond en nergens "
                   "bewaard:")
    else:
        click.echo("Aanmelden:")
    for email, password in passwords.items():
        click.echo(f"  {email}  {password}  ({roles.get(email, '')})")
