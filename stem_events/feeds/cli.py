"""`flask feeds warm`: render every missing or outdated fragment of the public window once
(after a deploy or a RENDER_VERSION bump), so that no subscriber waits for the fill."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from . import services


@click.group("feeds", help="iCal-feeds beheren.")
def feeds_cli() -> None:
    pass


@feeds_cli.command("warm", help="Render alle ontbrekende of verouderde feedfragmenten.")
@with_appcontext
def warm() -> None:
    rendered, total = services.warm_fragments()
    click.echo(f"{rendered} van {total} sessies opnieuw gerenderd.")
