"""Full-text search: normalised search texts on events, FTS5 (SQLite) or GIN (PostgreSQL).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from stem_events.events.search import document

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The weighted document as it was indexed here (0010 stores it as a generated column instead).
PG_VECTOR = (
    "setweight(to_tsvector('simple', coalesce(events.search_title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(events.search_body, '')), 'B')"
)

SQLITE_TRIGGERS = [
    """CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
         INSERT INTO events_fts(rowid, search_title, search_body)
         VALUES (new.id, new.search_title, new.search_body);
       END""",
    """CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
         INSERT INTO events_fts(events_fts, rowid, search_title, search_body)
         VALUES ('delete', old.id, old.search_title, old.search_body);
       END""",
    """CREATE TRIGGER events_fts_update AFTER UPDATE OF search_title, search_body ON events BEGIN
         INSERT INTO events_fts(events_fts, rowid, search_title, search_body)
         VALUES ('delete', old.id, old.search_title, old.search_body);
         INSERT INTO events_fts(rowid, search_title, search_body)
         VALUES (new.id, new.search_title, new.search_body);
       END""",
]


def _backfill(bind) -> None:
    events = sa.table("events", sa.column("id"), sa.column("title"), sa.column("summary"),
                      sa.column("description"), sa.column("organisation_id"),
                      sa.column("municipality_nis"), sa.column("search_title"),
                      sa.column("search_body"))
    orgs = dict(bind.execute(sa.text("SELECT id, name FROM organisations")).all())
    munis = dict(bind.execute(sa.text("SELECT nis, name FROM municipalities")).all())
    rows = bind.execute(sa.select(events.c.id, events.c.title, events.c.summary,
                                  events.c.description, events.c.organisation_id,
                                  events.c.municipality_nis)).all()
    for row in rows:
        title, body = document(row.title, row.summary, row.description,
                               [orgs.get(row.organisation_id, ""),
                                munis.get(row.municipality_nis, "")])
        bind.execute(events.update().where(events.c.id == row.id)
                     .values(search_title=title, search_body=body))


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_title', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('search_body', sa.Text(), nullable=False,
                                      server_default=''))
    bind = op.get_bind()
    _backfill(bind)
    if bind.dialect.name == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE events_fts USING fts5(search_title, search_body, "
                   "content='events', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')")
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
    else:
        op.execute(f"CREATE INDEX ix_events_search ON events USING gin (({PG_VECTOR}))")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for name in ('events_fts_insert', 'events_fts_delete', 'events_fts_update'):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS events_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_events_search")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('search_body')
        batch_op.drop_column('search_title')
