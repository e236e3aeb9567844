import pytest

from reporting.figures import _source


def test_a_missing_statistics_module_means_not_available():
    assert _source("jour.calls.no_such_stats", "contact_statistics") is None
    assert _source("no_such_app.stats", "anything") is None


def test_a_missing_function_in_an_existing_module_fails_loudly():
    with pytest.raises(AttributeError):
        _source("jour.calls.stats", "no_such_function")
    assert callable(_source("jour.calls.stats", "contact_statistics"))
