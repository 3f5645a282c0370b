"""Accounts: users, organisations and memberships; the organisers' organisation pages
(/manage/organisations) and the coordinators' (/admin/organisations)."""

from flask import Flask, g
from flask_babel import gettext


def N_(text: str) -> str:  # noqa: N802  (gettext's name for "translate later")
    """Marks a message for the catalog; it is translated where it is shown."""
    return text


def register(app: Flask) -> None:
    from flask_limiter.errors import RateLimitExceeded

    from stem_events.errors import error_response
    from stem_events.extensions import db, login_manager

    from .admin_views import bp as admin_bp
    from .cli import users_cli
    from .manage_views import bp as manage_bp
    from .models import User
    from .views import bp

    @login_manager.user_loader
    def load_user(session_id: str):
        """`id:nonce`: logging out or a password change gives a new nonce and so ends
        every session and remember-me cookie of the user."""
        user_id, _, nonce = session_id.partition(":")
        if not user_id.isdigit() or g.get("database_unavailable"):
            return None  # (a 503 page while the database is down shows nobody signed in)
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.session_nonce == nonce else None

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error):
        return error_response(429)

    login_manager.login_message = N_("Meld je aan om deze pagina te bekijken.")
    login_manager.localize_callback = gettext  # in the visitor's language when flashed
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)  # /manage/organisations
    app.register_blueprint(admin_bp)  # /admin/organisations
    app.cli.add_command(users_cli)
