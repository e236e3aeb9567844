"""How the audit log names residents' records: as files and logs name a woman (residents/disclosure.py, EXPORT):
her case number, or for a protected woman with an alias the alias — never a name."""

from django.utils import timezone

from jour.audit.labels import by_value, int_ids, labeller, reveal_reasons

from .choices import RevealReason
from .disclosure import Audience, WomanView, child_shown, woman_shown
from .models import Child, JournalEntry, Resident, Room, Stay

# The audit log says why a protected identity was revealed, in the words of the fixed list.
reveal_reasons(RevealReason.choices)


def woman(case_number, alias, protection_level) -> str:
    view = WomanView(pk=0, first_name="", alias=alias or "", protection_level=protection_level, case_number=case_number)
    return woman_shown(view, Audience.EXPORT)


def woman_labels(queryset, ids, path: str = "", *extra: str) -> dict[str, tuple]:
    """{id: (her label, *extra values)} for rows that lead to a woman through `path` (one query)."""
    prefix = f"{path}__" if path else ""
    fields = [f"{prefix}case_number", f"{prefix}alias", f"{prefix}protection_level", *extra]
    rows = queryset.filter(pk__in=int_ids(ids)).values_list("pk", *fields)
    return {str(pk): (woman(case, alias, level), *rest) for pk, case, alias, level, *rest in rows}


@labeller("residents.resident")
def residents(ids):
    return {pk: label for pk, (label,) in woman_labels(Resident.objects.all(), ids).items()}


@labeller("residents.child")
def children(ids):
    rows = woman_labels(Child.objects.all(), ids, "mother", "birth_year", "protection_level")
    return {
        pk: f"{mother} / {child_shown(_Child(year, level), Audience.EXPORT)}"
        for pk, (mother, year, level) in rows.items()
    }


class _Child:
    def __init__(self, birth_year, protection_level):
        self.birth_year, self.protection_level, self.first_name = birth_year, protection_level, ""


@labeller("residents.stay")
def stays(ids):
    rows = woman_labels(Stay.objects.all(), ids, "resident", "intake")
    return {pk: f"{label} {intake:%Y-%m-%d}" for pk, (label, intake) in rows.items()}


@labeller("residents.journalentry")
def journal_entries(ids):
    by_woman = woman_labels(JournalEntry.objects.filter(resident__isnull=False), ids, "resident", "created_at")
    by_child = woman_labels(JournalEntry.objects.filter(child__isnull=False), ids, "child__mother", "created_at")
    return {pk: f"{label} {timezone.localtime(at):%Y-%m-%d %H:%M}" for pk, (label, at) in (by_woman | by_child).items()}


@labeller("residents.room")
def rooms(ids):
    return by_value(Room.objects.all(), ids, "name")
