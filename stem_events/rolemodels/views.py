"""Public pages (`/role-models`, `/role-models/<id>`) and the person's own signed links to
consent (`/role-models/confirm/<token>`) and to withdraw (`/role-models/withdraw/<token>`).
A link's GET only shows a page (mail scanners open links); only the POST changes anything."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _

from stem_events.errors import DomainError
from stem_events.events.paging import page_number
from stem_events.media.views import serve
from stem_events.rolemodels import catalogue, consent
from stem_events.rolemodels.forms import ConsentForm
from stem_events.rolemodels.models import PHOTOS
from stem_events.web.forms import EmptyForm, show_error

bp = Blueprint("rolemodels", __name__)


@bp.get("/role-models")
def index():
    page = catalogue.public_role_models(page_number(), current_app.config["AGENDA_PER_PAGE"])
    return render_template("rolemodels/index.html", page=page)


@bp.get("/role-models/<int:role_model_id>")
def detail(role_model_id: int):
    found = catalogue.get_public_role_model(role_model_id)
    return render_template("rolemodels/detail.html", role_model=found,
                           appearances=catalogue.appearances(found),
                           json_ld=person_json_ld(found))


def person_json_ld(role_model) -> dict:
    data = {"@context": "https://schema.org", "@type": "Person", "name": role_model.name,
            "jobTitle": role_model.job,
            "url": url_for("rolemodels.detail", role_model_id=role_model.id, _external=True)}
    if role_model.employer_name:
        data["worksFor"] = {"@type": "Organization", "name": role_model.employer_name}
    if role_model.shows_photo:
        data["image"] = url_for("rolemodels.photo", name=role_model.photo, _external=True)
    return data


@bp.get("/media/role-models/<name>")
def photo(name: str):
    return serve(PHOTOS, name)


@bp.route("/role-models/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    role_model = consent.role_model_to_confirm(token)
    form = ConsentForm()
    if not form.is_submitted():
        form.story.data = role_model.story
    status = 200
    if form.validate_on_submit():
        try:
            consent.confirm(role_model, consent.ConsentInput(
                story=form.story.data or "", self_description=form.self_description.data or "",
                birth_date=form.birth_date.data, profile=form.profile_consent.data,
                photo=form.photo_consent.data,
                self_description_shown=form.self_description_consent.data,
                guardian_name=form.guardian_name.data or "",
                guardian_consent=form.guardian_consent.data))
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            return render_template("rolemodels/done.html", confirmed=True,
                                   withdraw_token=consent.withdraw_token(role_model))
    elif form.is_submitted():
        status = 400
    return render_template("rolemodels/confirm.html", form=form, role_model=role_model,
                           withdraw_token=consent.withdraw_token(role_model)), status


@bp.route("/role-models/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    role_model = consent.role_model_to_withdraw(token)
    form = EmptyForm()
    if form.validate_on_submit():
        consent.withdraw(role_model)
        return render_template("rolemodels/done.html", confirmed=False)
    status = 400 if form.is_submitted() else 200
    return render_template("rolemodels/withdraw.html", form=form, role_model=role_model,
                           message=_("Het formulier is verlopen. Probeer opnieuw.")
                           if status == 400 else None), status


@bp.after_request
def personal_pages_not_stored(response):
    """The consent and withdrawal pages show a person's proposal: never kept by a cache."""
    if request.endpoint in ("rolemodels.confirm", "rolemodels.withdraw"):
        response.headers["Cache-Control"] = "no-store"
    return response
