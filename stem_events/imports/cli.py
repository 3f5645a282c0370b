"""`flask imports add|run|list` (CONTRACT.md fixes the output of add and run)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.transaction import per_item, unit_of_work

from . import run, sources
from .models import ImportSource, RunOutcome

imports_cli = AppGroup("imports", help="iCal-bronnen importeren.")

# `source <id>: <ok|not-modified|failed> …`: a run held for the organiser's confirmation
# applied nothing and needs a person, so it reads as failed.
STATUS_WORD = {RunOutcome.OK: "ok", RunOutcome.NOT_MODIFIED: "not-modified",
               RunOutcome.FAILED: "failed", RunOutcome.HELD: "failed"}


@imports_cli.command("add")
@click.option("--organisation", "organisation_id", type=int, required=True)
@click.option("--url", required=True, help="https://, http:// of webcal://")
@click.option("--trusted", is_flag=True, help="Nieuwe activiteiten meteen publiceren.")
def add_command(organisation_id: int, url: str, trusted: bool) -> None:
    """Voeg een bron toe; drukt alleen het id van de nieuwe bron af."""
    try:
        with unit_of_work():
            source = sources.add_source_cli(organisation_id, url, trusted)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(source.id)


def summary_line(source_id: int, result) -> str:
    return (f"source {source_id}: {STATUS_WORD[result.outcome]} created={result.created} "
            f"updated={result.updated} cancelled={result.cancelled} "
            f"unchanged={result.unchanged} skipped={result.skipped}")


@imports_cli.command("run")
@click.option("--source", "source_id", type=int, default=None,
              help="Alleen deze bron, nu, ook als ze nog niet aan de beurt is.")
def run_command(source_id: int | None) -> None:
    """Haal de bronnen op die aan de beurt zijn (cron, elke 15 minuten)."""
    if source_id is not None and db.session.get(ImportSource, source_id) is None:
        raise click.ClickException(f"Bron {source_id} bestaat niet.")
    due = [source_id] if source_id is not None else run.due_sources()
    failed = False

    def one(current: int) -> None:  # each source is its own unit of work
        nonlocal failed
        result = run.run_source(current)
        if result is not None:  # None: another runner has it
            failed |= result.outcome in (RunOutcome.FAILED, RunOutcome.HELD)
            click.echo(summary_line(current, result))

    if len(per_item(due, one)) < len(due):  # a source broke beyond its own error handling
        failed = True
    if failed:
        sys.exit(1)


@imports_cli.command("list")
def list_command() -> None:
    """Alle bronnen: id, organisatie, toestand, volgende beurt, adres."""
    for source in db.session.scalars(db.select(ImportSource).order_by(ImportSource.id)):
        state = "paused" if source.paused else "active"
        next_run = source.next_run_at.isoformat(timespec="minutes") if source.next_run_at \
            else "now"
        click.echo(f"{source.id}\torganisation={source.organisation_id}\t{state}\t"
                   f"trusted={'yes' if source.trusted else 'no'}\tfailures={source.failures}\t"
                   f"next={next_run}\t{source.url}")
