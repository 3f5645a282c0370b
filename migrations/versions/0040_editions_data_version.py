"""An edition's umbrella event moves the data version: the role models speaking in its
programme take part in that event (the agenda filter `role_model=1`, the cards' badge, the API),
so the cached pages and the agenda's facet index must follow a change of `editions.event_id`
(or a new or deleted edition) with the same commit, whoever writes it.

Revision ID: 0040
Revises: 0039
"""
from alembic import op

revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None

SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)
SQLITE = (("insert", "INSERT"), ("delete", "DELETE"), ("update", "UPDATE OF event_id"))


def upgrade():
    if op.get_bind().dialect.name == "postgresql":  # bump_data_version() of migration 0004
        op.execute("CREATE TRIGGER trg_data_version_editions AFTER INSERT OR DELETE OR "
                   "TRUNCATE OR UPDATE OF event_id ON editions FOR EACH STATEMENT "
                   "EXECUTE FUNCTION bump_data_version()")
        return
    for name, what in SQLITE:
        op.execute(f"CREATE TRIGGER trg_data_version_editions_{name} AFTER {what} "
                   f"ON editions BEGIN {SQLITE_BUMP} END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_data_version_editions ON editions")
        return
    for name, _ in SQLITE:
        op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_editions_{name}")
