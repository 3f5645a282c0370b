from tests.registrations.conftest import make_open_event  # noqa: F401
