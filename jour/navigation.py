"""Which section of the main menu the current page belongs to, so the menu can mark it (aria-current)."""

from __future__ import annotations

from django.http import HttpRequest

# URL namespace → menu section. Plans are pages of a resident, except the staff's to-do dashboard.
SECTION_OF_NAMESPACE = {
    "calls": "calls",
    "residents": "residents",
    "plans": "residents",
    "volunteers": "volunteers",
    "reporting": "reporting",
    "directory": "directory",
    "shelter": "shelter",
    "privacy": "privacy",
    "audit": "audit",
    "regulation": "regulation",
}
SECTION_OF_VIEW = {
    "home": "home",
    "plans:dashboard": "todo",
    "accounts:user_list": "users",
    "accounts:user_create": "users",
    "accounts:user_edit": "users",
    "accounts:user_reset_2fa": "users",
}
# The coordinator's administration, grouped under one menu.
ADMIN_SECTIONS = frozenset({"shelter", "users", "privacy", "audit"})


def section_of(view_name: str) -> str:
    if view_name in SECTION_OF_VIEW:
        return SECTION_OF_VIEW[view_name]
    return SECTION_OF_NAMESPACE.get(view_name.split(":", 1)[0], "") if ":" in view_name else ""


def navigation(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    section = section_of(match.view_name) if match else ""
    return {"nav_section": section, "nav_in_admin": section in ADMIN_SECTIONS}
