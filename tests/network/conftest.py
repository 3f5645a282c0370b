from tests.network.factories import make_initiative_fixture  # noqa: F401
