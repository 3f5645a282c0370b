"""Finding the municipality people mean from a postcode, a name, or both."""

import pytest

from stem_events.errors import InvalidInput
from stem_events.reference.lookup import find_municipality


@pytest.mark.parametrize("text,postcode,nis", [
    ("Gent", "", "44021"), ("gent", "9000", "44021"), ("", "3000", "24062"),
    ("3000", "", "24062"), ("Etterbeek", "1040", "21005"), ("Bruxelles", "", "21004"),
])
def test_found(db, text, postcode, nis):
    assert find_municipality(text, postcode).nis == nis


@pytest.mark.parametrize("text,postcode,message", [
    ("", "1040", "meerdere gemeenten (Brussel, Etterbeek)"),
    ("Atlantis", "", "kennen we niet"),
    ("Gent", "3000", "kennen we niet"),
    ("", "90000", "4 cijfers"),
    ("", "", "Vul de gemeente"),
])
def test_refused_with_a_reason(db, text, postcode, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        find_municipality(text, postcode)
