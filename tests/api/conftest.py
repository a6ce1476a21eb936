from tests.api.factories import jobs  # noqa: F401 -- the fixture
