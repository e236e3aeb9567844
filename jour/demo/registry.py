"""Each app's demo seeder, in dependency order. A seeder is `seed(*, scale, rng, users)`."""

from collections.abc import Callable

SEEDERS: list[tuple[str, Callable]] = []


def _residents(**kwargs):
    from residents.demo import seed

    seed(**kwargs)


SEEDERS.append(("residents", _residents))


def _plans(**kwargs):
    from residents.plans.demo import seed

    seed(**kwargs)


SEEDERS.append(("plans", _plans))


def _directory(**kwargs):
    from jour.directory.demo import seed

    seed(**kwargs)


SEEDERS.append(("directory", _directory))


def _calls(**kwargs):
    from jour.calls.demo import seed

    seed(**kwargs)


SEEDERS.append(("calls", _calls))  # after residents, before reporting (which reads the statistics)


def _volunteers(**kwargs):
    from volunteers.demo import seed

    seed(**kwargs)


SEEDERS.append(("volunteers", _volunteers))  # after residents: it matches a few current residents


def _reporting(**kwargs):
    from reporting.demo import seed

    seed(**kwargs)


SEEDERS.append(("reporting", _reporting))
