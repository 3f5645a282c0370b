"""Coordinators' corrections of the school holidays (/admin/holidays): an exceptional year or
an extra day off, which series skip like the computed holidays."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stem_events.date_time import today_local
from stem_events.extensions import db
from stem_events.web.access import coordinators_only
from stem_events.web.forms import EmptyForm

from .forms import HOLIDAY_CHOICES, HolidayForm
from .holiday_overrides import HolidayOverride, school_years

bp = Blueprint("reference_admin", __name__, url_prefix="/admin")
bp.before_request(coordinators_only)


@bp.route("/holidays", methods=["GET", "POST"])
def holidays():
    form = HolidayForm()
    if form.validate_on_submit():
        name = (form.name.data or "").strip()
        if form.last_day.data < form.first_day.data:
            form.last_day.errors = [_("De laatste dag ligt vóór de eerste.")]
        elif form.key.data == "extra" and not name:
            form.name.errors = [_("Geef de extra vrije periode een naam.")]
        else:
            if form.key.data == "extra":
                key = "extra-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:34] or "dag")
            else:
                key, name = form.key.data, name or str(dict(HOLIDAY_CHOICES)[form.key.data])
            db.session.add(HolidayOverride(
                year=form.year.data, key=key, name=name,
                first_day=form.first_day.data, last_day=form.last_day.data))
            try:
                db.session.flush()  # the same year and key: refused by the unique index
            except sa.exc.IntegrityError:
                db.session.rollback()
                form.key.errors = [_("Voor deze vakantie van dit jaar bestaat er al een "
                                     "aanpassing; verwijder die eerst.")]
            else:
                flash(_("De vakantie is aangepast."), "success")
                return redirect(url_for(".holidays"))
    rows = db.session.scalars(sa.select(HolidayOverride).order_by(HolidayOverride.first_day))
    today = today_local()
    return render_template("reference/holidays.html", form=form, overrides=list(rows),
                           school_years=school_years(today.year if today.month >= 9
                                                     else today.year - 1),
                           delete_form=EmptyForm()), 400 if form.errors else 200


@bp.post("/holidays/<int:override_id>/delete")
def delete_holiday(override_id: int):
    override = db.session.get(HolidayOverride, override_id)
    if override is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    db.session.delete(override)
    flash(_("De aanpassing is verwijderd."), "success")
    return redirect(url_for(".holidays"))
