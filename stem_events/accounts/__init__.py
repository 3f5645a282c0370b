"""Accounts: users, organisations and memberships."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.extensions import db, login_manager

    from .cli import users_cli
    from .models import User
    from .views import bp

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    login_manager.login_message = "Meld je aan om deze pagina te bekijken."
    app.register_blueprint(bp)
    app.cli.add_command(users_cli)
