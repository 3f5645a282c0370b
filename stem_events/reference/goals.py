"""The STEM-Agenda's operational goals as the organisers' forms offer them: checkboxes grouped
under their strategic goal (the event form and the initiative form)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stem_events.extensions import db
from stem_events.reference.models import Goal, GoalLevel


def operational_goal_choices() -> tuple[list[tuple[str, str]], list[tuple[str, list]]]:
    """(choices, groups): every operational goal as (code, label), and the same choices in
    groups headed by their strategic goal, for `macros/choices.html`."""
    goals = list(db.session.scalars(
        sa.select(Goal).where(Goal.level == GoalLevel.OPERATIONAL).order_by(Goal.position)
        .options(selectinload(Goal.parent).selectinload(Goal.parent))))
    choices = [(g.code, f"{g.label} {g.title[:80]}") for g in goals]
    groups: dict[str, list] = {}
    for goal, choice in zip(goals, choices, strict=True):
        top = goal.parent.parent if goal.parent and goal.parent.parent else goal.parent
        groups.setdefault(f"{top.label} {top.title}" if top else "", []).append(choice)
    return choices, list(groups.items())
