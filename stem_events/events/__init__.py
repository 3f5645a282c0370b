"""Events and their sessions: the public agenda and event pages."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.markdown import to_html

    from .filters import BY_NAME
    from .presentation import age_label, price_label
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_global(BY_NAME, "agenda_filters")  # the filter table, for the filter forms
    app.add_template_global(age_label)
    app.add_template_global(price_label)
    app.add_template_filter(to_html, "markdown")
