"""Login, logout, password reset, account settings, organisation requests and invitations."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from stem_events import rate_limits as limits
from stem_events.errors import DomainError, FieldError
from stem_events.extensions import db, limiter
from stem_events.reference.lookup import find_municipality, municipality_names

from . import devices, services
from .forms import (
    AcceptInvitationForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    OrganisationRequestForm,
    ResetPasswordForm,
)

bp = Blueprint("accounts", __name__)

RESET_LIMIT = limits.RESET_PER_CLIENT


def _safe_next(target: str | None, default: str = "events.agenda") -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for(default)


def _form_error(form, error: DomainError, default_field: str) -> None:
    """Show a service's refusal next to its field (FieldError) or the default field."""
    db.session.rollback()
    field = getattr(form, getattr(error, "field", default_field), None)
    field = field if field is not None else getattr(form, default_field)
    field.errors = [*field.errors, error.message]


def _known_device() -> bool:
    """The per-account limit does not apply to a browser that signed in to it before."""
    return devices.is_known(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.LOGIN_PER_CLIENT, methods=["POST"])
@limiter.limit(limits.LOGIN_PER_ACCOUNT_AND_CLIENT, methods=["POST"],
               key_func=limits.login_account_and_client_key)
@limiter.limit(limits.LOGIN_PER_ACCOUNT, methods=["POST"], key_func=limits.login_account_key,
               exempt_when=_known_device)
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next"), "manage.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Je bent aangemeld."), "success")
            # Organisers and coordinators land on "Mijn activiteiten" (CONTRACT.md).
            return devices.remember(redirect(_safe_next(request.args.get("next"),
                                                        "manage.index")), user.email)
        form.password.errors.append(_("Dit e-mailadres of wachtwoord klopt niet."))
    status = 400 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()  # a copied session or remember-me cookie dies too
    logout_user()
    flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("events.agenda"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("Als dit adres een account heeft, krijg je binnen enkele minuten een e-mail "
                "met een link om een nieuw wachtwoord te kiezen."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def reset_password(token: str):
    services.user_for_reset(token)  # an invalid link is answered before the form
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except DomainError as error:
            _form_error(form, error, "password")
        else:
            flash(_("Je wachtwoord is gewijzigd. Meld je aan met je nieuwe wachtwoord."),
                  "success")
            return devices.remember(redirect(url_for("accounts.login")), user.email)
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    password_form = ChangePasswordForm(prefix="pw")
    email_form = ChangeEmailForm(prefix="em")
    if request.method == "POST" and "pw-password" in request.form:
        if password_form.validate_on_submit():
            try:
                services.change_password(current_user, password_form.current.data,
                                         password_form.password.data)
            except DomainError as error:
                _form_error(password_form, error, "password")
            else:
                login_user(current_user._get_current_object())  # the new nonce, this session
                flash(_("Je wachtwoord is gewijzigd; andere sessies zijn afgemeld."), "success")
                return redirect(url_for("accounts.account"))
    elif request.method == "POST":
        if email_form.validate_on_submit():
            try:
                services.request_email_change(current_user, email_form.current.data,
                                              email_form.new_email.data)
            except DomainError as error:
                _form_error(email_form, error, "new_email")
            else:
                flash(_("We stuurden een bevestigingslink naar het nieuwe adres."), "success")
                return redirect(url_for("accounts.account"))
    status = 400 if password_form.errors or email_form.errors else 200
    return render_template("accounts/account.html", password_form=password_form,
                           email_form=email_form), status


@bp.get("/account/email/<token>")
def confirm_email(token: str):
    services.confirm_email_change(token)
    logout_user()
    flash(_("Je e-mailadres is gewijzigd. Meld je aan met je nieuwe adres."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/organisation-request", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def request_organisation():
    form = OrganisationRequestForm()
    signed_in = current_user.is_authenticated
    if signed_in:
        for name in ("email", "password", "confirm"):
            delattr(form, name)
    if form.validate_on_submit():
        try:
            try:
                municipality = find_municipality(form.municipality.data)
            except DomainError as error:
                raise FieldError("municipality", error.message) from None
            data = {k: v for k, v in form.data.items() if k != "csrf_token"}
            data["municipality_nis"] = municipality.nis
            data["kbo_number"] = services.compact_kbo(form.kbo_number.data)
            services.request_organisation(data, current_user if signed_in else None)
        except DomainError as error:
            _form_error(form, error, "municipality")
        else:
            flash(_("Bedankt! Je aanvraag is ontvangen. Een coördinator bekijkt ze; je krijgt "
                    "een e-mail zodra ze is goedgekeurd."), "success")
            return redirect(url_for("manage.index") if signed_in else url_for("accounts.login"))
    return render_template("accounts/organisation_request.html", form=form,
                           municipalities=municipality_names()), 400 if form.errors else 200


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = services.open_invitation(token)
    signed_in = current_user.is_authenticated
    if signed_in:
        services.require_invitee(invitation, current_user)
    existing = services.find_user_by_email(invitation.email)
    if not signed_in and existing is not None:
        flash(_("Meld je aan om de uitnodiging te aanvaarden."), "success")
        return redirect(url_for("accounts.login", next=request.path))
    form = AcceptInvitationForm()
    if request.method == "POST" and (signed_in or form.validate_on_submit()):
        try:
            user = services.accept_invitation(
                token, current_user if signed_in else None,
                form.display_name.data or "", form.password.data or "")
        except DomainError as error:
            _form_error(form, error, "password")
        else:
            if not signed_in:
                login_user(user)
            flash(_("Welkom bij %(name)s.", name=invitation.organisation.name), "success")
            return redirect(url_for("manage.index"))
    return render_template("accounts/invitation.html", invitation=invitation, form=form,
                           signed_in=signed_in), 400 if form.errors else 200
