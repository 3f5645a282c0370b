"""Public pages of the awards: the rounds (`/awards`), one round with its categories, criteria
and (once published) results, the nomination form, and the jury's pages behind a signed link
(`/awards/jury/<token>`). Views are thin: parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.awards import jury, nominations, results, services
from stem_events.awards.forms import DeclarationForm, nomination_form, score_form
from stem_events.awards.models import AwardCategory, Juror, Phase
from stem_events.errors import DomainError
from stem_events.web.forms import show_error

bp = Blueprint("awards", __name__)


@bp.get("/awards")
def index():
    return render_template("awards/index.html", rounds=services.public_rounds())


@bp.get("/awards/<int:round_id>")
def round_page(round_id: int):
    award_round = services.get_round(round_id)
    return render_template("awards/round.html", round=award_round, Phase=Phase,
                           results=results.public_results(award_round))


# ------------------------------------------------------------------------------ nominating
def _nomination_choices(form, category: AwardCategory) -> None:
    own = nominations.nominating_organisations(current_user)
    form.organisation.choices = (
        [("", _("de coördinatoren (geen organisatie)"))] if policies.is_coordinator(current_user)
        else []) + [(o.id, o.name) for o in own]
    form.initiative.choices = [("", _("— kies —"))] + [
        (i.id, i.name) for i in nominations.nominable_initiatives()]


@bp.route("/awards/<int:round_id>/categories/<int:category_id>/nominate",
          methods=["GET", "POST"])
@login_required
def nominate(round_id: int, category_id: int):
    award_round = services.get_round(round_id)
    category = services.get_category(award_round, category_id)
    form = nomination_form(category)
    _nomination_choices(form, category)
    status, closed = 200, None
    try:
        nominations.check_open(category)
    except DomainError as error:
        closed, status = error.message, error.status
    if closed is None and form.validate_on_submit():
        texts = {c.id: form[nominations.motivation_field(c.id)].data for c in category.criteria}
        try:
            nomination = nominations.nominate(current_user, category, form.initiative.data,
                                              form.organisation.data, texts)
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(_("Je nominatie van ‘%(name)s’ is ontvangen. Je krijgt een bevestiging per "
                    "mail.", name=nomination.initiative.name), "success")
            return redirect(url_for("awards.round_page", round_id=award_round.id))
    elif form.errors:
        status = 400
    return render_template("awards/nominate.html", round=award_round, category=category,
                           form=form, closed=closed,
                           motivation_field=nominations.motivation_field), status


# ------------------------------------------------------------------------------------ jury
def _jury_page(token: str, juror: Juror, status: int = 200, declaration=None, failed=None):
    category = juror.category
    scored = jury.own_scores(juror)
    forms = {}
    for nomination in jury.to_score(juror):
        mine = scored.get(nomination.id, {})
        data = {}
        for c in category.criteria:
            if c.id in mine:
                data[jury.score_field(c.id)] = str(mine[c.id].value)
                data[jury.comment_field(c.id)] = mine[c.id].comment
        forms[nomination.id] = score_form(category, prefix=f"n{nomination.id}", formdata=None,
                                          data=data)
    if failed is not None and failed[0] in forms:
        forms[failed[0]] = failed[1]
    if declaration is None:
        declaration = DeclarationForm(formdata=None, data={
            "conflicts": [c.nomination_id for c in juror.conflicts]})
    declaration.conflicts.choices = [
        (n.id, n.initiative.name) for n in category.active_nominations
        if n.id not in jury.automatic_conflicts(juror)]
    return render_template(
        "awards/jury.html", token=token, juror=juror, category=category, round=category.round,
        Phase=Phase, forms=forms, declaration=declaration, scored=scored,
        automatic=jury.automatic_conflicts(juror), conflicts=jury.conflicts(juror),
        progress=jury.juror_progress(juror), score_field=jury.score_field,
        comment_field=jury.comment_field), status


@bp.get("/awards/jury/<token>")
def jury_page(token: str):
    juror = jury.juror_from_token(token)
    return _jury_page(token, juror)


@bp.post("/awards/jury/<token>/declaration")
def declare(token: str):
    juror = jury.juror_from_token(token)
    form = DeclarationForm()
    form.conflicts.choices = [(n.id, n.initiative.name) for n in juror.category.nominations]
    if not form.validate_on_submit():
        return _jury_page(token, juror, 400, declaration=form)
    try:
        jury.declare(juror, set(form.conflicts.data or []), bool(form.confirm.data))
    except DomainError as error:
        show_error(form, error)
        return _jury_page(token, juror, error.status, declaration=form)
    flash(_("Je verklaring is bewaard."), "success")
    return redirect(url_for("awards.jury_page", token=token))


@bp.post("/awards/jury/<token>/nominations/<int:nomination_id>")
def score(token: str, nomination_id: int):
    juror = jury.juror_from_token(token)
    category = juror.category
    form = score_form(category, prefix=f"n{nomination_id}")
    if not form.validate_on_submit():
        return _jury_page(token, juror, 400, failed=(nomination_id, form))
    values = {c.id: form[jury.score_field(c.id)].data for c in category.criteria}
    comments = {c.id: form[jury.comment_field(c.id)].data for c in category.criteria}
    try:
        jury.score(juror, nomination_id, values, comments)
    except DomainError as error:
        show_error(form, error)
        return _jury_page(token, juror, error.status, failed=(nomination_id, form))
    flash(_("Je scores zijn bewaard."), "success")
    return redirect(url_for("awards.jury_page", token=token) + f"#nomination-{nomination_id}")
