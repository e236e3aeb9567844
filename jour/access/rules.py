from __future__ import annotations

from dataclasses import dataclass

from jour.accounts.models import Role


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
STAFF = roles(Role.COORDINATOR, Role.STAFF)  # the coordinator can do everything staff can
VOLUNTEER = roles(Role.VOLUNTEER)
EVERYONE = roles(Role.COORDINATOR, Role.STAFF, Role.VOLUNTEER)
