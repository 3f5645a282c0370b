"""Registrations: capacity, waiting list, mails, reminders, retention and organiser lists."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events import mail
    from stem_events.registrations import models as _models  # noqa: F401  (register the tables)
    from stem_events.registrations.cli import purge_personal_data, send_reminders
    from stem_events.registrations.manage_views import bp as manage_bp
    from stem_events.registrations.views import bp

    mail.register(app)
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.cli.add_command(send_reminders)
    app.cli.add_command(purge_personal_data)
