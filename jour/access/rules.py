from __future__ import annotations

from dataclasses import dataclass

from jour.accounts.models import WORKING_ROLES, Role
from jour.audit.models import Action


@dataclass(frozen=True)
class Rule:
    """Who may open a view. Roles imply a logged-in account that has passed two-factor when required."""

    roles: frozenset[str] = frozenset()
    public: bool = False
    before_2fa: bool = False
    superuser: bool = False

    def allows_role(self, role: str) -> bool:
        return role in self.roles


def roles(*allowed: Role) -> Rule:
    return Rule(roles=frozenset(allowed))


PUBLIC = Rule(public=True)
# Any logged-in account, before two-factor is done: enrolment, verification, logout.
SIGNING_IN = Rule(before_2fa=True)
SUPERUSER = Rule(superuser=True)

COORDINATOR = roles(Role.COORDINATOR)
STAFF = roles(*WORKING_ROLES)  # everyone who works here: the coordinator can do everything staff can
VOLUNTEER = roles(Role.VOLUNTEER)
EVERYONE = roles(Role.COORDINATOR, Role.STAFF, Role.VOLUNTEER)


# What a successful GET of the page writes to the audit log (jour/access/middleware.py writes it).
READ = Action.VIEW  # the page shows a person's data
EXPORT = Action.EXPORT  # the page is a file leaving the system (PDF, CSV, XLSX, calendar)
NOT_AUDITED = None  # the page shows no one: menus, empty forms, aggregates, other shelters


@dataclass(frozen=True)
class Page:
    """One entry of the access policy: who may open the view, and whether its GET is audited.

    Both are stated for every view, so a page showing a person can only be added by saying so.
    """

    rule: Rule
    audit: Action | None
