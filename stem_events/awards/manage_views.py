"""Organisers' award pages under /manage/awards: the nominations of their initiatives (with the
motivation, and declining), and their own jury seats when they have an account."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.awards import jury, nominations, results
from stem_events.awards.forms import DeclineForm
from stem_events.awards.models import Phase
from stem_events.errors import DomainError
from stem_events.web.forms import show_error

bp = Blueprint("awards_manage", __name__, url_prefix="/manage/awards")


@bp.before_request
@login_required
def _signed_in():
    """Every page needs a signed-in user; the policies decide the rest."""


@bp.get("/")
def index():
    return render_template("awards/manage_index.html",
                           nominations=nominations.nominations_for(current_user),
                           seats=jury.jurors_of(current_user), Phase=Phase)


@bp.route("/nominations/<int:nomination_id>", methods=["GET", "POST"])
def nomination(nomination_id: int):
    found = nominations.get_nomination(nomination_id)
    policies.require(nominations.can_answer(current_user, found),
                     _("Alleen de organisatie van het genomineerde initiatief ziet deze pagina."))
    form = DeclineForm()
    status = 200
    if form.validate_on_submit():
        try:
            nominations.decline(current_user, found, form.reason.data or "")
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(_("Je weigerde de nominatie van ‘%(name)s’.", name=found.initiative.name),
                  "success")
            return redirect(url_for("awards_manage.nomination", nomination_id=found.id))
    elif form.errors:
        status = 400
    return render_template("awards/manage_nomination.html", nomination=found, form=form,
                           Phase=Phase), status


@bp.get("/jury/<int:juror_id>")
def jury_seat(juror_id: int):
    """During the jury period: on to the juror's page; afterwards every member's scores."""
    juror = jury.own_juror(current_user, juror_id)
    award_round = juror.category.round
    if award_round.phase() in (Phase.UPCOMING, Phase.NOMINATIONS, Phase.JURY):
        return redirect(jury.link(juror))
    return render_template("awards/jury_results.html", juror=juror, category=juror.category,
                           round=award_round, ranking=results.ranking(juror.category))
