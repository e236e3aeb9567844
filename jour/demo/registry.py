"""Each app's demo seeder, in dependency order. A seeder is `seed(*, scale, rng, users)`."""

from collections.abc import Callable

SEEDERS: list[tuple[str, Callable]] = []
