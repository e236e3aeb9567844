"""Views read person data only through the user's scope (house rule 1; pretix's ScopedManager in spirit).

Every model whose queryset has `for_user(user)` is *scoped*. In a views module, a query that starts at such a
model's manager (`Resident.objects...`) must pass through `.for_user(...)`, or be the queryset handed to
`jour.access.scope.get_for_user` (which applies the scope), or be a correlated subquery/prefetch under an
object already fetched in scope (`Exists`, `Subquery`, `Prefetch`), or create rows. Anything else needs a
`# unscoped: <why>` comment on its line — the calendar feed, say, whose scope is its secret token.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VIEW_MODULES = sorted(
    path
    for path in ROOT.glob("**/views*.py")
    if ".venv" not in path.parts and "var" not in path.parts and "tests" not in path.parts
)
UNDER_A_SCOPED_PARENT = {"Exists", "Subquery", "Prefetch", "get_for_user"}
CREATING = {"create", "get_or_create", "bulk_create", "none"}


def scoped_model_names() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if hasattr(model._default_manager.get_queryset(), "for_user") and model.__module__.split(".")[0] != "django"
    }


def _chain_methods(node: ast.AST, parents: dict) -> tuple[list[str], ast.AST]:
    """The method names called on `X.objects` (outward), and the outermost node of the chain."""
    methods, current = [], node
    while True:
        parent = parents.get(current)
        if isinstance(parent, ast.Attribute) and parent.value is current:
            methods.append(parent.attr)
            current = parent
            continue
        if isinstance(parent, ast.Call) and parent.func is current:
            current = parent
            continue
        if isinstance(parent, ast.Subscript) and parent.value is current:
            current = parent
            continue
        return methods, current


def _inside_scoped_call(node: ast.AST, parents: dict) -> bool:
    current = node
    while current in parents:
        current = parents[current]
        if isinstance(current, ast.Call):
            func = current.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in UNDER_A_SCOPED_PARENT:
                return True
        if isinstance(current, ast.FunctionDef | ast.Module):
            return False
    return False


def unscoped_lookups(source: str, scoped: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    lines = source.splitlines()
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in scoped
        ):
            continue
        methods, outer = _chain_methods(node, parents)
        if "for_user" in methods or CREATING & set(methods[:1]) or _inside_scoped_call(outer, parents):
            continue
        span = lines[node.lineno - 1 : (outer.end_lineno or node.lineno)]
        if any("# unscoped:" in line for line in span):
            continue
        found.append((node.lineno, f"{node.value.id}.objects.{'.'.join(methods)}"))
    return found


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_views_read_scoped_models_through_their_scope(path):
    assert unscoped_lookups(path.read_text(), scoped_model_names()) == []


def test_the_check_finds_an_unscoped_lookup():
    source = """
def view(request, pk):
    a = Resident.objects.filter(pk=pk).first()
    b = Resident.objects.for_user(request.user).get(pk=pk)
    c = get_for_user(request, Resident.objects.select_related("x"), pk=pk)
    d = Exists(Stay.objects.filter(resident=OuterRef("pk")))
    e = Stay.objects.create(resident=b)
    f = Stay.objects.filter(token=pk)  # unscoped: the token is the key
    g = Room.objects.all()
"""
    assert unscoped_lookups(source, {"Resident", "Stay"}) == [(3, "Resident.objects.filter.first")]


def test_the_scoped_models_include_the_person_records():
    assert {"Resident", "Child", "Stay", "JournalEntry", "SupportContact", "Match", "Meeting"} <= scoped_model_names()
