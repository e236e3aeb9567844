"""What is missing in a child's own placement, and the children's figures of a period, in SQL.

A child's stay is flagged when its decision basis, schooling, health examination, plan or own views are
not recorded: each is a duty of the stay (prop. 2023/24:31; SOSFS 2014:5 on documenting a child's views).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from residents.models import ChildStay, Stay

from .models import ChildView, LegalBasis, Schooling

FLAG_LABELS = {
    "no_basis": _("No decision basis recorded"),
    "no_schooling": _("Schooling not recorded"),
    "no_health_exam": _("No health examination offered"),
    "no_plan": _("No plan of her or his own"),
    "no_views": _("The child's views not recorded"),
}


def flags(child_stay: ChildStay) -> list[str]:
    """The flags of one child's stay; needs `placement` and `plan` loaded and `views_count` annotated."""
    placement = getattr(child_stay, "placement", None)
    plan = getattr(child_stay, "plan", None)
    found = []
    if placement is None or not placement.legal_basis:
        found.append("no_basis")
    if placement is None or not placement.schooling:
        found.append("no_schooling")
    if placement is None or not placement.health_exam_offered_on:
        found.append("no_health_exam")
    if plan is None or not plan.goals:
        found.append("no_plan")
    if not getattr(child_stay, "views_count", 0):
        found.append("no_views")
    return found


def flag_labels(codes: list[str]) -> list[str]:
    return [str(FLAG_LABELS[code]) for code in codes]


def child_stays_with_placement(queryset):
    """Child stays with what flags() reads, in one query (the encrypted texts are not decrypted)."""
    return (
        queryset.select_related("child", "stay__resident", "placement", "plan")
        .defer("placement__schooling_note", "plan__activities")
        .annotate(views_count=Count("views"))
    )


def flagged(queryset):
    """The child stays that flags() flags, decided in SQL by the same five duties: to count them without
    loading every child's stay, her mother and their names (the start page and the overview only count)."""
    return queryset.filter(
        Q(placement__isnull=True)
        | Q(placement__legal_basis="")
        | Q(placement__schooling="")
        | Q(placement__health_exam_offered_on__isnull=True)
        | Q(plan__isnull=True)
        | Q(plan__goals="")  # encrypted, but empty stays empty
        | ~Exists(ChildView.objects.filter(child_stay=OuterRef("pk")))
    )


def _current(*, on: dt.date, user):
    return ChildStay.objects.filter(stay__in=Stay.objects.for_user(user).current(on))


def current_child_stays(*, on: dt.date, user):
    """The child stays of the children living here on `on`, oldest child first per stay, scoped to the user."""
    return child_stays_with_placement(_current(on=on, user=user)).order_by(
        "stay__intake", "stay_id", "child__birth_year", "child_id"
    )


def count_flagged(*, on: dt.date, user) -> int:
    """How many of current_child_stays() flags() would flag, in one COUNT."""
    return flagged(_current(on=on, user=user)).count()


@dataclass(frozen=True)
class ChildrenStatistics:
    """Children with a stay overlapping the period, each counted once (at her or his latest stay in it)."""

    children: int = 0
    by_basis: dict[str, int] = field(default_factory=dict)  # LegalBasis value or "" (not recorded)
    by_schooling: dict[str, int] = field(default_factory=dict)  # Schooling value or ""
    health_exam_offered: int = 0
    health_exam_done: int = 0
    with_plan: int = 0
    with_views: int = 0

    @property
    def without_basis(self) -> int:
        return self.by_basis.get("", 0)


RULE_CHILDREN = _(
    "Children whose stay overlaps the period, each counted once at the latest such stay: its decision basis, "
    "schooling and health examination as recorded on the child's placement; a plan and views when recorded for "
    "the stay."
)


def children_statistics(*, start: dt.date, end: dt.date) -> ChildrenStatistics:
    """The children's figures of start..end (inclusive) in one query."""
    overlapping = ChildStay.objects.filter(stay__intake__lte=end).filter(
        Q(stay__discharge__isnull=True) | Q(stay__discharge__gt=start)
    )
    # Each child at her or his latest stay overlapping the period.
    later = overlapping.filter(child=OuterRef("child"), stay__intake__gt=OuterRef("stay__intake"))
    latest = overlapping.exclude(Exists(later))
    views = ChildView.objects.filter(child_stay=OuterRef("pk"))
    rows = (
        latest.annotate(has_views=Exists(views))
        .values("placement__legal_basis", "placement__schooling")
        .annotate(
            n=Count("child", distinct=True),
            offered=Count("child", distinct=True, filter=Q(placement__health_exam_offered_on__isnull=False)),
            done=Count("child", distinct=True, filter=Q(placement__health_exam_done_on__isnull=False)),
            plans=Count("child", distinct=True, filter=Q(plan__isnull=False)),
            viewed=Count("child", distinct=True, filter=Q(has_views=True)),
        )
        .order_by()
    )
    by_basis = {value: 0 for value in ["", *LegalBasis.values]}
    by_schooling = {value: 0 for value in ["", *Schooling.values]}
    totals = {"n": 0, "offered": 0, "done": 0, "plans": 0, "viewed": 0}
    for row in rows:
        by_basis[row["placement__legal_basis"] or ""] += row["n"]
        by_schooling[row["placement__schooling"] or ""] += row["n"]
        for key in totals:
            totals[key] += row[key]
    return ChildrenStatistics(
        children=totals["n"],
        by_basis=by_basis,
        by_schooling=by_schooling,
        health_exam_offered=totals["offered"],
        health_exam_done=totals["done"],
        with_plan=totals["plans"],
        with_views=totals["viewed"],
    )
