"""Imports: the CATEGORIES → themes table that coordinators edit (seeded with the mapping that
was built in until now), what the feed said of each occurrence at the last run (so that a
change made here is kept instead of overwritten), and when a UID vanished from its feed (so
that it is reinstated when it returns). Only the imports' own tables are altered.

Revision ID: 0018
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

import stem_events.database

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None

# The mapping as it was built into stem_events/imports/mapping.py (lower-case category → slug).
SEED = {
    "robots": "robotica", "robot": "robotica", "lego": "robotica",
    "coderen": "programmeren", "codeer": "programmeren", "coding": "programmeren",
    "scratch": "programmeren", "python": "programmeren",
    "artificial intelligence": "ai", "artificiële intelligentie": "ai",
    "science": "wetenschap", "proefjes": "wetenschap", "experimenten": "wetenschap",
    "technologie": "techniek", "technology": "techniek", "elektronica": "techniek",
    "math": "wiskunde", "rekenen": "wiskunde",
    "klimaat": "duurzaamheid", "circulair": "duurzaamheid",
    "natuur": "milieu-en-natuur", "milieu": "milieu-en-natuur",
    "sterrenkunde": "ruimtevaart", "astronomie": "ruimtevaart", "space": "ruimtevaart",
    "maker": "maken", "makers": "maken", "3d-printen": "maken", "fablab": "maken",
    "digitaal": "digitalisering", "gezondheid": "zorg",
}


def upgrade():
    table = op.create_table('import_category_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("category <> ''", name=op.f('ck_import_category_themes_category_not_empty')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_import_category_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_category_themes')),
    sa.UniqueConstraint('category', name=op.f('uq_import_category_themes_category'))
    )
    with op.batch_alter_table('import_category_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_category_themes_theme_id'), ['theme_id'], unique=False)
    conn = op.get_bind()
    themes = dict(conn.execute(sa.text("SELECT slug, id FROM themes")).all())
    rows = [{"category": category, "theme_id": themes[slug]}
            for category, slug in SEED.items() if slug in themes]
    if rows:
        op.bulk_insert(table, rows)

    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gone_at', stem_events.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('status_before_gone', sa.String(length=16), nullable=False, server_default=''))
    with op.batch_alter_table('import_occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_starts_at', stem_events.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('feed_ends_at', stem_events.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('feed_all_day', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('feed_cancelled', sa.Boolean(), nullable=True))
    # Until now our sessions followed the feed: what they say is what the feed said.
    conn.execute(sa.text(
        "UPDATE import_occurrences SET "
        "feed_starts_at = (SELECT starts_at FROM event_sessions s WHERE s.id = session_id), "
        "feed_ends_at = (SELECT ends_at FROM event_sessions s WHERE s.id = session_id), "
        "feed_all_day = (SELECT all_day FROM event_sessions s WHERE s.id = session_id), "
        "feed_cancelled = (SELECT status = 'cancelled' FROM event_sessions s "
        "WHERE s.id = session_id)"))


def downgrade():
    with op.batch_alter_table('import_occurrences', schema=None) as batch_op:
        batch_op.drop_column('feed_cancelled')
        batch_op.drop_column('feed_all_day')
        batch_op.drop_column('feed_ends_at')
        batch_op.drop_column('feed_starts_at')
    with op.batch_alter_table('import_items', schema=None) as batch_op:
        batch_op.drop_column('status_before_gone')
        batch_op.drop_column('gone_at')
    with op.batch_alter_table('import_category_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_category_themes_theme_id'))
    op.drop_table('import_category_themes')
