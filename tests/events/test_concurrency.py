"""Two people save the same event at the same moment: one wins, the other is told, nothing is
overwritten silently, on SQLite and PostgreSQL."""

import threading
import time

import sqlalchemy as sa

from stem_events.events import management as services
from stem_events.events.models import Event
from stem_events.extensions import db as _db
from stem_events.workflow import StaleForm


def test_two_simultaneous_saves_of_the_same_version(app, db, organiser, make_event):
    user, organisation = organiser
    event = make_event(organisation=organisation)
    event_id, user_id, version = event.id, user.id, event.version
    outcomes: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def save(title: str) -> None:
        from stem_events.accounts.models import User

        with app.app_context():
            me = _db.session.get(User, user_id)
            mine = services.get_event(me, event_id)
            barrier.wait()
            try:
                services.update_event(me, mine, {"title": title}, version)
                time.sleep(0.3)  # hold the row while the other one tries
                _db.session.commit()
                outcomes[title] = "saved"
            except StaleForm:
                _db.session.rollback()
                outcomes[title] = "stale"
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("Versie A", "Versie B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes.values()) == ["saved", "stale"], outcomes
    winner = next(t for t, o in outcomes.items() if o == "saved")
    db.session.expire_all()
    stored = db.session.scalars(sa.select(Event).where(Event.id == event_id)).one()
    assert stored.title == winner and stored.version == version + 1
