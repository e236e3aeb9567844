"""Demo data for the regulated service: the permit and one premises holding every room, the children's own
placements of the last year, two years of placement requests (the admitted ones linked to their stays), the
routines of the management system, a lex Sarah case on its way and last year's staffing.

At the large and national scales the same seed runs after the bulk loaders: the children and requests are
limited to the last two years, so it stays quick whatever the scale.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from jour.accounts.models import User
from jour.demo.registry import register
from jour.directory.models import ShelterListing
from jour.shelter.vocabulary import Competence
from reporting.models import Deviation, DeviationKind
from residents.models import ChildStay, Room, Stay

from .models import (
    ChildPlacement,
    ChildPlan,
    ChildView,
    Consent,
    LegalBasis,
    OtherGuardian,
    Permit,
    PlacementRequest,
    Premises,
    PremisesRoom,
    RequestOutcome,
    RequestSource,
    Routine,
    Schooling,
    StaffingYear,
    TurnedAwayReason,
    ViewsObtainedBy,
)

ROUTINES = [
    ("Rutin för lex Sarah", 12),
    ("Rutin för avvikelser och klagomål", 12),
    ("Säkerhetsrutin vid inskrivning", 12),
    ("Rutin för barnets egen placering, skolgång och hälsoundersökning", 12),
    ("Rutin vid hot och våld", 24),
    ("Brandskydd och utrymning", 12),
    ("Rutin för dokumentation och gallring", 24),
    ("Introduktion av ny personal och kontaktkvinnor", 12),
]
VIEWS = [
    "Jag vill gå i min gamla skola och träffa mina kompisar.",
    "Det är bra här, men jag saknar min katt.",
    "Jag ritade huset och mamma och mig. Jag vill att vi bor tillsammans.",
    "Jag vill inte att pappa ska veta var vi bor.",
]
REQUESTS_PER_YEAR = 60


def seed(*, scale: str, rng: random.Random, users: dict[str, User]) -> None:
    if Premises.objects.exists() or not Room.objects.exists():
        return
    today = timezone.localdate()
    coordinator = users["samordnare"]
    staff = [user for user in users.values() if user.works_here]
    _permit(today=today, rooms=Room.objects.filter(is_active=True))
    _children(rng=rng, today=today, staff=staff)
    _requests(rng=rng, today=today, by=coordinator)
    _routines(rng=rng, today=today, staff=staff)
    _lex_sarah(today=today, coordinator=coordinator)
    StaffingYear.objects.get_or_create(
        year=today.year - 1,
        defaults={
            "employees": 5,
            "full_time_equivalents": Decimal("4.2"),
            "other_volunteers": 9,
            "other_volunteer_hours": 640,
        },
    )


def _permit(*, today: dt.date, rooms) -> None:
    Permit.objects.update_or_create(
        id=Permit.SINGLETON_ID,
        defaults={
            "ivo_reference": "3.5.1-24681/2024",
            "applied_on": dt.date(2024, 7, 15),
            "decided_on": dt.date(2025, 2, 3),
            "manager_name": "Maria Lind",
            "manager_since": dt.date(2024, 1, 1),
            "children_take_places": True,
        },
    )
    # One premises holding every room, with as many places as beds: the rooms' rule already keeps it within.
    places = rooms.aggregate(beds=Sum("beds"))["beds"] or 1
    premises = Premises.objects.create(name="Huset", places=places)
    PremisesRoom.objects.bulk_create(PremisesRoom(premises=premises, room=room) for room in rooms)


def _children(*, rng: random.Random, today: dt.date, staff: list[User]) -> None:
    """Most children of the last year's stays have a complete placement; some show what is missing."""
    since = today - dt.timedelta(days=365)
    recent = ChildStay.objects.filter(Q(stay__discharge__isnull=True) | Q(stay__discharge__gt=since)).select_related(
        "stay", "child"
    )
    placements, plans, views = [], [], []
    for child_stay in recent.order_by("stay__intake", "id")[:2000]:
        stay = child_stay.stay
        draw = rng.random()
        if draw < 0.1:
            continue  # nothing recorded yet: flagged
        basis = rng.choices(
            [LegalBasis.SOL_CONSENT, LegalBasis.LAW_2024_79, LegalBasis.LAW_2024_79_IMMEDIATE, LegalBasis.NO_DECISION],
            weights=[6, 3, 1, 1],
        )[0]
        decided = basis != LegalBasis.NO_DECISION
        age = stay.intake.year - child_stay.child.birth_year
        schooling = Schooling.NOT_OF_AGE if age < 1 else rng.choice([Schooling.CONTINUED, Schooling.TEMPORARY])
        offered = stay.intake + dt.timedelta(days=rng.randint(3, 20))
        placements.append(
            ChildPlacement(
                child_stay=child_stay,
                legal_basis=basis,
                deciding_municipality_id=stay.placing_municipality_id if decided else None,
                committee="Socialnämnden" if decided and stay.placing_municipality_id else "",
                decision_date=stay.decision_date or stay.intake if decided and stay.placing_municipality_id else None,
                accompanying_guardian_consent=Consent.GIVEN,
                other_guardian=OtherGuardian.OTHER_PARENT,
                other_guardian_consent=Consent.GIVEN if basis == LegalBasis.SOL_CONSENT else Consent.REFUSED,
                other_guardian_is_fled=basis != LegalBasis.SOL_CONSENT,
                schooling=schooling if draw > 0.15 else "",
                health_exam_offered_on=offered if draw > 0.2 and offered < today else None,
                health_exam_done_on=offered + dt.timedelta(days=7)
                if draw > 0.4 and offered + dt.timedelta(days=7) < today
                else None,
            )
        )
        if draw > 0.25:
            plans.append(
                ChildPlan(
                    child_stay=child_stay,
                    goals="Trygghet, skolgång och tid att leka.",
                    activities="Barnsamtal varannan vecka med ansvarig personal; kontakt med skolan.",
                    next_follow_up_on=today + dt.timedelta(days=rng.randint(7, 60)),
                )
            )
        if draw > 0.3 and staff:
            views.append(
                ChildView(
                    child_stay=child_stay,
                    recorded_on=min(stay.intake + dt.timedelta(days=rng.randint(2, 14)), today),
                    obtained_by=ViewsObtainedBy.DRAWING_OR_PLAY if age < 7 else ViewsObtainedBy.CONVERSATION,
                    text=rng.choice(VIEWS),
                    recorded_by=rng.choice(staff),
                )
            )
    ChildPlacement.objects.bulk_create(placements)
    ChildPlan.objects.bulk_create(plans)
    ChildView.objects.bulk_create(views)


def _requests(*, rng: random.Random, today: dt.date, by: User) -> None:
    """Two years of requests: each social-services stay began with an admitted request; many more turned away."""
    tz = timezone.get_current_timezone()
    since = dt.date(today.year - 1, 1, 1)
    requests = []
    for stay in Stay.objects.filter(intake__gte=since, intake__lte=today, placed_by_social_services=True)[:500]:
        received = dt.datetime.combine(stay.intake - dt.timedelta(days=1), dt.time(rng.randint(8, 16)), tzinfo=tz)
        requests.append(
            PlacementRequest(
                received_at=received,
                source=RequestSource.SOCIAL_SERVICES,
                municipality_id=stay.placing_municipality_id,
                adults=1,
                children=stay.child_stays.count(),
                outcome=RequestOutcome.ADMITTED,
                answered_at=received + dt.timedelta(hours=rng.randint(1, 5)),
                stay=stay,
                created_by=by,
            )
        )
    listings = list(ShelterListing.objects.values_list("pk", flat=True)[:20])
    outcomes = [RequestOutcome.TURNED_AWAY] * 6 + [RequestOutcome.REFERRED] * 2 + [RequestOutcome.WITHDRAWN]
    outcomes += [RequestOutcome.DECLINED]
    now = timezone.now()
    for year in (today.year - 1, today.year):
        for _ in range(REQUESTS_PER_YEAR):
            received = dt.datetime.combine(
                dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)), dt.time(rng.randint(0, 23)), tzinfo=tz
            )
            if received > now - dt.timedelta(hours=6):
                continue
            outcome = rng.choice(outcomes)
            if outcome == RequestOutcome.REFERRED and not listings:
                outcome = RequestOutcome.TURNED_AWAY
            requests.append(
                PlacementRequest(
                    received_at=received,
                    source=rng.choices(
                        [
                            RequestSource.SOCIAL_SERVICES,
                            RequestSource.HERSELF,
                            RequestSource.OTHER_JOUR,
                            RequestSource.OTHER,
                        ],
                        weights=[7, 2, 1, 1],
                    )[0],
                    municipality_id=rng.choice(["0136", "0126", "0180", "0127", "0138"]),
                    adults=1,
                    children=rng.choice([0, 0, 1, 1, 2, 3]),
                    needs=rng.sample(Competence.values, k=rng.choice([0, 0, 1, 2])),
                    outcome=outcome,
                    turned_away_reason=rng.choices(
                        [
                            TurnedAwayReason.FULL,
                            TurnedAwayReason.COMPETENCE,
                            TurnedAwayReason.SECURITY,
                            TurnedAwayReason.OTHER,
                        ],
                        weights=[8, 2, 1, 1],
                    )[0]
                    if outcome == RequestOutcome.TURNED_AWAY
                    else "",
                    referred_to_id=rng.choice(listings) if outcome == RequestOutcome.REFERRED else None,
                    answered_at=received + dt.timedelta(minutes=rng.randint(10, 240)),
                    created_by=by,
                )
            )
    PlacementRequest.objects.bulk_create(requests)


def _routines(*, rng: random.Random, today: dt.date, staff: list[User]) -> None:
    routines = []
    for index, (title, months) in enumerate(ROUTINES):
        adopted = today - dt.timedelta(days=700 + 30 * index)
        reviewed = today - dt.timedelta(days=20 + 40 * index)
        routine = Routine(
            title=title,
            owner=staff[index % len(staff)],
            adopted_on=adopted,
            review_every_months=months,
            last_reviewed_on=reviewed,
            next_review_on=reviewed,
            kept_at="Ledningssystemet, pärm 1" if index % 2 else "Servern: Kvalitet/Rutiner",
        )
        routine.mark_reviewed(reviewed)
        routines.append(routine)
    # One routine whose review has slipped: the overview and the binder show it.
    routines[-1].next_review_on = today - dt.timedelta(days=12)
    Routine.objects.bulk_create(routines)


def _lex_sarah(*, today: dt.date, coordinator: User) -> None:
    received = today - dt.timedelta(days=9)
    Deviation.objects.create(
        date=received,
        kind=DeviationKind.LEX_SARAH,
        reporter=coordinator.display_name,
        what_happened="Ett larm till en lägenhet var avstängt i två dygn utan att någon märkte det.",
        received_on=received,
        risk_assessed_on=received + dt.timedelta(days=1),
        serious=None,
    )


register("regulation", seed=seed, after=["residents", "plans", "calls", "directory", "volunteers"])
