"""Realistic, deterministic Flemish demo data: `flask demo-data`."""

from flask import Flask


def register(app: Flask) -> None:
    from .cli import demo_data_command

    app.cli.add_command(demo_data_command)
