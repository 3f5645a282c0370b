"""What the audit log keeps of role models: coordinators' decisions (approve, reject, take
offline, links) and the person's consents and withdrawal, each filed under the role model's id
(`changes["role_model"]`) with the name coordinators see as its subject. Nothing more personal
(no story, self-description, photo, e-mail, birth date or guardian); a withdrawal blanks the
name in every earlier entry too (`audit.forget_subject`)."""

from __future__ import annotations

from stem_events.audit import services as audit
from stem_events.rolemodels.models import CONSENT_LABELS, RoleModel

ACTIONS = ("role_model_approved", "role_model_rejected", "role_model_offline",
           "role_model_links", "role_model_consent", "role_model_withdrawn")


def register_labels() -> None:
    """The Dutch names of the consents in the log (`audit.VALUE_LABELS`)."""
    audit.VALUE_LABELS["consents"] = {str(k.value): v for k, v in CONSENT_LABELS.items()}


def log(user, action: str, role_model: RoleModel, changes: dict | None = None) -> None:
    """One entry of `ACTIONS`; a withdrawal's entry names nobody."""
    audit.record(user, action, organisation=role_model.organisation,
                 subject="" if action == "role_model_withdrawn" else role_model.name,
                 changes={"role_model": role_model.id, **(changes or {})})


def links(role_model: RoleModel) -> dict[str, list[str]]:
    """What the role model is linked to, by the titles coordinators see (for a diff)."""
    return {"events": sorted(e.title for e in role_model.events),
            "programme_items": sorted(i.title for i in role_model.programme_items),
            "initiatives": sorted(i.name for i in role_model.initiatives)}


def forget(role_model_id: int) -> None:
    """A withdrawal: the decisions stay in the log, the person's name goes."""
    audit.forget_subject("role_model", role_model_id, ACTIONS)
