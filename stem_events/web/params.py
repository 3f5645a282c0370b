"""Numbers read from a submitted form, without a 500 for bad input."""

from __future__ import annotations

from flask import request


def form_int(name: str) -> int:
    """A submitted id, or 0 (never a valid id) for anything that is not a number."""
    raw = request.form.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0
