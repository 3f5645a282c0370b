"""`flask users create --email E --role admin|organiser [--organisation ID]`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from stem_events.errors import DomainError
from stem_events.transaction import unit_of_work

from .models import Role
from .services import create_user

users_cli = AppGroup("users", help="Gebruikers beheren.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt(
            "Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord"
        )
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise click.ClickException("Geef het wachtwoord op de standaardinvoer.")
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        raise click.ClickException("De twee wachtwoorden verschillen.")
    return lines[0]


@users_cli.command("create")
@click.option("--email", required=True, help="E-mailadres (ook de login).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANISER.value)
@click.option("--organisation", "organisation_id", type=int, default=None,
              help="Id van de organisatie waarvan de gebruiker eigenaar wordt.")
@click.option("--name", "display_name", default=None, help="Weergavenaam.")
def create_command(email: str, role: str, organisation_id: int | None, display_name: str | None):
    """Maak een gebruiker aan; het wachtwoord wordt gevraagd (nooit op de opdrachtregel)."""
    password = _read_password()
    try:
        with unit_of_work():
            user = create_user(email, password, Role(role), display_name, organisation_id)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Gebruiker {user.email} ({user.role.value}) aangemaakt.")
