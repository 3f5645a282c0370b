"""The initiatives catalogue's search: one normalised text per initiative (lower case, no
accents, via events.search.normalise), matched with LIKE per word on both databases."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from stem_events.events.search import normalise, terms
from stem_events.initiatives.models import Initiative


def initiative_document(initiative: Initiative) -> str:
    parts = [initiative.name, initiative.summary, initiative.description, initiative.audience]
    parts += [o.name for o in initiative.organisations]
    parts += [m.name for m in initiative.municipalities]
    return normalise(" ".join(p for p in parts if p))


def search_condition(query: str):
    """Every word of the query occurs in the initiative's text."""
    words = terms(query)
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return sa.and_(sa.true(), *[Initiative.search_text.like(f"%{w}%", escape="\\")
                                for w in escaped])


def update_initiative_text(session: Session, flush_context, instances) -> None:
    touched = [o for o in list(session.new) + list(session.dirty) if isinstance(o, Initiative)]
    with session.no_autoflush:
        for initiative in touched:
            initiative.search_text = initiative_document(initiative)
