"""The audit log: who changed what, and when; read by coordinators at /admin/audit."""

from flask import Flask


def register(app: Flask) -> None:
    from . import models as _models  # noqa: F401  (register the table)
    from .admin_views import bp
    from .services import shown_value

    app.register_blueprint(bp)
    app.add_template_filter(shown_value, "audit_value")
