"""The inspection binder: one document for an IVO inspection or the municipality's quality follow-up.

Counts only, never a person: the permit and its places, occupancy over the year, the manager, routines with
their review dates, competence development and the volunteers' training, deviations and lex Sarah,
complaints, the children's placements, schooling and health examinations, and the placement requests. Each
gap is marked where it shows (a routine past its review, a child without a health examination offered, a
serious deviation not reported to IVO) and gathered at the top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jour.shelter.models import ShelterProfile
from reporting.models import CompetenceDevelopment, Deviation, DeviationKind, Feedback, FeedbackKind
from residents.stats import nights
from volunteers.stats import volunteer_statistics

from . import places
from .children import RULE_CHILDREN, children_statistics
from .models import LegalBasis, Permit, PermitChange, Premises, Routine, Schooling
from .requests import RULE_REQUESTS, request_statistics


@dataclass
class Binder:
    year: int
    start: dt.date
    end: dt.date
    today: dt.date
    association: str
    organisation_number: str
    sections: list[dict] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def section(self, key: str, title: str) -> dict:
        section = {"key": key, "title": title, "facts": [], "tables": [], "gaps": []}
        self.sections.append(section)
        return section

    def gap(self, section: dict, text: str) -> None:
        section["gaps"].append(text)
        self.gaps.append(f"{section['title']}: {text}")


def _date(day: dt.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "\u2013"


def _table(columns: list[str], rows: list[list], rule: str = "") -> dict:
    return {"columns": columns, "rows": [[str(cell) for cell in row] for row in rows], "rule": rule}


def build_binder(*, year: int, today: dt.date | None = None) -> Binder:
    today = today or timezone.localdate()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    profile = ShelterProfile.load()
    binder = Binder(year, start, end, today, profile.name, profile.organisation_number)
    _permit(binder)
    _occupancy(binder)
    _routines(binder)
    _competence(binder)
    _deviations(binder)
    _complaints(binder)
    _children(binder)
    _requests(binder)
    return binder


def _permit(binder: Binder) -> None:
    section = binder.section("permit", _("Permit, premises and manager"))
    permit = Permit.load()
    section["facts"] = [
        (_("Status"), permit.status),
        (_("IVO reference number"), permit.ivo_reference or "\u2013"),
        (_("Applied on"), _date(permit.applied_on)),
        (_("Date of IVO's decision"), _date(permit.decided_on)),
        (_("Manager (föreståndare)"), permit.manager_name or "\u2013"),
        (_("Manager since"), _date(permit.manager_since)),
        (_("Children take places"), _("Yes") if permit.children_take_places else _("No")),
    ]
    if not permit.decided_on and not permit.applied_on:
        binder.gap(section, _("No permit or application recorded."))
    if not permit.manager_name:
        binder.gap(section, _("No manager recorded."))
    usage = places.usage_on(binder.today)
    section["tables"].append(
        _table(
            [_("Premises"), _("Permitted places"), _("Rooms")],
            [[row.name, row.places, ""] for row in usage],
            _("Each premises of the permit by its name, never its address, with its permitted places."),
        )
    )
    rooms = dict(_rooms_per_premises())
    for row in section["tables"][0]["rows"]:
        row[2] = rooms.get(row[0], "")
    if not usage:
        binder.gap(section, _("No premises recorded: the permitted places are not checked."))
    changes = list(
        PermitChange.objects.filter(changed_at__date__range=(binder.start, binder.end)).order_by("changed_at", "id")
    )
    section["tables"].append(
        _table(
            [_("Recorded"), pgettext("permit", "Change"), _("Application to IVO sent"), _("IVO decided")],
            [
                [
                    _date(timezone.localtime(c.changed_at).date()),
                    c.description,
                    _date(c.application_sent_on),
                    _date(c.ivo_decided_on),
                ]
                for c in changes
            ],
            _("Changes of manager, premises and places recorded in the year."),
        )
    )
    for change in PermitChange.objects.order_by("changed_at", "id"):
        if change.needs_application:
            binder.gap(section, _("Application to IVO not recorded: %(change)s") % {"change": change.description})


def _rooms_per_premises():
    for premises in Premises.objects.prefetch_related("rooms").order_by("name"):
        yield premises.name, ", ".join(room.name for room in premises.rooms.all())


def _occupancy(binder: Binder) -> None:
    section = binder.section("occupancy", _("Occupancy over the year"))
    housed = nights(start=binder.start, end=binder.end, today=binder.today)
    section["facts"] = [
        (_("Women who lived here"), housed.adult_persons),
        (_("Children who lived here"), housed.child_persons),
        (_("Nights, women"), housed.adults),
        (_("Nights, children"), housed.children),
    ]
    for premises in places.usage_by_month(start=binder.start, end=binder.end, today=binder.today):
        rows = [
            [
                date_format(month.month, "F"),
                month.place_nights,
                month.used_nights,
                f"{month.rate_percent} %" if month.rate_percent is not None else "\u2013",
                f"{month.peak} / {premises.places}",
            ]
            for month in premises.months
            if month.nights
        ]
        section["tables"].append(
            _table(
                [premises.name, _("Place-nights"), _("Used"), _("Rate"), _("Peak night")],
                rows,
                _(
                    "Permitted places times the nights of the month, the places taken night by night, "
                    "the fullest night."
                ),
            )
        )
        over = sum(month.nights_over for month in premises.months)
        if over:
            binder.gap(
                section,
                _("%(premises)s had more persons than places on %(n)s nights.")
                % {"premises": premises.name, "n": over},
            )


def _routines(binder: Binder) -> None:
    section = binder.section("routines", _("Routines of the management system"))
    routines = list(Routine.objects.filter(is_active=True).select_related("owner").order_by("title"))
    section["tables"].append(
        _table(
            [_("Routine"), _("Owner"), _("Adopted"), _("Last reviewed"), _("Next review")],
            [
                [r.title, r.owner.display_name, _date(r.adopted_on), _date(r.last_reviewed_on), _date(r.next_review_on)]
                for r in routines
            ],
            _("Routines in force on the day the binder was made."),
        )
    )
    if not routines:
        binder.gap(section, _("No routines registered."))
    for routine in routines:
        if routine.next_review_on < binder.today:
            binder.gap(
                section,
                _("Past its review: %(title)s (%(date)s)")
                % {"title": routine.title, "date": _date(routine.next_review_on)},
            )


def _competence(binder: Binder) -> None:
    section = binder.section("competence", _("Competence development and training"))
    courses = CompetenceDevelopment.objects.filter(date__range=(binder.start, binder.end)).aggregate(
        n=Count("id"),
        hours=Sum("hours"),
        staff=Sum("staff_participants"),
        board=Sum("board_participants"),
        volunteers=Sum("volunteer_participants"),
    )
    volunteers = volunteer_statistics(start=binder.start, end=binder.end)
    section["facts"] = [
        (_("Courses and seminars"), courses["n"]),
        (_("Hours of courses"), courses["hours"] or 0),
        (_("Staff participations"), courses["staff"] or 0),
        (_("Board participations"), courses["board"] or 0),
        (_("Volunteer participations"), courses["volunteers"] or 0),
        (_("Study circles held"), volunteers.study_circles_held),
        (_("Contact women who completed the study circle"), volunteers.trained_in_period),
        (_("Study-circle hours attended"), volunteers.training_hours),
    ]
    if not courses["n"]:
        binder.gap(section, _("No competence development registered in the year."))


def _deviations(binder: Binder) -> None:
    section = binder.section("deviations", _("Deviations and lex Sarah"))
    entries = list(Deviation.objects.filter(date__range=(binder.start, binder.end)).order_by("date", "id"))
    deviations = [e for e in entries if e.kind == DeviationKind.DEVIATION]
    reports = [e for e in entries if e.kind == DeviationKind.LEX_SARAH]
    serious = [e for e in reports if e.serious]
    section["facts"] = [
        (_("Deviations"), len(deviations)),
        (_("Lex Sarah reports"), len(reports)),
        (_("of which decided"), sum(1 for e in reports if e.decided_on)),
        (_("of which serious"), len(serious)),
        (_("of which reported to IVO"), sum(1 for e in reports if e.reported_to_ivo)),
    ]
    labels = {"risk_assessed": _("risk assessment"), "investigated": _("investigation"), "ivo": _("report to IVO")}
    for report in serious:
        if not report.reported_to_ivo:
            binder.gap(
                section,
                _("A serious lex Sarah case of %(date)s is not reported to IVO.") % {"date": _date(report.date)},
            )
    for report in reports:
        for step in report.overdue(binder.today):
            if step != "ivo":
                binder.gap(
                    section,
                    _("Lex Sarah report of %(date)s: %(step)s past its deadline.")
                    % {"date": _date(report.date), "step": labels[step]},
                )


def _complaints(binder: Binder) -> None:
    section = binder.section("complaints", _("Feedback and complaints"))
    rows = dict(
        Feedback.objects.filter(date__range=(binder.start, binder.end))
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    open_complaints = Feedback.objects.filter(
        date__range=(binder.start, binder.end), kind=FeedbackKind.COMPLAINT, closed=False
    ).count()
    section["facts"] = [
        (_("Feedback"), rows.get(FeedbackKind.FEEDBACK, 0)),
        (_("Complaints"), rows.get(FeedbackKind.COMPLAINT, 0)),
        (_("Complaints not closed"), open_complaints),
    ]
    if open_complaints:
        binder.gap(section, _("%(n)s complaints of the year are not closed.") % {"n": open_complaints})


def _children(binder: Binder) -> None:
    section = binder.section("children", _("Children's placements, schooling and health"))
    stats = children_statistics(start=binder.start, end=binder.end)
    basis_labels = dict(LegalBasis.choices)
    schooling_labels = dict(Schooling.choices)
    section["facts"] = [(_("Children who lived here"), stats.children)]
    section["tables"].append(
        _table(
            [_("Decision basis"), _("Children")],
            [[basis_labels[value], stats.by_basis.get(value, 0)] for value in LegalBasis.values]
            + [[_("Not recorded"), stats.without_basis]],
            str(RULE_CHILDREN),
        )
    )
    section["tables"].append(
        _table(
            [_("Schooling during the stay"), _("Children")],
            [[schooling_labels[value], stats.by_schooling.get(value, 0)] for value in Schooling.values]
            + [[_("Not recorded"), stats.by_schooling.get("", 0)]],
        )
    )
    section["tables"].append(
        _table(
            [_("Health and the child's own plan"), _("Children")],
            [
                [_("Health examination offered"), stats.health_exam_offered],
                [_("Health examination done"), stats.health_exam_done],
                [_("With a plan of her or his own"), stats.with_plan],
                [_("With her or his views recorded"), stats.with_views],
            ],
        )
    )
    if stats.without_basis:
        binder.gap(section, _("%(n)s children without a recorded decision basis.") % {"n": stats.without_basis})
    missing_exam = stats.children - stats.health_exam_offered
    if missing_exam:
        binder.gap(section, _("%(n)s children without a health examination offered.") % {"n": missing_exam})
    if stats.by_schooling.get("", 0):
        binder.gap(section, _("%(n)s children without schooling recorded.") % {"n": stats.by_schooling[""]})


def _requests(binder: Binder) -> None:
    section = binder.section("requests", _("Placement requests"))
    stats = request_statistics(start=binder.start, end=binder.end)
    section["facts"] = [
        (_("Requests"), stats.requests),
        (_("Offered a place"), stats.offered),
        (_("Turned away"), stats.turned_away),
        (
            _("Mean time to answer, hours"),
            f"{stats.mean_hours_to_answer:.1f}".replace(".", ",")
            if stats.mean_hours_to_answer is not None
            else "\u2013",
        ),
    ]
    section["rule"] = str(RULE_REQUESTS)
