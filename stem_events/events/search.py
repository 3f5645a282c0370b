"""Full-text search that suits Dutch, with each database's own engine.

Each event keeps two normalised texts (lower case, accents removed in Python, so 'geëen' and
'geeen' are the same word on both databases): `search_title` and `search_body` (summary,
description, organisers and municipality). SQLite indexes them with FTS5 (table `events_fts`,
kept in sync by triggers), PostgreSQL with a GIN index on a weighted `tsvector` of the 'simple'
configuration (since migration 0010 a stored generated column `search_vector`, so ranking does
not recompute it). A query matches when every word matches; words of three letters or more also
match as a prefix ('robo' finds 'robotica'). Title hits rank first.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from stem_events.accounts.models import Organisation
from stem_events.data_version import data_version
from stem_events.date_time import now_utc
from stem_events.events.models import PUBLIC_STATUSES, Event
from stem_events.extensions import db
from stem_events.reference.models import Municipality, Postcode

PREFIX_MIN = 3
MAX_TERMS = 12
_WORD = re.compile(r"[a-z0-9]+")

# PostgreSQL: the weighted document, stored by migration 0010 as the generated column
# `events.search_vector` (GIN-indexed); it is not in the model, as SQLite has no such type.
PG_DOCUMENT = "events.search_vector"
# Constant SQL (the search words are a bound parameter). OFFSET 0 keeps PostgreSQL from pulling
# the subquery up into the join with the sessions, where ts_rank was then computed once per
# session row instead of once per matching event.
PG_RANKED = (
    f"SELECT events.id AS event_id, -ts_rank({PG_DOCUMENT}, to_tsquery('simple', :tsq_r)) "  # noqa: S608
    f"AS score FROM events WHERE {PG_DOCUMENT} @@ to_tsquery('simple', :tsq_r) OFFSET 0"
)


def normalise(text: str) -> str:
    """Lower case without accents: 'Géëngageerde Énergie' → 'geengageerde energie'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def terms(query: str) -> list[str]:
    return _WORD.findall(normalise(query))[:MAX_TERMS]


def document(title: str, summary: str, description: str, names: list[str]) -> tuple[str, str]:
    body = " ".join([summary or "", description or "", *[n for n in names if n]])
    return normalise(title), normalise(body)


def _fts5_query(words: list[str]) -> str:
    return " AND ".join(f'"{w}"*' if len(w) >= PREFIX_MIN else f'"{w}"' for w in words)


def _tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" if len(w) >= PREFIX_MIN else w for w in words)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def split_postcodes(query: str) -> tuple[list[str], list[str]]:
    """(postcodes, other words) of a query: a word of four digits that is a Belgian postcode
    names a place (`q=2200` finds Herentals' activities); any other word is searched."""
    words = terms(query)
    candidates = [w for w in words if len(w) == 4 and w.isdigit()]
    known = set(db.session.scalars(sa.select(Postcode.code).where(
        Postcode.code.in_(candidates)))) if candidates else set()
    return [w for w in words if w in known], [w for w in words if w not in known]


def place_condition(codes: list[str]):
    return Event.municipality_nis.in_(
        sa.select(Postcode.municipality_nis).where(Postcode.code.in_(codes)))


def has_words(query: str) -> bool:
    """Whether the query has words to rank by (not only postcodes)."""
    return bool(split_postcodes(query)[1])


def search_condition(query: str):
    """A WHERE condition on `Event` for the query: every word must match, and a postcode
    means the event takes place there."""
    codes, words = split_postcodes(query)
    if codes:
        place = place_condition(codes)
        return sa.and_(place, _text_condition(words)) if words else place
    return _text_condition(words)


def _text_condition(words: list[str]):
    if not words:
        return sa.false()  # only punctuation: nothing can match
    if _dialect() == "postgresql":
        return sa.text(f"{PG_DOCUMENT} @@ to_tsquery('simple', :tsq)").bindparams(
            tsq=_tsquery(words))
    matches = sa.text("SELECT rowid FROM events_fts WHERE events_fts MATCH :ftsq").bindparams(
        ftsq=_fts5_query(words)).columns(sa.column("rowid", sa.Integer))
    return Event.id.in_(matches)


def ranked_matches(query: str):
    """A subquery (event_id, score) of the events matching the query; lower score = better
    match. Reads the full-text index once instead of ranking row by row. Postcodes are not
    ranked: `search_condition` places them."""
    words = split_postcodes(query)[1] or ["_"]  # punctuation only: match nothing, do not fail
    if _dialect() == "postgresql":
        return sa.text(PG_RANKED).bindparams(tsq_r=_tsquery(words)).columns(
            sa.column("event_id", sa.Integer), sa.column("score", sa.Float)).subquery("ranked")
    # The LIMIT keeps SQLite from flattening the subquery into the join, where bm25() is not
    # allowed ("unable to use function bm25 in the requested context").
    return sa.text(
        "SELECT rowid AS event_id, bm25(events_fts, 10.0, 1.0) AS score FROM events_fts "
        "WHERE events_fts MATCH :ftsq_r LIMIT 1000000"
    ).bindparams(ftsq_r=_fts5_query(words)).columns(
        sa.column("event_id", sa.Integer), sa.column("score", sa.Float)).subquery("ranked")


# ------------------------------------------------- spelling help and examples that find something
MIN_SUGGEST = 4  # shorter words are not corrected
SUGGEST_CUTOFF = 80  # rapidfuzz ratio (0–100)
EXAMPLE_MIN = 6
NOT_EXAMPLES = frozenset({"workshop", "voor", "met", "van", "over", "jouw", "eigen", "kinderen",
                          "jongeren", "leerlingen", "ontdek", "maak", "bouw", "samen"})
_vocabulary: dict[str, object] = {}
_vocabulary_lock = threading.Lock()


def _index_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of the upcoming public events' search documents (the words a search can
    find), and a few frequent title words and places as examples; kept per data version."""
    version = data_version()
    token = version.token if version else ""
    with _vocabulary_lock:
        if _vocabulary.get("token") == token and "words" in _vocabulary:
            return _vocabulary["words"], _vocabulary["examples"]  # type: ignore[return-value]
    rows = db.session.execute(
        sa.select(Event.search_title, Event.search_body, Municipality.name)
        .outerjoin(Municipality, Municipality.nis == Event.municipality_nis)
        .where(Event.status.in_(PUBLIC_STATUSES), Event.last_end > now_utc())).all()
    words: set[str] = set()
    titles: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for title, body, place in rows:
        title_words = _WORD.findall(title or "")
        words.update(title_words, _WORD.findall(body or ""))
        titles.update({w for w in title_words if len(w) >= EXAMPLE_MIN and w.isalpha()
                       and w not in NOT_EXAMPLES})
        if place and " " not in place:
            places[place] += 1
    examples = [w for w, _n in titles.most_common(2)]
    examples += [p for p, _n in places.most_common(3)
                 if p.lower() not in {w.lower() for w in examples}][:1]  # no word twice
    found = (frozenset(w for w in words if len(w) >= MIN_SUGGEST), tuple(examples))
    with _vocabulary_lock:
        _vocabulary.update(token=token, words=found[0], examples=found[1])
    return found


def suggestion(query: str) -> str | None:
    """'programeren' → 'programmeren': the query with each unknown word replaced by the
    closest word of the index (rapidfuzz), or None when nothing is closer."""
    vocabulary = _index_words()[0]
    changed, corrected = False, []
    for word in terms(query):
        best = None
        if len(word) >= MIN_SUGGEST and not word.isdigit() and word not in vocabulary \
                and not any(v.startswith(word) for v in vocabulary):
            best = process.extractOne(word, list(vocabulary), scorer=fuzz.ratio,
                                      score_cutoff=SUGGEST_CUTOFF)
        corrected.append(best[0] if best else word)
        changed = changed or bool(best)
    return " ".join(corrected) if changed else None


def examples() -> tuple[str, ...]:
    """Searches that find something now (for the search box's placeholder)."""
    return _index_words()[1]


# ------------------------------------------------------------------ keeping documents current
def refresh_document(session: Session, event: Event) -> None:
    names = [o.name for o in event.organisers if o is not None]
    if event.municipality_nis:
        municipality = session.get(Municipality, event.municipality_nis)
        names.append(municipality.name if municipality else "")
    event.search_title, event.search_body = document(
        event.title, event.summary, event.description, names)


def update_search_documents(session: Session, flush_context, instances) -> None:
    touched = [o for o in list(session.new) + list(session.dirty) if isinstance(o, Event)]
    renamed = [o for o in session.dirty if isinstance(o, Organisation)
               and sa.inspect(o).attrs.name.history.has_changes()]
    for organisation in renamed:
        with session.no_autoflush:
            touched += session.scalars(
                sa.select(Event).where(Event.organisation_id == organisation.id)).all()
    with session.no_autoflush:
        for event in dict.fromkeys(touched):
            if event.organisation is None and event.organisation_id is not None:
                event.organisation = session.get(Organisation, event.organisation_id)
            refresh_document(session, event)
