"""Programme items bump the data version like the events do: a cancelled or changed item of a
State-of-the-STEM programme changes who takes part in the edition's event (its speakers who
are role models, the agenda filter `role_model=1`), so cached agenda, widget and API pages
must follow with the same commit.

Revision ID: 0029
Revises: 0027
"""
from alembic import op

revision = '0029'
down_revision = '0027'
branch_labels = None
depends_on = None

WATCHED = ("programme_items",)

SQLITE_BUMP = (
    "INSERT INTO data_versions (id, epoch, version, changed_at) "
    "VALUES (1, lower(hex(randomblob(8))), 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:  # bump_data_version() of migration 0004: once per transaction
            op.execute(f"CREATE TRIGGER trg_data_version_{table} AFTER INSERT OR DELETE OR "
                       f"TRUNCATE OR UPDATE ON {table} FOR EACH STATEMENT "
                       "EXECUTE FUNCTION bump_data_version()")
            continue
        for what in ("insert", "delete", "update"):
            op.execute(f"CREATE TRIGGER trg_data_version_{table}_{what} AFTER {what.upper()} "
                       f"ON {table} BEGIN {SQLITE_BUMP} END")


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table} ON {table}")
            continue
        for what in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_data_version_{table}_{what}")
