"""`flask demo-data` shows the awards: a finished round whose winners carry the STEM-label,
initiatives without a label, and a round that takes nominations today (inside the edition)."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.accounts.models import Role, User
from stem_events.audit.models import AuditEntry
from stem_events.awards.models import AwardRound, Phase, Score
from stem_events.initiatives.models import Initiative, InitiativeLabel, InitiativeStatus


def test_demo_has_labelled_and_unlabelled_initiatives_and_a_finished_round(
        app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "300"])
    assert result.exit_code == 0, result.output
    rounds = db.session.scalars(sa.select(AwardRound).order_by(AwardRound.id)).all()
    phases = {r.phase() for r in rounds}
    assert Phase.PUBLISHED in phases and Phase.NOMINATIONS in phases
    finished = next(r for r in rounds if r.phase() == Phase.PUBLISHED)
    assert all(c.jurors and len(c.criteria) == 3 for c in finished.categories)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Score)) > 0
    assert any(r.edition is not None for r in rounds)

    labelled = client.get("/api/v1/initiatives?label=1&per_page=100").get_json()
    published = db.session.scalar(sa.select(sa.func.count()).select_from(Initiative).where(
        Initiative.status == InitiativeStatus.PUBLISHED))
    assert 1 <= labelled["total"] < published
    assert all(item["labels"] for item in labelled["items"])
    first = labelled["items"][0]
    assert "STEM-label" in client.get(first["url"].split("localhost", 1)[-1],
                                      follow_redirects=True).text
    assert "Resultaten" in client.get(f"/awards/{finished.id}").text
    assert client.get("/awards").status_code == 200
    # the badges follow the order of the round's categories
    positions = {c.name: c.position for c in finished.categories}
    stored = db.session.scalars(sa.select(InitiativeLabel)).all()
    assert stored and all(x.position == positions[x.category] for x in stored)
    # the coordinators' work on the finished round is in the audit log
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject == finished.title)))
    assert {"award_round_created", "award_category_moved", "award_juror_appointed",
            "award_marks", "award_results_published"} <= actions
    coordinator = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    with client.session_transaction() as session:
        session["_user_id"] = coordinator.get_id()
    assert "awardresultaten gepubliceerd" in client.get("/admin/audit").text
