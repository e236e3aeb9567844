"""What each audience is shown of a woman or a child — the one place that decides it.

A woman in protected housing may have a protected identity (sekretessmarkering, skyddad folkbokföring). Who
may learn what of her is decided here, for each audience, and nowhere else: pages and PDFs call `woman_shown`
and `child_shown` (templates: `{{ resident|woman_shown:"staff_list" }}`), never compose names themselves.

| audience       | a woman                                              | a child                  |
|----------------|------------------------------------------------------|--------------------------|
| STAFF_LIST     | first name and surname; protected: first name + ***  | first name               |
| BOARD          | first name (the occupancy board, seen across a room) | first name               |
| RECORD         | as STAFF_LIST, the full name for her contact persons | first name               |
|                | and the coordinator, or after an audited reveal      |                          |
| VOLUNTEER      | her alias, else her first name; protected without    | "a child born YYYY"      |
|                | an alias: "(alias not yet chosen)" — never a surname |                          |
|                | or case number                                       |                          |
| PRINTED_COPY   | her alias, else her first name; protected without    | first name; protected:   |
| (her own copy) | an alias: nothing                                    | "a child born YYYY"      |
| EXPORT         | case number; protected with an alias: the alias      | "a child born YYYY"      |
| (files, logs)  |                                                      |                          |

Her case number follows the same table through `case_number_shown`: never to a contact woman, and not on
her printed copy when she is protected (a lost paper must not lead to her).

Both functions take anything with the attributes they read (a model instance or a `WomanView`), so a contact
woman's pages can work from a projection that holds nothing else of the woman's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from .choices import ProtectionLevel


class Audience(StrEnum):
    STAFF_LIST = "staff_list"
    BOARD = "board"
    RECORD = "record"
    VOLUNTEER = "volunteer"
    PRINTED_COPY = "printed_copy"
    EXPORT = "export"


MASK = "***"


@dataclass(frozen=True)
class WomanView:
    """The least of a woman that any audience's name needs: what a contact woman's pages load of her."""

    pk: int
    first_name: str
    alias: str
    protection_level: str
    last_name: str = ""
    case_number: str = ""

    @property
    def is_protected(self) -> bool:
        return self.protection_level != ProtectionLevel.NONE

    # The fields a WomanView is read from (values()/values_list() under a relation's path).
    FIELDS = ("pk", "first_name", "alias", "protection_level")


def _is_protected(person) -> bool:
    return person.protection_level != ProtectionLevel.NONE


def may_see_identity(resident, user, *, contact_person_ids=None) -> bool:
    """Her surname and personnummer: for everyone who works here if she is not protected, else only for her
    contact persons and the coordinator (others reveal them with an audited reason).

    Pass `contact_person_ids` when they are loaded already, to spare a query."""
    if not (user and user.is_authenticated and user.works_here):
        return False
    if not _is_protected(resident) or user.is_coordinator:
        return True
    if contact_person_ids is None:
        return resident.contact_persons.filter(pk=user.pk).exists()
    return user.pk in contact_person_ids


def woman_shown(resident, audience: Audience | str, *, user=None, revealed: bool = False) -> str:
    audience = Audience(audience)
    protected = _is_protected(resident)
    if audience == Audience.BOARD:
        return resident.first_name
    if audience in (Audience.STAFF_LIST, Audience.RECORD):
        if audience == Audience.RECORD and (revealed or (user is not None and may_see_identity(resident, user))):
            return f"{resident.first_name} {resident.last_name}"
        return f"{resident.first_name} {MASK}" if protected else f"{resident.first_name} {resident.last_name}"
    if audience == Audience.VOLUNTEER:
        if resident.alias:
            return resident.alias
        return _("(alias not yet chosen)") if protected else resident.first_name
    if audience == Audience.PRINTED_COPY:
        if resident.alias:
            return resident.alias
        return "" if protected else resident.first_name
    # EXPORT
    return resident.alias if protected and resident.alias else resident.case_number


def case_number_shown(resident, audience: Audience | str) -> str:
    audience = Audience(audience)
    if audience == Audience.VOLUNTEER or (audience == Audience.PRINTED_COPY and _is_protected(resident)):
        return ""
    return resident.case_number


def child_shown(child, audience: Audience | str) -> str:
    audience = Audience(audience)
    anonymous = _("a child born %(year)s") % {"year": child.birth_year}
    if audience in (Audience.STAFF_LIST, Audience.BOARD, Audience.RECORD):
        return child.first_name
    if audience == Audience.PRINTED_COPY and not _is_protected(child):
        return child.first_name
    return anonymous
