"""Award rounds (issue #21): the award categories, nominations and winners of the
State-of-the-STEM editions move into award rounds (one per edition that had categories), with
weighted criteria, open nominations with motivations, a jury with conflicts and scores, and the
STEM-label of winning initiatives (`stem_labels`, valid for the round's validity).

Moving data: every edition with award categories gets a round (ceremony: the edition's
umbrella event; published when the edition's awards were, which also grants its winners a
label valid two years from the ceremony); each category gets the criterion "Algemene indruk".

SQLite: rebuilding `award_categories` (batch) drops the old table, which with foreign keys on
cascades to `nominations`; those rows are kept aside and put back. `editions` loses its column
with a plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), so its programme and stands are never
touched.

Revision ID: 0019
Revises: 0016
"""
import warnings
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import stem_events.database

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

MIGRATED = datetime(2000, 1, 1, tzinfo=UTC)  # created_at of the nominations moved here


def _rounds(bind) -> dict[int, int]:
    """A round per edition with award categories; returns {edition id: round id}."""
    editions = bind.execute(sa.text(
        "SELECT e.id, e.year, e.event_id, e.awards_published, "
        "(SELECT MIN(s.starts_at) FROM event_sessions s WHERE s.event_id = e.event_id) "
        "FROM editions e WHERE EXISTS "
        "(SELECT 1 FROM award_categories c WHERE c.edition_id = e.id) ORDER BY e.year")).all()
    rounds = sa.table('award_rounds', *(sa.column(n) for n in (
        'title', 'year', 'description', 'edition_id', 'ceremony_event_id', 'nominations_open',
        'nominations_close', 'jury_close', 'validity_years', 'published_at', 'created_at')),
        sa.column('id'))
    found = {}
    for edition_id, year, event_id, published, first_start in editions:
        ceremony = _moment(first_start) or datetime(year, 5, 1, tzinfo=UTC)
        bind.execute(rounds.insert().values(
            title=f"STEM-awards State-of-the-STEM {year}", year=year, description="",
            edition_id=edition_id, ceremony_event_id=event_id,
            nominations_open=_db(ceremony - timedelta(days=120)),
            nominations_close=_db(ceremony - timedelta(days=60)),
            jury_close=_db(ceremony - timedelta(days=14)), validity_years=2,
            published_at=_db(ceremony) if published else None, created_at=_db(ceremony)))
        found[edition_id] = bind.execute(sa.text(
            "SELECT id FROM award_rounds WHERE edition_id = :e"), {"e": edition_id}).scalar()
    return found


def _moment(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps naive UTC text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _db(moment: datetime):
    """As UTCDateTime stores it: aware on PostgreSQL, naive UTC on SQLite."""
    return moment if op.get_bind().dialect.name != "sqlite" else moment.replace(tzinfo=None)


def _kept_nominations(bind) -> list:
    return bind.execute(sa.text(
        "SELECT id, category_id, initiative_id, shortlisted, winner FROM nominations")).all()


def _put_back(bind, kept: list) -> None:
    """SQLite: a batch rebuild of award_categories drops it, cascading to the nominations."""
    if bind.dialect.name != "sqlite" or not kept:
        return
    present = {row[0] for row in bind.execute(sa.text("SELECT id FROM nominations"))}
    nominations = sa.table('nominations', *(sa.column(n) for n in (
        'id', 'category_id', 'initiative_id', 'shortlisted', 'winner')))
    missing = [dict(row._mapping) for row in kept if row[0] not in present]
    if missing:
        bind.execute(nominations.insert(), missing)


def _labels(bind) -> None:
    """Winners of published rounds carry the label for two years from the ceremony."""
    rows = bind.execute(sa.text(
        "SELECT n.id, n.initiative_id, r.year, c.name, r.published_at FROM nominations n "
        "JOIN award_categories c ON c.id = n.category_id "
        "JOIN award_rounds r ON r.id = c.round_id "
        "WHERE n.winner AND r.published_at IS NOT NULL")).all()
    labels = sa.table('stem_labels', *(sa.column(n) for n in (
        'initiative_id', 'nomination_id', 'year', 'category', 'valid_until')))
    for nomination_id, initiative_id, year, category, published in rows:
        day = _moment(published).date()
        try:
            end = day.replace(year=day.year + 2)
        except ValueError:
            end = date(day.year + 2, 2, 28)
        bind.execute(labels.insert().values(
            initiative_id=initiative_id, nomination_id=nomination_id, year=year,
            category=category, valid_until=end - timedelta(days=1)))


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table('award_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=True),
    sa.Column('ceremony_event_id', sa.Integer(), nullable=True),
    sa.Column('nominations_open', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('nominations_close', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('jury_close', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('validity_years', sa.SmallInteger(), nullable=False),
    sa.Column('published_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('jury_close > nominations_close', name=op.f('ck_award_rounds_jury_after_nominations')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_award_rounds_title_not_empty')),
    sa.CheckConstraint('nominations_close > nominations_open', name=op.f('ck_award_rounds_nominations_period')),
    sa.CheckConstraint('validity_years BETWEEN 1 AND 10', name=op.f('ck_award_rounds_validity_sane')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_award_rounds_year_sane')),
    sa.ForeignKeyConstraint(['ceremony_event_id'], ['events.id'], name=op.f('fk_award_rounds_ceremony_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_award_rounds_edition_id_editions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_rounds'))
    )
    with op.batch_alter_table('award_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_rounds_ceremony_event_id'), ['ceremony_event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_rounds_edition_id'), ['edition_id'], unique=False)

    rounds = _rounds(bind)

    # Categories move from the edition to its round.
    op.add_column('award_categories', sa.Column('round_id', sa.Integer(), nullable=True))
    for edition_id, round_id in rounds.items():
        bind.execute(sa.text("UPDATE award_categories SET round_id = :r WHERE edition_id = :e"),
                     {"r": round_id, "e": edition_id})
    kept = _kept_nominations(bind)
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.alter_column('round_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_award_categories_name'), type_='unique')
        batch_op.create_unique_constraint('uq_award_categories_name', ['round_id', 'name'])
        batch_op.create_index(batch_op.f('ix_award_categories_round_id'), ['round_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_award_categories_edition_id_editions'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_award_categories_round_id_award_rounds'), 'award_rounds', ['round_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_column('edition_id')
    _put_back(bind, kept)

    # Nominations: who nominated, when, declined (nothing refers to them yet: safe to rebuild).
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nominated_by_organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('nominated_by_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('created_at', stem_events.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('declined_at', stem_events.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decline_reason', sa.Text(), nullable=False, server_default=''))
    bind.execute(sa.text("UPDATE nominations SET created_at = :t"), {"t": _db(MIGRATED)})
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=stem_events.database.UTCDateTime(timezone=True), nullable=False)
        batch_op.create_index(batch_op.f('ix_nominations_nominated_by_organisation_id'), ['nominated_by_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_nominated_by_user_id'), ['nominated_by_user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_nominations_nominated_by_user_id_users'), 'users', ['nominated_by_user_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_nominations_nominated_by_organisation_id_organisations'), 'organisations', ['nominated_by_organisation_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_nominations_declined_not_listed'), 'declined_at IS NULL OR NOT shortlisted')

    op.create_table('award_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.SmallInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('weight BETWEEN 1 AND 10', name=op.f('ck_award_criteria_weight_sane')),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_award_criteria_category_id_award_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_criteria')),
    sa.UniqueConstraint('category_id', 'name', name='uq_award_criteria_name')
    )
    with op.batch_alter_table('award_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_criteria_category_id'), ['category_id'], unique=False)

    bind.execute(sa.text(
        "INSERT INTO award_criteria (category_id, name, weight, position) "
        "SELECT id, 'Algemene indruk', 1, 0 FROM award_categories"))

    op.create_table('award_jurors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=40), nullable=False),
    sa.Column('invited_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('declared_at', stem_events.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_award_jurors_category_id_award_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_award_jurors_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_jurors_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_jurors')),
    sa.UniqueConstraint('category_id', 'email', name='uq_award_jurors_email')
    )
    with op.batch_alter_table('award_jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_jurors_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_jurors_user_id'), ['user_id'], unique=False)

    op.create_table('award_conflicts',
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['juror_id'], ['award_jurors.id'], name=op.f('fk_award_conflicts_juror_id_award_jurors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_award_conflicts_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('juror_id', 'nomination_id', name=op.f('pk_award_conflicts'))
    )
    with op.batch_alter_table('award_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_conflicts_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('award_scores',
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.SmallInteger(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', stem_events.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('value BETWEEN 1 AND 5', name=op.f('ck_award_scores_value_1_to_5')),
    sa.ForeignKeyConstraint(['criterion_id'], ['award_criteria.id'], name=op.f('fk_award_scores_criterion_id_award_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['award_jurors.id'], name=op.f('fk_award_scores_juror_id_award_jurors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_award_scores_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('juror_id', 'nomination_id', 'criterion_id', name=op.f('pk_award_scores'))
    )
    with op.batch_alter_table('award_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_scores_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_scores_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('nomination_motivations',
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['award_criteria.id'], name=op.f('fk_nomination_motivations_criterion_id_award_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_nomination_motivations_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('nomination_id', 'criterion_id', name=op.f('pk_nomination_motivations'))
    )
    with op.batch_alter_table('nomination_motivations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_motivations_criterion_id'), ['criterion_id'], unique=False)

    op.create_table('stem_labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_stem_labels_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_stem_labels_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stem_labels')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_stem_labels_nomination_id'))
    )
    with op.batch_alter_table('stem_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stem_labels_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stem_labels_valid_until'), ['valid_until'], unique=False)

    _labels(bind)

    if sqlite:  # no rebuild of editions: its programme and stands stay untouched
        op.execute("ALTER TABLE editions DROP COLUMN awards_published")
    else:
        op.drop_column('editions', 'awards_published')


def downgrade():
    """Back to categories per edition (the round's edition; rounds without one are lost)."""
    bind = op.get_bind()
    for table in ('stem_labels', 'nomination_motivations', 'award_scores', 'award_conflicts',
                  'award_jurors', 'award_criteria'):
        op.drop_table(table)
    op.add_column('editions', sa.Column('awards_published', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    bind.execute(sa.text(
        "UPDATE editions SET awards_published = TRUE WHERE id IN "
        "(SELECT edition_id FROM award_rounds WHERE published_at IS NOT NULL)"))
    with warnings.catch_warnings(), op.batch_alter_table('nominations', schema=None) as batch_op:
        # reflecting the users table it refers to: SQLite cannot read the lower(email) index
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        batch_op.drop_constraint(op.f('ck_nominations_declined_not_listed'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_nominations_nominated_by_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_nominations_nominated_by_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_nominations_nominated_by_user_id'))
        batch_op.drop_index(batch_op.f('ix_nominations_nominated_by_organisation_id'))
        batch_op.drop_column('decline_reason')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('nominated_by_user_id')
        batch_op.drop_column('nominated_by_organisation_id')
    bind.execute(sa.text(
        "DELETE FROM award_categories WHERE round_id IN "
        "(SELECT id FROM award_rounds WHERE edition_id IS NULL)"))
    op.add_column('award_categories', sa.Column('edition_id', sa.Integer(), nullable=True))
    bind.execute(sa.text(
        "UPDATE award_categories SET edition_id = "
        "(SELECT edition_id FROM award_rounds r WHERE r.id = award_categories.round_id)"))
    kept = _kept_nominations(bind)
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.alter_column('edition_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_award_categories_round_id_award_rounds'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_award_categories_edition_id_editions'), 'editions', ['edition_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_index(batch_op.f('ix_award_categories_round_id'))
        batch_op.drop_constraint('uq_award_categories_name', type_='unique')
        batch_op.create_unique_constraint('uq_award_categories_name', ['edition_id', 'name'])
        batch_op.drop_column('round_id')
    _put_back(bind, kept)
    op.drop_table('award_rounds')
