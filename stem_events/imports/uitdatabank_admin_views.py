"""Coordinators' settings of the UiTdatabank import (/admin/uitdatabank/import): which event
types, themes and regions are imported, and which of our organisations a UiTdatabank organizer
belongs to when it was not matched by KBO number or name and postcode."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms import StringField
from wtforms.validators import ValidationError

from stem_events.accounts import policies
from stem_events.accounts.models import Organisation
from stem_events.extensions import db
from stem_events.forms import Form, options
from stem_events.reference.models import Municipality, Province
from stem_events.uitdatabank import mapping as export_mapping
from stem_events.web.forms import EmptyForm, MultiCheckboxField, carry_out

from . import sources
from .models import ImportSource
from .uitdatabank import SOURCE_PREFIX, import_settings
from .uitdatabank_models import UitdatabankOrganizer

bp = Blueprint("uitdatabank_import_admin", __name__, url_prefix="/admin/uitdatabank/import")

THEME_NAMES = {"1.25.0.0.0": "Wetenschap", "1.21.0.0.0": "Computer en techniek",
               "1.64.0.0.0": "Milieu en natuur"}


class ImportSettingsForm(Form):
    eventtypes = MultiCheckboxField(_l("Types"))
    themes = MultiCheckboxField(_l("Thema's"))
    provinces = MultiCheckboxField(_l("Provincies"))
    municipalities = StringField(
        _l("Gemeenten (NIS-codes, gescheiden door komma's)"),
        description=_l("Leeg laten voor alle gemeenten van de gekozen provincies."))

    def validate_eventtypes(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Kies minstens één type."))

    def validate_municipalities(self, field) -> None:
        codes = [c for c in re.split(r"[\s,;]+", field.data or "") if c]
        bad = [c for c in codes if not re.fullmatch(r"\d{5}", c)
               or db.session.get(Municipality, c) is None]
        if bad:
            raise ValidationError(_("Onbekende NIS-code: %(codes)s", codes=", ".join(bad)))
        field.codes = codes


@bp.before_request
@login_required
def _coordinators_only():
    policies.require(policies.can_moderate(current_user))


def _form(settings) -> ImportSettingsForm:
    provinces = list(db.session.scalars(sa.select(Province).order_by(Province.name)))
    province_codes = {p.nis for p in provinces}
    form = ImportSettingsForm(
        data=None if request.method == "POST" else {
            "eventtypes": settings.eventtypes, "themes": settings.themes,
            "provinces": [r for r in settings.regions if r in province_codes],
            "municipalities": ", ".join(r for r in settings.regions
                                        if r not in province_codes)})
    form.eventtypes.choices = options(export_mapping.EVENTTYPES.items())
    form.themes.choices = options(THEME_NAMES.items())
    form.provinces.choices = options((p.nis, p.name) for p in provinces)
    return form


def _page(form, status=200):
    waiting = list(db.session.scalars(sa.select(UitdatabankOrganizer).where(
        UitdatabankOrganizer.organisation_id.is_(None)).order_by(UitdatabankOrganizer.name)))
    organisations = list(db.session.scalars(sa.select(Organisation).where(
        Organisation.approved.is_(True)).order_by(Organisation.name)))
    held = list(db.session.scalars(sa.select(ImportSource).where(
        ImportSource.url.startswith(SOURCE_PREFIX), ImportSource.held_reason != "")
        .options(joinedload(ImportSource.organisation)).order_by(ImportSource.id)))
    return render_template("imports/uitdatabank_admin.html", form=form, waiting=waiting,
                           organisations=organisations, button_form=EmptyForm(), held=held,
                           settings=import_settings()), status


@bp.route("/", methods=["GET", "POST"])
def index():
    settings = import_settings()
    form = _form(settings)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _page(form, 400)
        settings.eventtypes, settings.themes = list(form.eventtypes.data), list(form.themes.data)
        settings.regions = list(form.provinces.data) + getattr(form.municipalities, "codes", [])
        flash(_("Instellingen van de import bewaard."), "success")
        return redirect(url_for(".index"))
    return _page(form)


@bp.post("/sources/<int:source_id>/confirm")
def confirm(source_id: int):
    """A held run (it would cancel more than half of the upcoming sessions): the coordinator
    agrees, and the next `flask uitdatabank import` applies it, as on an iCal source's page."""
    source = db.session.get(ImportSource, source_id)
    if source is None or not source.url.startswith(SOURCE_PREFIX):
        abort(404)
    carry_out(lambda: sources.confirm_cancellations(current_user, source),
              _("Bevestigd: de volgende import uit UiTdatabank voert de annuleringen uit."))
    return redirect(url_for(".index"))


@bp.post("/organizers")
def assign():
    if not EmptyForm().validate_on_submit():
        return _page(_form(import_settings()), 400)
    row = db.session.get(UitdatabankOrganizer, request.form.get("organizer_id", ""))
    organisation = db.session.get(Organisation, request.form.get("organisation_id", type=int)
                                  or 0)
    if row is None or organisation is None:
        flash(_("Kies een organisatie."), "error")
        return redirect(url_for(".index"))
    row.organisation_id = organisation.id
    flash(_("De activiteiten van %(name)s worden bij de volgende import ingelezen voor "
            "%(org)s.", name=row.name, org=organisation.name), "success")
    return redirect(url_for(".index"))
