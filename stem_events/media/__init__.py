"""Uploaded files (event images, later role models' photos): checked and re-encoded
(`storage.py`), kept in one store every host sees (`stores.py`: the database by default, or
S3-compatible storage with MEDIA_URL) and served with a long cache lifetime (`views.py`)."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register the table)
    from .cli import media_cli
    from .stores import install
    from .views import bp

    install(app)
    app.register_blueprint(bp)
    app.cli.add_command(media_cli)
