"""Organisers' Markdown, rendered with markdown-it and sanitised with nh3 (a maintained,
Rust-based HTML sanitiser), and turned into plain text for feeds and mails."""

from __future__ import annotations

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def to_html(text: str) -> Markup:
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def to_text(text: str) -> str:
    """Readable plain text: the rendered HTML without its tags.

    A text made of blocks that cannot reach across a blank line (see `_blocks`) is converted
    block by block, and each block is memoised: organisers repeat paragraphs across events,
    and a plain paragraph needs no parser at all. The result is the same as converting the
    whole text at once (tests/test_markdown.py compares both)."""
    blocks = _blocks(text or "")
    if blocks is None:
        return _whole_text(text or "").replace("&amp;", "&").strip()
    return "".join(map(_block_text, blocks)).replace("&amp;", "&").strip()


def _whole_text(text: str) -> str:
    return nh3.clean(_md.render(text), tags=set())


#: Characters that never start or continue Markdown syntax inside a line of running text.
_SAFE_PUNCTUATION = frozenset(" .,;:?'\"()/%+=-–—…‘’“”@€$")
#: Characters whose constructs can reach across blank lines (fences, HTML blocks, link
#: reference definitions, tables) or that the parser rewrites (CR, NUL).
_SPANNING = re.compile("[\\[`~<|\r\x00]")
_BLANK_LINES = re.compile("\n\n+")


def _blocks(text: str) -> list[str] | None:
    """The text's blocks separated by blank lines, when each one renders on its own as it
    does inside the text: no construct that spans blank lines, no indented line (lists and
    code continue through indentation), and every block starting with a letter or with
    bold text (not a list item, heading, quote or rule). None otherwise."""
    if _SPANNING.search(text):
        return None
    blocks = _BLANK_LINES.split(text.strip("\n"))
    for block in blocks:
        first = block[:1]
        if not (first.isalpha() or (block[:2] == "**" and block[2:3].isalpha())):
            return None
        if "\n " in block or "\n\t" in block or "\n\n" in block:
            return None
    return blocks


@functools.lru_cache(maxsize=4096)
def _block_text(block: str) -> str:
    if all(line[:1].isalpha() and line == line.strip() and
           all(c.isalnum() or c in _SAFE_PUNCTUATION for c in line)
           for line in block.split("\n")):
        return block + "\n"  # one plain paragraph: <p>the lines</p>, tags removed
    return _whole_text(block)
