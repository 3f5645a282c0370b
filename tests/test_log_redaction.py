"""The log filter's patterns: personal data out, the rest of a log line readable."""

import pytest

from stem_events.log_redaction import redact


@pytest.mark.parametrize("text, expected", [
    ("mail to Jan.Peeters+x@school.be failed", "mail to [e-mail] failed"),
    ("call 0470 12 34 56 or +32 9 123 45 67", "call [phone] or [phone]"),
    ("tel 0032 (0)470/12.34.56.", "tel [phone]."),
    ("at 2026-03-14 12:30:05.123 in line 1234 of 0x7f12ab34cd56",
     "at 2026-03-14 12:30:05.123 in line 1234 of 0x7f12ab34cd56"),
    ("event 123456789 session 00000042-x", "event 123456789 session 00000042-x"),
])
def test_patterns(text, expected):
    assert redact(text) == expected


def test_submitted_values_are_redacted_as_whole_words_in_any_case():
    text = "identity child:ouder@x.be|lotte|janssens|2016-05-01; Lottery 'Lotte'"
    assert redact(text, ["Janssens", "Lotte", "2016-05-01"]) == (
        "identity child:[e-mail]|[redacted]|[redacted]|[redacted]; Lottery '[redacted]'")
