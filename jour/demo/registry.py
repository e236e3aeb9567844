"""The demo seeders, one per app, each in its app's `demo.py`, run in the order of their dependencies.

An app contributes its demo data by calling `register()` at the import of its `demo.py`; `seeders()` finds
them with `autodiscover_modules("demo")` (so only the apps installed contribute, and this package imports
none of them) and orders them so that each runs after the seeders it names in `after`.

- `seed(*, scale, rng, users)` fills the app at the `demo` scale through its models and services.
- `bulk(run)` (optional) fills it at the `large` and `national` scales with COPY (see `jour/demo/bulk.py`);
  a seeder without it runs its `seed` at those scales too.
- `fills`: the models its bulk part loads into; the bulk scales refuse a database where any of them has rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Seeder:
    name: str
    seed: Callable[..., None]
    bulk: Callable | None = None
    after: tuple[str, ...] = ()
    fills: tuple[type[models.Model], ...] = field(default=())


_REGISTRY: dict[str, Seeder] = {}


def register(
    name: str,
    *,
    seed: Callable[..., None],
    bulk: Callable | None = None,
    after: Sequence[str] = (),
    fills: Sequence[type[models.Model]] = (),
) -> None:
    """Declare an app's demo seeder (called once, when the app's demo.py is imported)."""
    _REGISTRY[name] = Seeder(name=name, seed=seed, bulk=bulk, after=tuple(after), fills=tuple(fills))


def seeders() -> list[Seeder]:
    """Every installed app's seeder, each after those it depends on (ties in the order of INSTALLED_APPS)."""
    autodiscover_modules("demo")
    return in_dependency_order(list(_REGISTRY.values()))


def rng_for(seed: int, name: str) -> random.Random:
    """A seeder's own random generator: adding or changing one app's seeder leaves the others' data as it was."""
    return random.Random(f"{seed}:{name}")


def in_dependency_order(pending: list[Seeder]) -> list[Seeder]:
    names = {seeder.name for seeder in pending}
    for seeder in pending:
        if missing := set(seeder.after) - names:
            raise ImproperlyConfigured(f"demo seeder {seeder.name!r} runs after unknown {sorted(missing)}")
    ordered: list[Seeder] = []
    done: set[str] = set()
    while pending:
        ready = next((s for s in pending if set(s.after) <= done), None)
        if ready is None:
            raise ImproperlyConfigured(f"demo seeders depend on each other in a circle: {[s.name for s in pending]}")
        ordered.append(ready)
        done.add(ready.name)
        pending.remove(ready)
    return ordered
