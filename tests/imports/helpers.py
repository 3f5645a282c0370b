"""Fixture feeds and their hand-written expectations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FEEDS = Path(__file__).parent / "feeds"
# Monday 2 March 2026, 10:00 in Brussels: the fixtures' "now".
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def feed_bytes(name: str) -> bytes:
    """A fixture feed with CRLF line ends, the shared VTIMEZONE filled in."""
    text = (FEEDS / name).read_text()
    text = text.replace("{{BRUSSELS}}\n", (FEEDS / "brussels_vtimezone.txt").read_text())
    return text.replace("\n", "\r\n").encode()


def expected(name: str) -> list[str]:
    lines = (FEEDS / name).read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]
