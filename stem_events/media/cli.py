"""`flask media import-files`: the images an older version kept on one host's disk
(`instance/uploads/events/`) are copied into the media store, once, so every host serves them."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from stem_events.media.storage import EVENTS, media_key
from stem_events.media.stores import store
from stem_events.transaction import unit_of_work

media_cli = AppGroup("media", help="Afbeeldingen in de media-opslag.")

CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                 ".webp": "image/webp", ".gif": "image/gif"}


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and media_key(EVENTS, p.name) and p.suffix in CONTENT_TYPES)


def import_file(path: Path) -> bool:
    """Copies one file into the store unless it is there already; True when copied."""
    key = media_key(EVENTS, path.name)
    with unit_of_work():
        if store().exists(key):
            return False
        store().put(key, path.read_bytes(), CONTENT_TYPES[path.suffix])
    return True


@media_cli.command("import-files")
@click.option("--folder", type=click.Path(path_type=Path), default=None,
              help="Map met de oude afbeeldingen (standaard UPLOAD_DIR/events).")
def import_files(folder: Path | None) -> None:
    """Kopieer afbeeldingen van de schijf van deze server naar de media-opslag (eenmalig)."""
    folder = folder or Path(current_app.config["UPLOAD_DIR"]) / EVENTS
    files = _files(folder)
    copied = sum(import_file(path) for path in files)
    click.echo(f"{copied} afbeelding(en) gekopieerd, {len(files) - copied} stonden er al "
               f"(uit {folder}). De bestanden op schijf mogen nu weg.")
