"""How the audit log names residents' records: by case number, never by a name (jour/audit/labels.py)."""

from django.utils import timezone

from jour.audit.labels import by_value, int_ids, labeller

from .models import Child, JournalEntry, Resident, Room, Stay


@labeller("residents.resident")
def residents(ids):
    return by_value(Resident.objects.all(), ids, "case_number")


@labeller("residents.child")
def children(ids):
    return {pk: f"{case} / {pk}" for pk, case in by_value(Child.objects.all(), ids, "mother__case_number").items()}


@labeller("residents.stay")
def stays(ids):
    return {
        str(pk): f"{case} {intake:%Y-%m-%d}"
        for pk, case, intake in Stay.objects.filter(pk__in=int_ids(ids)).values_list(
            "pk", "resident__case_number", "intake"
        )
    }


@labeller("residents.journalentry")
def journal_entries(ids):
    rows = JournalEntry.objects.filter(pk__in=int_ids(ids)).values_list(
        "pk", "resident__case_number", "child__mother__case_number", "child_id", "created_at"
    )
    return {
        str(pk): f"{case or f'{mother} / {child}'} {timezone.localtime(at):%Y-%m-%d %H:%M}"
        for pk, case, mother, child, at in rows
    }


@labeller("residents.room")
def rooms(ids):
    return by_value(Room.objects.all(), ids, "name")
