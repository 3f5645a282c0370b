"""What a process keeps of the stored cards and API items (`events.kept`): by stamp, within
a bound, dropped with another data-version epoch."""

import pytest

from stem_events.events import kept


@pytest.fixture(autouse=True)
def _nothing_kept():
    kept.forget()
    yield
    kept.forget()


def test_a_part_is_valid_only_at_the_stamp_it_was_rendered_at():
    kept.keep(("card", "nl", "k"), 1, 3, "kaart 1")
    kept.keep(("card", "nl", "k"), 2, 5, "kaart 2")
    assert kept.valid(("card", "nl", "k"), [(1, 3), (2, 6), (3, 1)]) == {1: "kaart 1"}
    assert kept.valid(("card", "en", "k"), [(1, 3)]) == {}  # another language: another store


def test_a_full_store_starts_again(monkeypatch):
    monkeypatch.setattr(kept, "MAX_KEPT", 2)
    key = ("item", "k")
    kept.keep(key, 1, 1, "a")
    kept.keep(key, 2, 1, "b")
    kept.keep(key, 2, 2, "b2")  # a newer render of a part kept: replaced, nothing dropped
    assert kept.valid(key, [(1, 1), (2, 2)]) == {1: "a", 2: "b2"}
    kept.keep(key, 3, 1, "c")  # beyond the bound: the store starts again
    assert kept.valid(key, [(1, 1), (2, 2), (3, 1)]) == {3: "c"}


def test_another_epoch_drops_everything():
    kept.use_epoch("e1")
    kept.keep(("card", "nl", "k"), 1, 1, "kaart")
    kept.use_epoch("e1")
    assert kept.valid(("card", "nl", "k"), [(1, 1)]) == {1: "kaart"}
    kept.use_epoch("e2")
    assert kept.valid(("card", "nl", "k"), [(1, 1)]) == {}


def test_a_bounded_number_of_stores_the_least_recently_used_dropped(monkeypatch):
    """The API items' store is per host name a request came with: requests with made-up Host
    headers must not make the process keep more and more."""
    monkeypatch.setattr(kept, "MAX_STORES", 2)
    kept.keep(("item", "host-a"), 1, 1, "a")
    kept.keep(("item", "host-b"), 1, 1, "b")
    assert kept.valid(("item", "host-a"), [(1, 1)]) == {1: "a"}  # host-a used last
    kept.keep(("item", "host-c"), 1, 1, "c")  # a third store: host-b's is dropped
    assert kept.valid(("item", "host-b"), [(1, 1)]) == {}
    assert kept.valid(("item", "host-a"), [(1, 1)]) == {1: "a"}
    assert kept.valid(("item", "host-c"), [(1, 1)]) == {1: "c"}
    assert len(kept._KEPT) == 2


def test_made_up_host_names_keep_a_bounded_number_of_api_stores(app, client, make_event):
    make_event(title="Workshop robotica")
    for number in range(kept.MAX_STORES + 5):
        response = client.get("/api/v1/events", base_url=f"http://host-{number}.example")
        assert response.status_code == 200 and response.get_json()["items"]
    assert len(kept._KEPT) <= kept.MAX_STORES


def test_threads_keeping_and_looking_up_at_once_never_fail(monkeypatch):
    """A worker may run threads (GUNICORN_THREADS): two of them dropping the least recently
    used store at once must not fail (nor put back a store of another epoch)."""
    import sys
    import threading

    monkeypatch.setattr(kept, "MAX_STORES", 2)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: the races show at once
    errors = []

    def work(number):
        try:
            for i in range(3000):
                key = ("item", f"host-{(number + i) % 7}")
                kept.keep(key, i, 1, "x")
                kept.valid(key, [(i, 1)])
                if i % 500 == 0:
                    kept.use_epoch(f"e{i}")
        except Exception as error:  # noqa: BLE001 (any failure is the finding)
            errors.append(repr(error))
    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [] and len(kept._KEPT) <= 2
