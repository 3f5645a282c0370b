"""Reference data: provinces, municipalities, postcodes, STEM-Agenda goals, themes, enums,
and the school holidays (coordinators correct them at /admin/holidays)."""

from flask import Flask


def register(app: Flask) -> None:
    from . import holiday_overrides as _holiday_models  # noqa: F401  (register the tables)
    from . import models as _models  # noqa: F401
    from .admin_views import bp

    app.register_blueprint(bp)
