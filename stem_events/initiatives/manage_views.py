"""Organisers' pages for their initiatives under /manage/initiatives. Views are thin: parse
the form, call one service of `initiatives.services`, render (the request commits)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from stem_events.audiences import services as audiences
from stem_events.audit import services as audit
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.initiatives import services
from stem_events.initiatives.forms import InitiativeForm
from stem_events.initiatives.models import Initiative
from stem_events.markdown import to_html
from stem_events.reference.goals import operational_goal_choices
from stem_events.reference.models import Province, Theme
from stem_events.web.actions import button, confirm_delete
from stem_events.web.forms import EmptyForm, save_change, seen_version, show_error

bp = Blueprint("initiatives_manage", __name__, url_prefix="/manage/initiatives")


@bp.before_request
@login_required
def _signed_in():
    """Every page needs a signed-in user; the policies decide the rest."""


def provinces() -> list[Province]:
    """The 304 municipalities grouped by province, for the grouped check boxes."""
    return list(db.session.scalars(sa.select(Province).order_by(Province.name)
                                   .options(selectinload(Province.municipalities))))


def _choices(form: InitiativeForm, initiative: Initiative | None) -> None:
    form.organisation_id.choices = [
        (o.id, o.name) for o in services.own_organisations(current_user, initiative)]
    form.co_organisations.choices = [
        (o.id, o.name) for o in services.partner_organisations(initiative)]
    form.themes.choices = [(t.id, t.name) for t in db.session.scalars(
        sa.select(Theme).order_by(Theme.position))]
    form.goals.choices, form.goals.groups = operational_goal_choices()
    form.audiences.groups = audiences.grouped()  # the grouped checkboxes' sections


def _fill(form: InitiativeForm, initiative: Initiative) -> None:
    for name in services.TEXT_FIELDS + ("age_min", "age_max"):
        getattr(form, name).data = getattr(initiative, name)
    own = {o.id for o in services.own_organisations(current_user, initiative)}
    mine = next((o.id for o in initiative.organisations if o.id in own), None)
    form.organisation_id.data = mine
    form.co_organisations.data = [o.id for o in initiative.organisations if o.id != mine]
    form.themes.data = [t.id for t in initiative.themes]
    form.audiences.data = [a.id for a in initiative.audiences]
    form.goals.data = [g.code for g in initiative.goals]
    form.municipalities.data = [m.nis for m in initiative.municipalities]
    form.version.data = str(initiative.version)


def _data(form: InitiativeForm) -> services.InitiativeInput:
    return services.InitiativeInput(
        **{name: getattr(form, name).data or "" for name in services.TEXT_FIELDS},
        age_min=form.age_min.data, age_max=form.age_max.data,
        organisation_id=form.organisation_id.data,
        co_organisation_ids=[i for i in form.co_organisations.data or [] if i is not None],
        theme_ids=[i for i in form.themes.data or [] if i is not None],
        audience_ids=[i for i in form.audiences.data or [] if i is not None],
        goal_codes=list(form.goals.data or []),
        municipality_nis=list(form.municipalities.data or []),
    )


def _form_page(form: InitiativeForm, initiative: Initiative | None, preview, status: int):
    if form.errors:
        status = 400
    return render_template("initiatives/manage/form.html", form=form, initiative=initiative,
                           preview=preview, provinces=provinces(),
                           chosen=set(form.municipalities.data or [])), status


@bp.get("")
def index():
    return render_template("initiatives/manage/index.html",
                           grouped=services.initiatives_for(current_user),
                           can_create=bool(services.own_organisations(current_user)))


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not services.own_organisations(current_user):
        flash(_("Alleen een goedgekeurde organisatie kan initiatieven toevoegen; je "
                "organisatie moet eerst goedgekeurd worden."), "error")
        return redirect(url_for("initiatives_manage.index"))
    form = InitiativeForm()
    _choices(form, None)
    preview = to_html(form.description.data or "") if "preview" in request.form else None
    if preview is None and form.validate_on_submit():
        try:
            initiative = services.create_initiative(current_user, _data(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Het initiatief is bewaard als ontwerp. Dien het in om het te laten "
                    "publiceren."), "success")
            return redirect(url_for("initiatives_manage.detail", initiative_id=initiative.id))
    return _form_page(form, None, preview, 200)


@bp.get("/<int:initiative_id>")
def detail(initiative_id: int):
    initiative = services.managed_initiative(current_user, initiative_id)
    return render_template(
        "initiatives/manage/detail.html", initiative=initiative, form=EmptyForm(),
        entries=audit.entries(initiative_id=initiative.id), labels=audit.ACTION_LABELS,
        field_labels=audit.FIELD_LABELS, blockers=services.deletion_blockers(initiative))


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
def edit(initiative_id: int):
    initiative = services.managed_initiative(current_user, initiative_id)
    form = InitiativeForm()
    _choices(form, initiative)
    if request.method == "GET":
        _fill(form, initiative)
    preview = to_html(form.description.data or "") if "preview" in request.form else None
    status = 200
    if preview is None and form.validate_on_submit():
        changes = {}

        def saved():
            flash(_("De wijzigingen zijn bewaard.") if changes
                  else _("Er was niets gewijzigd."), "success")
            return redirect(url_for("initiatives_manage.detail", initiative_id=initiative.id))

        done, status = save_change(form, lambda: changes.update(services.update_initiative(
            current_user, initiative, _data(form), seen_version(form)) or {}), saved)
        if done is not None:
            return done
    return _form_page(form, initiative, preview, status)


def _action(initiative_id: int, action, message: str):
    initiative = services.managed_initiative(current_user, initiative_id)
    return button(initiative, action, message,
                  url_for("initiatives_manage.detail", initiative_id=initiative.id))


@bp.post("/<int:initiative_id>/submit")
def submit(initiative_id: int):
    return _action(initiative_id, services.submit_initiative,
                   _("Het initiatief is ingediend (of meteen gepubliceerd als je organisatie "
                     "vertrouwd is)."))


@bp.post("/<int:initiative_id>/withdraw")
def withdraw(initiative_id: int):
    return _action(initiative_id, services.withdraw_initiative,
                   _("Het initiatief is offline gehaald en is weer een ontwerp."))


@bp.route("/<int:initiative_id>/delete", methods=["GET", "POST"])
def delete(initiative_id: int):
    initiative = services.managed_initiative(current_user, initiative_id)
    return confirm_delete(
        initiative, services.delete_initiative, _("Het ontwerp is verwijderd."),
        template="initiatives/manage/delete.html", initiative=initiative,
        blockers=services.deletion_blockers(initiative) if request.method == "GET" else (),
        back=url_for("initiatives_manage.detail", initiative_id=initiative.id),
        gone=url_for("initiatives_manage.index"))
