"""The schema comes from the migrations; what autogenerate cannot see must survive them."""

import sqlalchemy as sa


def test_database_triggers_survive_every_migration(db, db_kind):
    """Batch migrations on SQLite rebuild tables and drop their triggers: the full-text index
    and the data version would then silently stop following changes."""
    if db_kind == "sqlite":
        rows = db.session.execute(sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"))
    else:
        rows = db.session.execute(sa.text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass "
            "AND NOT tgisinternal"))
    names = {name for (name,) in rows}
    expected = {"trg_data_version_events"} if db_kind == "postgresql" else {
        "events_fts_insert", "events_fts_update", "events_fts_delete",
        "trg_data_version_events_insert", "trg_data_version_events_update",
        "trg_data_version_events_delete"}
    assert expected <= names, f"missing triggers: {expected - names}"


def test_models_and_migrations_agree(app):
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from stem_events.extensions import db

    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect the expression index on lower(email); PostgreSQL checks it.
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        warnings.simplefilter("ignore", UserWarning)
        context = MigrationContext.configure(conn, opts={
            # Search structures each database keeps outside the model: SQLite's FTS5 table,
            # PostgreSQL's generated tsvector column and its GIN index (migrations 0002, 0010).
            "include_name": lambda name, type_, parent: not (name or "").startswith(
                ("events_fts", "ix_events_search")) and not (
                type_ == "column" and name == "search_vector"),
        })
        diff = [d for d in compare_metadata(context, db.metadata)
                if not (isinstance(d, tuple) and d[0] in ("add_index", "remove_index")
                        and "email_lower" in str(d[1]))]
    assert diff == []
