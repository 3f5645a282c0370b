"""Demo registrations carry the age group a real registration stores, so the monitoring
report's "participants by age group" shows groups instead of only "onbekend"."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.registrations.models import Registration
from stem_events.registrations.rules import age_group, first_day


def test_every_demo_registration_has_the_age_group_of_its_birth_date(app, db, freeze_now):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "120"])
    assert result.exit_code == 0, result.output
    # A class (group) has no birth dates: its age group is unknown ("").
    registrations = db.session.scalars(sa.select(Registration).where(
        Registration.is_group.is_(False))).all()
    assert registrations
    groups = {r.age_group for r in registrations}
    assert "" not in groups
    assert {"18+"} < groups  # children's activities give the younger groups too
    for registration in registrations:
        assert registration.age_group == age_group(registration.birth_date,
                                                    first_day(registration.event))
