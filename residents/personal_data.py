"""What the protected housing holds about a woman and her children, and what her erasure or purge keeps.

Read by jour/privacy (see jour/privacy/registry.py). Every field of every model here is classified;
a new field fails tests/privacy/test_registry.py until it is. Kept: what the reports count (birth
year, stays, nights, municipalities, where she moved). Gone: every name, number and text.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from jour.privacy.models import ErasureReason, RetentionPolicy
from jour.privacy.registry import (
    CHILD,
    LOCK_VERSION,
    NOBODY,
    RESIDENT,
    ROW_ID,
    WHEN_RECORDED,
    WORKER_LINK,
    Subject,
    blank,
    delete,
    erase,
    keep,
    not_erased,
    not_personal,
    registry,
    replace,
)

from .models import CaseNumberCounter, Child, ChildStay, JournalEntry, Resident, Room, Stay


def _open_stay_refusal(resident: Resident):
    if resident.stays.filter(discharge__isnull=True).exists():
        return _("She has an open stay. Discharge her before erasing her record.")
    return None


registry.subject(
    Subject(
        key=RESIDENT,
        model=Resident,
        label=_("Resident"),
        lookup_field="case_number",
        lookup_help=_("For example B-2026-014."),
        lookup_error=_("No resident has this case number."),
        erase_refusal=_open_stay_refusal,
        law_check=True,
        extract_file_prefix="registerutdrag-boende",
        erase_warning=_(
            "Her names, personal identity number, her own words, her children's names, the journal, the safety plan "
            "and every note are erased for good. Stays, nights, self-assessment scores and support given stay, "
            "without her identity. This cannot be undone."
        ),
    )
)

registry.register(
    Resident,
    about=RESIDENT,
    subjects={RESIDENT: ""},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "case_number": replace(
            lambda resident: f"X-{resident.pk}",
            "B-YYYY-NNN names her without her name (staff search it); her shell gets X-<id>",
        ),
        "first_name": blank(encrypted=True),
        "first_name_index": blank(
            "a keyed hash of her first name (the blind index search uses): unreadable without BLIND_INDEX_KEY"
        ),
        "last_name": blank(encrypted=True),
        "alias": blank(encrypted=True),
        "personnummer": blank(encrypted=True),
        "birth_year": keep("age groups in the reports"),
        "languages": blank("language codes from a fixed list"),
        "needs_interpreter": blank(),
        "country_of_birth": blank("a country code from a fixed list"),
        "years_in_sweden": blank(),
        "education_level": blank("a choice from a fixed list"),
        "protection_level": blank("a choice from a fixed list"),
        "contact_persons": blank(),
        "wishes": blank(encrypted=True),
        "dreams": blank(encrypted=True),
        "interests": blank(encrypted=True),
        "education_notes": blank(encrypted=True),
        "created_at": WHEN_RECORDED,
        "created_by": WORKER_LINK,
    },
)

registry.register(
    Child,
    about=CHILD,
    subjects={RESIDENT: "mother"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "mother": keep("the link to the mother's shell: children are counted with her stays"),
        "first_name": blank(encrypted=True),
        "birth_year": keep("age groups in the reports"),
        "protection_level": blank("a choice from a fixed list"),
        "designated_staff": blank(),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    Stay,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "resident": keep("the link to her shell"),
        "children": keep("the children's stays, counted as nights"),
        "room": keep("the room: occupancy and nights"),
        "intake": keep("nights per year"),
        "discharge": keep("nights per year"),
        "placed_by_social_services": keep("the report's placed / not placed split"),
        "decision_date": keep("a date, not identifying alone"),
        "placing_municipality": keep("the report counts per municipality"),
        "case_worker_contact": blank(encrypted=True),
        "home_municipality": keep("the report counts per municipality"),
        "discharge_destination": keep("where she moved: a choice counted in the reports"),
        "handed_over_on": keep("a date: the retention purge waits for the hand-over when the policy asks"),
        "created_at": WHEN_RECORDED,
        "created_by": WORKER_LINK,
    },
)

registry.register(
    ChildStay,
    about=CHILD,
    subjects={RESIDENT: "stay__resident"},
    fields={
        "id": ROW_ID,
        "child": keep("the child's nights"),
        "stay": keep("the child's nights"),
    },
)

registry.register(
    JournalEntry,
    about=RESIDENT,
    subjects={RESIDENT: ("resident", "child__mother")},
    fields={
        "lock_version": LOCK_VERSION,
        "id": delete(),
        "resident": delete(),
        "child": delete(),
        "entry_type": delete("a choice from a fixed list"),
        "text": delete(encrypted=True),
        "corrects": delete(),
        "author": delete(),
        "created_at": delete(),
        "updated_at": delete(),
    },
)

registry.register(
    Room,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("the room's label, e.g. 'Rum 3'; never an address"),
        "beds": not_personal("a number of beds"),
        "is_active": not_personal("whether the room is in use"),
    },
)

registry.register(
    CaseNumberCounter,
    about=NOBODY,
    fields={"year": not_personal("a year"), "last": not_personal("the last number handed out that year")},
)


# Retention ------------------------------------------------------------------------------------


def _ended_before(cutoff: dt.date) -> Q:
    """Her last stay ended (or, with none, her record was made) before the cutoff."""
    return Q(last_discharge__lt=cutoff) | Q(last_discharge__isnull=True, created_at__date__lt=cutoff)


def _cutoff(now: dt.datetime, years: int) -> dt.date:
    return (now - relativedelta(years=years)).date()


def expired_residents(*, policy: RetentionPolicy, now: dt.datetime):
    """No open stay, and the last stay ended before her cutoff: `placed_resident_years` when a stay of hers was
    placed by social services, else `resident_years`; with children, not before `child_years` either (her
    record holds theirs). When the policy asks for a hand-over, not before every placed stay is handed over."""
    open_stay = Stay.objects.filter(resident=OuterRef("pk"), discharge__isnull=True)
    placed_stays = Stay.objects.filter(resident=OuterRef("pk"), placed_by_social_services=True)
    residents = (
        Resident.objects.annotate(
            last_discharge=Max("stays__discharge"),
            placed=Exists(placed_stays),
            # Children whose own documentation is still kept (not yet purged by their own period).
            has_children=Exists(not_erased(Child.objects.filter(mother=OuterRef("pk")))),
        )
        .exclude(Exists(open_stay))
        .filter(
            (Q(placed=False) & _ended_before(_cutoff(now, policy.resident_years)))
            | (Q(placed=True) & _ended_before(_cutoff(now, policy.placed_resident_years)))
        )
        .filter(Q(has_children=False) | _ended_before(_cutoff(now, policy.child_years)))
    )
    if policy.handover_before_purge:
        residents = residents.exclude(Exists(placed_stays.filter(handed_over_on__isnull=True)))
    return not_erased(residents)


@registry.purger(Resident)
def purge_residents(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    residents = list(expired_residents(policy=policy, now=now))
    if not dry_run:
        for resident in residents:
            erase(RESIDENT, resident, reason=ErasureReason.RETENTION)
    return {"residents": [resident.case_number for resident in residents]}
