"""`flask uitdatabank export --organisation ID | sync | status` (CONTRACT.md); `import` is added
to this group by the import adapter (`stem_events/imports/uitdatabank.py`)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from stem_events.errors import DomainError
from stem_events.transaction import unit_of_work

from . import export, queue, services

uitdatabank_cli = AppGroup("uitdatabank", help="Uitwisseling met UiTdatabank (publiq).")


OFF = ("De koppeling met UiTdatabank staat uit: zet UITDATABANK_ENTRY_URL, "
       "UITDATABANK_SEARCH_URL, UITDATABANK_TOKEN_URL, UITDATABANK_CLIENT_ID en "
       "UITDATABANK_CLIENT_SECRET.")


def _require_connection() -> None:
    if not queue.enabled():
        raise click.ClickException(OFF)


def connection_off_for_cron() -> bool:
    """Scheduled commands on a platform without the exchange: say so, exit 0 (nothing to do)."""
    if queue.enabled():
        return False
    click.echo(OFF + " Niets te doen.")
    return True


@uitdatabank_cli.command("export")
@click.option("--organisation", "organisation_id", type=int, required=True)
def export_command(organisation_id: int) -> None:
    """Laat een organisatie exporteren en zet haar gepubliceerde activiteiten in de wachtrij."""
    _require_connection()
    try:
        with unit_of_work():
            queued = services.export_organisation(organisation_id)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"organisation {organisation_id}: queued={queued}")


@uitdatabank_cli.command("sync")
def sync_command() -> None:
    """Verstuur de wachtrij (cron, elke paar minuten)."""
    if connection_off_for_cron():
        return
    results = export.send_queue()
    for r in results:
        line = f"job {r.job_id} event {r.event_id}: {r.outcome}"
        click.echo(f"{line} {r.message}" if r.message else line)
    if any(r.outcome == "failed" for r in results):
        sys.exit(1)


@uitdatabank_cli.command("status")
def status_command() -> None:
    """Wachtrij en fouten."""
    state = services.status()
    click.echo(f"connection: {'on' if queue.enabled() else 'off'}")
    click.echo(f"pending={state.pending} failed={state.failed} done={state.done} "
               f"exported={state.exported}")
    for job, event in state.problems:
        title = event.title if event is not None else "-"
        click.echo(f"job {job.id} event {job.event_id} {job.status.value} "
                   f"attempts={job.attempts} {title}: {job.last_error}")
