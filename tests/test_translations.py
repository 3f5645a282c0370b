"""English is the second locale: every message of the catalog template has a translation
with the same placeholders."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "stem_events" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def test_every_message_has_an_english_translation():
    template = read_po((ROOT / "messages.pot").open("rb"))
    english = read_po((ROOT / "en/LC_MESSAGES/messages.po").open("rb"))
    missing, mismatched = [], []
    for message in template:
        if not message.id:
            continue
        translated = english.get(message.id)
        if translated is None or not all(_strings(translated)) or translated.fuzzy:
            missing.append(message.id)
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        for text in _strings(translated):
            if set(PLACEHOLDER.findall(source)) - {"num"} != set(PLACEHOLDER.findall(text)) - {
                    "num"}:
                mismatched.append((source, text))
    assert not missing, f"{len(missing)} messages without English, e.g. {missing[:3]}"
    assert not mismatched, mismatched[:3]
