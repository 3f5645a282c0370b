"""\"STEM in jouw gemeente\": a page per municipality."""

from flask import Flask


def register(app: Flask) -> None:
    from stem_events.municipalities.views import bp

    app.register_blueprint(bp)
