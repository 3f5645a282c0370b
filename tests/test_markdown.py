"""Organisers' Markdown as plain text: converting block by block (memoised, issue 22) gives
exactly what converting the whole text at once gives."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stem_events.markdown import _md, to_text


def whole(text: str) -> str:
    """The conversion before issue 22: the whole text through the parser at once."""
    return nh3.clean(_md.render(text or ""), tags=set()).replace("&amp;", "&").strip()


TEXTS = [
    "Van Scratch naar Python: spelletjes en apps maken in kleine groepjes.\n\n"
    "**Wat doen we?** Je ontdekt hoe STEM in het dagelijks leven zit.\n\n"
    "**Wat breng je mee?** Een laptop als je er een hebt; anders lenen we er een uit.\n\n"
    "Deze activiteit past in de STEM-Agenda 2030 van Vlaanderen en wordt georganiseerd in\n"
    "Herentals. Heb je een vraag over toegankelijkheid? Laat het ons weten.",
    "Tekst\n- een\n- twee\n\nVerder & meer",
    "Lijst\n- een\n\n- twee\n\nEinde",
    "Titel\n=====\n\nAlinea met *nadruk* en `code`",
    "Citaat\n> één\n\nverder",
    "a  \nb\n\n\n\nc",
    "Hij zei \"ja\" en 'nee' (ok): 5 + 3 = 8. 50% — é",
    "1. een\n\n2. twee",
    "Tekst\n\n    code\n\n    nog code",
    "Code\n```\n\nx\n```",
    "[link]: https://x.be\n\nZie [link].",
    "Tekst <b>vet</b> &amp; &copy;",
    "a\n \nb",
    "",
    "**Vet** tekst\n***\nna de lijn",
    "Tabel\n\n| a | b |\n|---|---|\n| 1 | 2 |",
]


@pytest.mark.parametrize("text", TEXTS)
def test_block_by_block_equals_the_whole_text(text):
    assert to_text(text) == whole(text)


MARKDOWNISH = st.lists(st.sampled_from(list("ab Zé1.-*_#>`~[]()<!|&;\\\n\n\n\t=+\"'")
                                        + ["**", "- ", "1. ", "    ", "\n\n", "&amp;", "Tekst"]),
                       max_size=60).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(MARKDOWNISH, st.text(max_size=40)), max_size=6))
def test_any_text_converts_as_a_whole(parts):
    text = "\n\n".join(parts)
    assert to_text(text) == whole(text)
