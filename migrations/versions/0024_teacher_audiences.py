"""The existing nascholingen and teacher-club meetings carry the audience leerkrachten now.

Revision ID: 0024
Revises: 0023

Since 0023 an event of a teacher kind is tagged with `leerkrachten` when it is saved
(`events.models.carry_kind_audiences`, after `audiences.services.KIND_AUDIENCES`); events saved
before that are tagged here, so the agenda's "Voor leerkrachten", its feed and the report agree
at once. Plain SQL (the same on SQLite and PostgreSQL) that adds only missing rows, so running
it twice adds nothing. The downgrade keeps the rows: they are what the kind means, and a row
that was there before cannot be told apart from one added here.
"""
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

# Frozen copy of KIND_AUDIENCES at this revision (a migration never imports the app's rules).
KIND_AUDIENCES = (("teacher_training", "leerkrachten"), ("teacher_club", "leerkrachten"))


def upgrade():
    for kind, slug in KIND_AUDIENCES:
        op.execute(
            "INSERT INTO event_audiences (event_id, audience_id) "
            "SELECT e.id, a.id FROM events e JOIN audiences a ON a.slug = '" + slug + "' "
            "WHERE e.kind = '" + kind + "' AND NOT EXISTS (SELECT 1 FROM event_audiences x "
            "WHERE x.event_id = e.id AND x.audience_id = a.id)")


def downgrade():
    pass
