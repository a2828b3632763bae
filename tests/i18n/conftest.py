import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request as a German reader leaves German active in the thread; the next
    test (of any app, on this worker) must start in the default language again."""
    yield
    translation.activate("en-gb")
