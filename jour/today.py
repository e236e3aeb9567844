"""Today's work on the start page, contributed by each app without the platform importing any of them.

An app adds a `today.py` that registers a function with `@contributes("app:view", order=…)`. The start page
calls the functions whose view the user may open (jour/access/policy.py decides, as for the menu) and shows
each returned `Group`: counts with a link to the page where the work is, never a person's name, so the start
page shows no personal data and needs no audit entry. Each function must cost a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from jour.access.policy import rule_for


@dataclass(frozen=True)
class Item:
    """One line of work: "3 follow-ups due", linked to where it is done. `urgent` for overdue work."""

    text: str
    url: str
    count: int | None = None
    urgent: bool = False


@dataclass(frozen=True)
class Group:
    title: str
    items: list[Item] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)  # (label, url): the day's usual first step
    empty: str = ""  # what to say when nothing is due


Contribution = Callable[[HttpRequest, dt.date], Group | None]


@dataclass(frozen=True)
class _Registered:
    view_name: str
    order: int
    contribution: Contribution


_REGISTRY: list[_Registered] = []
_discovered = False


def contributes(view_name: str, *, order: int) -> Callable[[Contribution], Contribution]:
    """Register a contribution shown to whoever may open `view_name`; lower `order` comes first."""

    def register(contribution: Contribution) -> Contribution:
        _REGISTRY[:] = [
            r
            for r in _REGISTRY
            if r.contribution.__qualname__ != contribution.__qualname__
            or r.contribution.__module__ != contribution.__module__
        ]
        _REGISTRY.append(_Registered(view_name, order, contribution))
        _REGISTRY.sort(key=lambda r: r.order)
        return contribution

    return register


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("today")
        _discovered = True


def groups_for(request: HttpRequest, today: dt.date | None = None) -> list[Group]:
    _discover()
    today = today or timezone.localdate()
    role = getattr(request.user, "role", "")
    groups = []
    for registered in _REGISTRY:
        rule = rule_for(registered.view_name)
        if rule is None or not rule.allows_role(role):
            continue
        group = registered.contribution(request, today)
        if group is not None:
            groups.append(group)
    return groups
