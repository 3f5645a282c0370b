"""Coordinators' award pages (`/admin/awards/…`): rounds (in an edition or on their own), their
categories and weighted criteria, the jury per category, progress, the ranking once the jury
period closed, shortlist, winners and publishing. Bad input re-shows the page with the input
kept and a Dutch message at the field."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.audit import services as audit
from stem_events.awards import jury, results, services
from stem_events.awards.forms import (
    CategoryForm,
    CriterionForm,
    DeleteCategoryForm,
    JurorForm,
    MarksForm,
    RoundForm,
    category_edit_form,
    criterion_name_field,
    weight_field,
)
from stem_events.awards.models import AwardRound, Phase
from stem_events.date_time import local, to_local
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.web.forms import EmptyForm, carry_out, show_error

bp = Blueprint("awards_admin", __name__, url_prefix="/admin/awards")
bp.before_request(policies.coordinators_only)


def _start(day: date):
    return local(day, time(0, 0))


def _end(day: date):
    """'tot en met' a day: the next Brussels midnight."""
    return local(day + timedelta(days=1), time(0, 0))


def _log(award_round: AwardRound, action: str, note: str = "",
         changes: dict | None = None) -> None:
    """A coordinator's change to a round, in the audit log under the round's title."""
    audit.record(current_user, action, subject=award_round.title, note=note,
                 changes=changes)


def _round_choices(form: RoundForm) -> None:
    form.edition.choices = [("", _("— geen: een ronde op zichzelf —"))] + [
        (e.id, f"State-of-the-STEM {e.year}") for e in services.editions()]
    form.ceremony.choices = [("", _("— nog geen —"))] + [
        (e.id, e.title) for e in services.ceremony_events()]


def _save_round(form: RoundForm, award_round: AwardRound | None) -> AwardRound | None:
    try:
        return services.save_round(
            award_round, title=form.title.data, year=form.year.data,
            description=form.description.data or "", edition_id=form.edition.data,
            ceremony_id=form.ceremony.data, nominations_open=_start(form.nominations_open.data),
            nominations_close=_end(form.nominations_close.data),
            jury_close=_end(form.jury_close.data), validity_years=form.validity_years.data)
    except DomainError as error:
        show_error(form, error)
        return None


@bp.get("/")
def rounds():
    return render_template("awards/admin_rounds.html", rounds=services.public_rounds())


@bp.route("/new", methods=["GET", "POST"])
def new_round():
    form = RoundForm()
    _round_choices(form)
    if request.method == "GET":
        edition = next((e for e in services.editions()
                        if str(e.year) == request.args.get("edition")), None)
        if edition is not None:
            form.edition.data, form.year.data = edition.id, edition.year
            form.title.data = _("STEM-awards State-of-the-STEM %(year)s", year=edition.year)
    status = 200
    if form.validate_on_submit():
        created = _save_round(form, None)
        if created is not None:
            _log(created, "award_round_created", changes={
                key: [None, value] for key, value in services.snapshot(created).items()
                if value not in (None, "")})
            flash(_("De awardronde is aangemaakt. Voeg nu categorieën en criteria toe."),
                  "success")
            return redirect(url_for("awards_admin.round", round_id=created.id))
        status = 400
    elif form.errors:
        status = 400
    return render_template("awards/admin_new.html", form=form), status


def _round_page(award_round: AwardRound, status: int = 200, **forms):
    settings = forms.pop("settings", None)
    if settings is None:
        settings = RoundForm(formdata=None, obj=award_round, data={
            "edition": award_round.edition_id, "ceremony": award_round.ceremony_event_id,
            "nominations_open": to_local(award_round.nominations_open).date(),
            "nominations_close": (to_local(award_round.nominations_close)
                                  - timedelta(seconds=1)).date(),
            "jury_close": (to_local(award_round.jury_close) - timedelta(seconds=1)).date()})
    _round_choices(settings)
    organisations = db.session.scalars(
        db.select(Organisation).where(Organisation.approved).order_by(Organisation.name)).all()
    juror_forms, criterion_forms, delete_forms = {}, {}, {}
    for category in award_round.categories:
        juror_forms[category.id] = forms.pop(f"juror_{category.id}", None) or JurorForm(
            prefix=f"juror-{category.id}", formdata=None)
        juror_forms[category.id].organisation.choices = [("", _("— geen —"))] + [
            (o.id, o.name) for o in organisations]
        criterion_forms[category.id] = forms.pop(f"criterion_{category.id}", None) or \
            CriterionForm(prefix=f"criterion-{category.id}", formdata=None)
        delete_forms[category.id] = forms.pop(f"delete_{category.id}", None) or \
            DeleteCategoryForm(prefix=f"delete-{category.id}", formdata=None)
    phase = award_round.phase()
    closed = phase in (Phase.DELIBERATION, Phase.PUBLISHED)
    return render_template(
        "awards/admin_round.html", round=award_round, Phase=Phase, phase=phase,
        settings=settings, category_form=forms.pop("category", None)
        or CategoryForm(prefix="category", formdata=None),
        juror_forms=juror_forms, criterion_forms=criterion_forms, delete_forms=delete_forms,
        progress=jury.progress(award_round),
        rankings={c.id: results.ranking(c) for c in award_round.categories} if closed else {},
        empty=EmptyForm(formdata=None)), status


@bp.route("/<int:round_id>", methods=["GET", "POST"], endpoint="round")
def round_page(round_id: int):
    """The round's page; its settings form posts here."""
    award_round = services.get_round(round_id)
    if request.method == "GET":
        return _round_page(award_round)
    form = RoundForm()
    _round_choices(form)
    before = services.snapshot(award_round)
    if form.validate_on_submit() and _save_round(form, award_round) is not None:
        changes = audit.diff(before, services.snapshot(award_round))
        if changes:
            _log(award_round, "award_round_edited", changes=changes)
        flash(_("De ronde is bewaard."), "success")
        return redirect(url_for("awards_admin.round", round_id=round_id))
    return _round_page(award_round, 400, settings=form)


def _done(message: str, round_id: int, anchor: str = ""):
    flash(message, "success")
    return redirect(url_for("awards_admin.round", round_id=round_id) + anchor)


@bp.post("/<int:round_id>/categories")
def add_category(round_id: int):
    award_round = services.get_round(round_id)
    form = CategoryForm(prefix="category")
    if form.validate_on_submit():
        try:
            category = services.add_category(award_round, form.name.data,
                                             form.description.data or "")
        except DomainError as error:
            show_error(form, error)
            return _round_page(award_round, error.status, category=form)
        _log(award_round, "award_category_added", category.name)
        return _done(_("De categorie is toegevoegd."), round_id, f"#category-{category.id}")
    return _round_page(award_round, 400, category=form)


@bp.post("/<int:round_id>/categories/<int:category_id>/delete")
def delete_category(round_id: int, category_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    form = DeleteCategoryForm(prefix=f"delete-{category.id}")
    if not form.validate_on_submit():
        abort(400)
    name = category.name
    try:
        removed = services.delete_category(category, bool(form.confirm.data))
    except DomainError as error:
        show_error(form, error)
        return _round_page(award_round, error.status, **{f"delete_{category_id}": form})
    message = _("De categorie ‘%(name)s’ is verwijderd.", name=name)
    if removed:
        message += " " + _("%(n)s nominaties gingen mee.", n=removed)
    _log(award_round, "award_category_deleted", message)
    return _done(message, round_id)


@bp.route("/<int:round_id>/categories/<int:category_id>", methods=["GET", "POST"])
def edit_category(round_id: int, category_id: int):
    """Rename a category and its criteria, and give it a place in the round's order."""
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    place = next(i for i, c in enumerate(award_round.categories, 1) if c is category)
    editable = services.criteria_editable(award_round)
    form = category_edit_form(category, weights=editable, obj=category, data={
        "position": str(place), **{criterion_name_field(c.id): c.name
                                   for c in category.criteria},
        **{weight_field(c.id): str(c.weight) for c in category.criteria}})
    status = 200
    if form.validate_on_submit():
        try:
            changes = services.update_category(
                category, form.name.data, form.description.data or "",
                {c.id: form[criterion_name_field(c.id)].data for c in category.criteria},
                form.position.data,
                # weights posted to a round whose jury scores are refused by the service
                {c.id: request.form[weight_field(c.id)] for c in category.criteria
                 if weight_field(c.id) in request.form})
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            if changes:
                _log(award_round, "award_category_edited", category.name, changes)
            return _done(_("De categorie is bewaard."), round_id, f"#category-{category.id}")
    elif form.errors:
        status = 400
    return render_template("awards/admin_category.html", round=award_round, category=category,
                           form=form, count=len(award_round.categories)), status


@bp.post("/<int:round_id>/categories/<int:category_id>/move")
def move_category(round_id: int, category_id: int):
    """The up and down buttons of a category (`direction`: up or down)."""
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        flash(_("Kies omhoog of omlaag."), "error")
        return _round_page(award_round, 400)
    before = [c.name for c in award_round.categories]
    if services.move_category(category, -1 if direction == "up" else 1):
        _log(award_round, "award_category_moved", category.name,
             {"order": [before, [c.name for c in award_round.categories]]})
    return _done(_("De volgorde is bewaard."), round_id, f"#category-{category.id}")


@bp.post("/<int:round_id>/categories/<int:category_id>/criteria")
def add_criterion(round_id: int, category_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    form = CriterionForm(prefix=f"criterion-{category.id}")
    if form.validate_on_submit():
        try:
            criterion = services.add_criterion(category, form.name.data, form.weight.data)
        except DomainError as error:
            show_error(form, error)
            return _round_page(award_round, error.status, **{f"criterion_{category_id}": form})
        _log(award_round, "award_criterion_added", _(
            "%(category)s: %(criterion)s (gewicht %(weight)s)", category=category.name,
            criterion=criterion.name, weight=criterion.weight))
        return _done(_("Het criterium is toegevoegd."), round_id, f"#category-{category.id}")
    return _round_page(award_round, 400, **{f"criterion_{category_id}": form})


@bp.post("/<int:round_id>/categories/<int:category_id>/criteria/<int:criterion_id>/delete")
def remove_criterion(round_id: int, category_id: int, criterion_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    name = next((c.name for c in category.criteria if c.id == criterion_id), "")
    done, _result = carry_out(lambda: services.remove_criterion(category, criterion_id),
                              _("Het criterium is verwijderd."))
    if done:
        _log(award_round, "award_criterion_removed", f"{category.name}: {name}")
    return redirect(url_for("awards_admin.round", round_id=round_id) + f"#category-{category_id}")


@bp.post("/<int:round_id>/categories/<int:category_id>/jurors")
def appoint(round_id: int, category_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    form = JurorForm(prefix=f"juror-{category.id}")
    form.organisation.choices = []
    if form.validate_on_submit():
        try:
            juror = jury.appoint(category, form.email.data, form.name.data or "",
                                 form.organisation.data)
        except DomainError as error:
            show_error(form, error)
            return _round_page(award_round, error.status, **{f"juror_{category_id}": form})
        _log(award_round, "award_juror_appointed",
             f"{category.name}: {juror.name or juror.email}")
        return _done(_("Het jurylid is uitgenodigd per mail."), round_id,
                     f"#category-{category.id}")
    return _round_page(award_round, 400, **{f"juror_{category_id}": form})


@bp.post("/<int:round_id>/jurors/<int:juror_id>/delete")
def remove_juror(round_id: int, juror_id: int):
    award_round = services.get_round(round_id)
    juror = next((j for c in award_round.categories for j in c.jurors if j.id == juror_id), None)
    if juror is None:
        abort(404)
    who = f"{juror.category.name}: {juror.name or juror.email}"
    done, _result = carry_out(lambda: jury.remove(juror),
                              _("Het jurylid is verwijderd; de link werkt niet meer."))
    if done:
        _log(award_round, "award_juror_removed", who)
    return redirect(url_for("awards_admin.round", round_id=round_id) + "#progress-heading")


@bp.post("/<int:round_id>/reminders")
def remind(round_id: int):
    award_round = services.get_round(round_id)
    done, sent = carry_out(lambda: jury.remind(award_round), _("Herinneringen verstuurd."))
    if done and not sent:
        flash(_("Iedereen heeft alles beoordeeld: geen herinnering nodig."), "success")
    return redirect(url_for("awards_admin.round", round_id=round_id) + "#progress-heading")


@bp.post("/<int:round_id>/categories/<int:category_id>/marks")
def marks(round_id: int, category_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    form = MarksForm()
    form.shortlisted.choices = form.winners.choices = [(n.id, "") for n in category.nominations]
    if not form.validate_on_submit():
        abort(400)
    def names(flag: str) -> list[str]:
        return [n.initiative.name for n in category.nominations if getattr(n, flag)]

    before = {"shortlisted": names("shortlisted"), "winners": names("winner")}
    done, _result = carry_out(
        lambda: results.set_marks(category, set(form.shortlisted.data or []),
                                  set(form.winners.data or [])),
        _("De shortlist en de winnaars zijn bewaard."))
    if done:
        _log(award_round, "award_marks", category.name, audit.diff(
            before, {"shortlisted": names("shortlisted"), "winners": names("winner")}))
    return redirect(url_for("awards_admin.round", round_id=round_id) + f"#ranking-{category_id}")


@bp.post("/<int:round_id>/publish")
def publish(round_id: int):
    award_round = services.get_round(round_id)
    done, _result = carry_out(
        lambda: results.publish(award_round),
        _("De resultaten zijn gepubliceerd; de winnaars dragen het STEM-label."))
    if done:
        _log(award_round, "award_results_published")
    return redirect(url_for("awards_admin.round", round_id=round_id))


@bp.post("/<int:round_id>/withdraw")
def withdraw(round_id: int):
    award_round = services.get_round(round_id)
    done, _result = carry_out(
        lambda: results.withdraw(award_round),
        _("De resultaten zijn teruggenomen; de labels van deze ronde vervallen."))
    if done:
        _log(award_round, "award_results_withdrawn")
    return redirect(url_for("awards_admin.round", round_id=round_id))
