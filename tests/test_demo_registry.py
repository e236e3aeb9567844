"""The demo seeders: each app's demo.py registers one, and they run after those they depend on."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from jour.demo.registry import Seeder, in_dependency_order, rng_for, seeders


def _seeder(name, *after):
    return Seeder(name=name, seed=lambda **kwargs: None, after=after)


def test_every_feature_app_registers_its_seeder_after_those_it_reads():
    names = [seeder.name for seeder in seeders()]
    assert sorted(names) == [
        "audit", "calls", "directory", "plans", "regulation", "reporting", "residents", "volunteers"
    ]  # fmt: skip
    for reader in ("plans", "calls", "volunteers"):
        assert names.index("residents") < names.index(reader)
    # The audit trail is derived from everything else's rows; the report reads the other apps.
    assert names[-2:] == ["reporting", "audit"]


def test_dependencies_first_otherwise_in_registration_order():
    order = in_dependency_order([_seeder("b", "c"), _seeder("a"), _seeder("c")])
    assert [s.name for s in order] == ["a", "c", "b"]


def test_an_unknown_or_circular_dependency_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown"):
        in_dependency_order([_seeder("a", "missing")])
    with pytest.raises(ImproperlyConfigured, match="circle"):
        in_dependency_order([_seeder("a", "b"), _seeder("b", "a")])


def test_each_seeder_draws_from_its_own_generator():
    assert rng_for(2026, "calls").random() == rng_for(2026, "calls").random()
    assert rng_for(2026, "calls").random() != rng_for(2026, "residents").random()
