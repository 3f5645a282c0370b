"""An initiative's audiences are public on its page (each a way into the registry), and a
change of them after approval is one of its "changes since approval"; an approval kept before
initiatives' audiences were logged shows no false change."""

import sqlalchemy as sa

from stem_events.audiences.models import Audience
from stem_events.audit import services as audit
from stem_events.audit.models import AuditEntry
from stem_events.initiatives import services
from tests.network.factories import make_initiative_fixture  # noqa: F401


def _audiences(db, *slugs):
    return list(db.session.scalars(sa.select(Audience).where(Audience.slug.in_(slugs))
                                   .order_by(Audience.position)))


def _approved(db, initiative, snapshot: dict) -> None:
    audit.record(None, "approved", initiative=initiative, changes={"snapshot": snapshot})
    db.session.commit()


def test_the_initiative_page_names_its_audiences(client, db, make_initiative):
    initiative = make_initiative(name="Meisjes in STEM")
    initiative.audiences = _audiences(db, "meisjes", "kansarmoede")
    db.session.commit()
    page = client.get(f"/initiatives/{initiative.id}-{initiative.slug}").text
    assert "Doelgroepen" in page
    assert 'href="/initiatives?audience=meisjes"' in page and "Meisjes en vrouwen" in page
    assert 'href="/initiatives?audience=kansarmoede"' in page


def test_an_audience_changed_after_approval_is_a_change(db, make_initiative):
    initiative = make_initiative(name="Meisjes in STEM")
    initiative.audiences = _audiences(db, "meisjes")
    db.session.commit()
    _approved(db, initiative, audit.initiative_snapshot(initiative))
    initiative.audiences = _audiences(db, "meisjes", "gezinnen")
    db.session.commit()
    assert services.changes_since_approval(initiative) == {
        "audiences": [["meisjes"], ["gezinnen", "meisjes"]]}


def test_an_approval_from_before_audiences_were_kept_shows_no_false_change(db,
                                                                          make_initiative):
    initiative = make_initiative(name="Meisjes in STEM")
    initiative.audiences = _audiences(db, "meisjes")
    db.session.commit()
    old = audit.initiative_snapshot(initiative)
    old.pop("audiences", None)
    _approved(db, initiative, old)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 1
    assert services.changes_since_approval(initiative) == {}
