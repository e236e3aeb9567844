"""Finding a contact woman for a resident: hard rules first, then a transparent score.

Every point of the score comes with a reason shown to staff, so a ranking can be explained
and questioned. The same hard rules guard `services.match_propose`, so a crafted POST cannot
match someone the screen would not offer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from residents.choices import LANGUAGE_CHOICES

from .models import AVAILABILITY_CHOICES, OPEN_MATCH_STATUSES, HelpArea, Match, VolunteerProfile

# Points per criterion. Kept small and additive so staff can follow the sum.
POINTS_LANGUAGE = 30  # she and the woman share a language she wished for
POINTS_ACTIVITY = 10  # per wished activity the contact woman can help with
POINTS_TIME = 5  # per wished time slot the contact woman is available
MAX_TIME_POINTS = 25
POINTS_INTEREST = 5  # per shared interest word
MAX_INTEREST_POINTS = 15

_LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
_ACTIVITY_NAMES = dict(HelpArea.choices)
_SLOT_NAMES = dict(AVAILABILITY_CHOICES)


@dataclass(frozen=True)
class Wishes:
    """What the woman wishes, entered by staff on the matching screen."""

    languages: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    interests: str = ""
    not_wanted: str = ""
    interpreter_arranged: bool = False


@dataclass
class Candidate:
    volunteer: VolunteerProfile
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    open_matches: int = 0


@dataclass
class Excluded:
    volunteer: VolunteerProfile
    reasons: list[str]


def _names(codes, names: dict) -> str:
    """Labels for use inside a sentence: Swedish writes languages and activities in lower case."""
    labels = [str(names.get(code, code)) for code in codes]
    if (get_language() or "").startswith("sv"):
        labels = [label[:1].lower() + label[1:] for label in labels]
    return ", ".join(labels)


def _interest_words(text: str) -> set[str]:
    return {word.strip(".,;:!?()").lower() for word in (text or "").split() if len(word.strip(".,;:!?()")) >= 4}


def _candidates_queryset(resident):
    earlier = Match.objects.filter(volunteer=OuterRef("pk"), resident=resident)
    return (
        VolunteerProfile.objects.eligible()
        .select_related("user")
        .annotate(
            open_matches=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES), distinct=True),
            matched_before=Exists(earlier),
        )
        .order_by("user__first_name", "pk")
    )


def hard_rule_problems(volunteer: VolunteerProfile, wishes: Wishes, *, matched_before: bool, open_matches: int):
    """Why this (eligible) contact woman cannot be proposed; empty when she can."""
    problems = []
    if open_matches >= volunteer.capacity:
        problems.append(
            _("No capacity left (%(open)s of %(capacity)s).") % {"open": open_matches, "capacity": volunteer.capacity}
        )
    if matched_before:
        problems.append(_("She has already been matched with this woman."))
    if wishes.languages and not wishes.interpreter_arranged and not set(wishes.languages) & set(volunteer.languages):
        problems.append(_("No shared language, and no interpreter is arranged."))
    return problems


def score(volunteer: VolunteerProfile, wishes: Wishes) -> tuple[int, list[str]]:
    points, reasons = 0, []
    shared = [code for code in wishes.languages if code in volunteer.languages]
    if shared:
        points += POINTS_LANGUAGE
        reasons.append(
            format_lazy(
                "{} (+{})", _("Speaks %(languages)s") % {"languages": _names(shared, _LANGUAGE_NAMES)}, POINTS_LANGUAGE
            )
        )
    elif wishes.interpreter_arranged and wishes.languages:
        reasons.append(_("No shared language; an interpreter is arranged (+0)"))
    activities = [code for code in wishes.activities if code in volunteer.help_areas]
    if activities:
        gained = POINTS_ACTIVITY * len(activities)
        points += gained
        reasons.append(
            format_lazy(
                "{} (+{})",
                _("Can help with %(activities)s") % {"activities": _names(activities, _ACTIVITY_NAMES)},
                gained,
            )
        )
    times = [slot for slot in wishes.times if slot in volunteer.availability]
    if times:
        gained = min(MAX_TIME_POINTS, POINTS_TIME * len(times))
        points += gained
        reasons.append(
            format_lazy(
                "{} (+{})",
                _("Available %(count)s of %(wished)s wished times")
                % {"count": len(times), "wished": len(wishes.times)},
                gained,
            )
        )
    common = sorted(_interest_words(wishes.interests) & _interest_words(volunteer.interests))
    if common:
        gained = min(MAX_INTEREST_POINTS, POINTS_INTEREST * len(common))
        points += gained
        reasons.append(format_lazy("{} (+{})", _("Shared interests: %(words)s") % {"words": ", ".join(common)}, gained))
    return points, [str(reason) for reason in reasons]


def rank_candidates(*, resident, wishes: Wishes) -> tuple[list[Candidate], list[Excluded]]:
    """Eligible contact women who pass the hard rules, best first; and those excluded, with why.

    Ties go to the one with fewer open matches, then by name. One query.
    """
    ranked: list[Candidate] = []
    excluded: list[Excluded] = []
    for volunteer in _candidates_queryset(resident):
        problems = hard_rule_problems(
            volunteer, wishes, matched_before=volunteer.matched_before, open_matches=volunteer.open_matches
        )
        if problems:
            excluded.append(Excluded(volunteer, problems))
            continue
        points, reasons = score(volunteer, wishes)
        ranked.append(Candidate(volunteer, points, reasons, volunteer.open_matches))
    ranked.sort(key=lambda c: (-c.score, c.open_matches, c.volunteer.user.first_name, c.volunteer.pk))
    return ranked, excluded


def candidate_problems(*, volunteer: VolunteerProfile, resident, wishes: Wishes) -> list[str]:
    """Every reason this volunteer may not be proposed for this resident (eligibility and hard rules)."""
    problems = [str(p) for p in volunteer.eligibility_problems()]
    open_matches = volunteer.matches.filter(status__in=OPEN_MATCH_STATUSES).count()
    matched_before = volunteer.matches.filter(resident=resident).exists()
    problems += [
        str(p) for p in hard_rule_problems(volunteer, wishes, matched_before=matched_before, open_matches=open_matches)
    ]
    return problems
