"""Events and their sessions: the public agenda and event pages, and the organisers'
management of their events under /manage."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.markdown import to_html

    from .filters import BY_NAME
    from .forms import ACCESSIBILITY
    from .manage_views import bp as manage_bp
    from .presentation import age_label, education_levels_label, price_label
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_global(BY_NAME, "agenda_filters")  # the filter table, for the filter forms
    app.register_blueprint(manage_bp)
    app.add_template_global(age_label)
    app.add_template_global(price_label)
    app.add_template_global(education_levels_label)
    app.add_template_filter(to_html, "markdown")

    @app.template_filter("accessibility_label")
    def accessibility_label(code: str) -> str:
        return str(ACCESSIBILITY.get(code, code))
