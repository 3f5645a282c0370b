"""Every route with an id: a number beyond the database's 32-bit ids is a plain 404 for
everyone, never an overflow error from PostgreSQL (a 500)."""

import re

import pytest

from stem_events.accounts.models import Role

TOO_BIG = (2**31, 99_999_999_999)


def _urls(app, number: int) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        url = re.sub(r"<int:\w+>", str(number), rule.rule)
        url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
        found += [(url, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_beyond_32_bits_are_404_for_a_coordinator(app, client, make_user, number):
    user = make_user(role=Role.ADMIN)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    urls = _urls(app, number)
    assert len(urls) > 40
    answers = {(url, method): client.open(url, method=method).status_code
               for url, method in urls}
    assert {k: v for k, v in answers.items() if v != 404} == {}
