"""`/admin/audiences`: coordinators add audiences and rename them (slugs never change)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stem_events.accounts import policies
from stem_events.audiences import services
from stem_events.audiences.forms import AddAudienceForm, RenameAudienceForm
from stem_events.extensions import db

bp = Blueprint("audiences_admin", __name__, url_prefix="/admin")
bp.before_request(policies.coordinators_only)


def _page(add_form, rename_form=None, renamed_id=None, status=200):
    audiences = services.all_audiences()
    forms = {}
    for audience in audiences:
        if rename_form is not None and audience.id == renamed_id:
            forms[audience.id] = rename_form
        else:
            forms[audience.id] = RenameAudienceForm(
                formdata=None, prefix=f"a{audience.id}", audience_id=audience.id,
                name=audience.name, short_name=audience.short_name)
    return render_template("audiences/admin.html", audiences=audiences, forms=forms,
                           add_form=add_form, sections=dict(services.SECTIONS)), status


@bp.get("/audiences")
def audiences():
    return _page(AddAudienceForm(formdata=None))


@bp.post("/audiences")
def add_audience():
    form = AddAudienceForm()
    if form.validate_on_submit():
        try:
            services.add(form.slug.data, form.name.data, form.section.data)
        except services.InvalidAudience as error:
            db.session.rollback()
            form[error.field].errors = [*form[error.field].errors, error.message]
        else:
            flash(_("De doelgroep is toegevoegd."), "success")
            return redirect(url_for(".audiences"))
    return _page(form, status=400)


@bp.post("/audiences/<int:audience_id>")
def rename_audience(audience_id: int):
    form = RenameAudienceForm(prefix=f"a{audience_id}")
    if form.validate_on_submit():
        try:
            services.rename(audience_id, form.name.data, form.short_name.data)
        except services.InvalidAudience as error:
            db.session.rollback()
            form[error.field].errors = [*form[error.field].errors, error.message]
        else:
            flash(_("De doelgroep is hernoemd."), "success")
            return redirect(url_for(".audiences"))
    return _page(AddAudienceForm(formdata=None), form, audience_id, 400)
