"""Demo data for plans: goals and activities per stay, support log, orientation, safety plans,
self-assessments and weekly house meetings. Runs after the residents seeder; deterministic for a given rng."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from residents.models import Resident, Stay

from .models import (
    Activity,
    ActivityStatus,
    ActivityWho,
    Authority,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    LifeArea,
    MeetingTopic,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    PlanFollowUp,
    RiskTool,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
    SupportKind,
    item_points,
)

# (life area, goal in her words, activity, who, authority or role)
GOALS = [
    (LifeArea.SAFETY, "Jag vill känna mig trygg när jag går ut", "Gå igenom säkerhetsplanen", ActivityWho.STAFF, ""),
    (LifeArea.HOUSING, "Jag vill ha en egen lägenhet", "Ställa sig i bostadskö", ActivityWho.HERSELF, ""),
    (
        LifeArea.ECONOMY,
        "Jag vill ha ett eget id-kort och bankkonto",
        "Ansöka om id-kort",
        ActivityWho.AUTHORITY,
        "Skatteverket",
    ),
    (
        LifeArea.LEGAL,
        "Jag vill veta mina rättigheter vid skilsmässa",
        "Träffa advokat",
        ActivityWho.AUTHORITY,
        "Advokat",
    ),
    (LifeArea.HEALTH, "Jag vill sova bättre och äta regelbundet", "Boka tid på vårdcentralen", ActivityWho.HERSELF, ""),
    (LifeArea.LANGUAGE, "Jag vill prata svenska med barnens lärare", "Börja på SFI", ActivityWho.HERSELF, ""),
    (LifeArea.DIGITAL, "Jag vill kunna använda mobilt BankID", "Visa BankID i mobilen", ActivityWho.STAFF, ""),
    (
        LifeArea.WORK,
        "Jag vill skriva ett CV och söka jobb",
        "Skriva in sig",
        ActivityWho.AUTHORITY,
        "Arbetsförmedlingen",
    ),
    (LifeArea.CHILDREN, "Jag vill att barnen ska börja i skolan", "Kontakta skolan", ActivityWho.STAFF, ""),
    (
        LifeArea.SOCIAL,
        "Jag vill träffa andra och ha en fritid",
        "Promenader med kontaktkvinna",
        ActivityWho.VOLUNTEER,
        "",
    ),
]
PURPOSES = {
    Authority.POLICE: "Polisanmälan",
    Authority.TAX_AGENCY: "Ansöka om id-kort",
    Authority.MIGRATION_AGENCY: "Fråga om uppehållstillstånd",
    Authority.SOCIAL_SERVICES: "Möte om fortsatt placering",
    Authority.COURT: "Huvudförhandling",
    Authority.EMPLOYMENT_SERVICE: "Skriva in sig",
    Authority.LAWYER: "Rådgivning om vårdnad",
    Authority.HEALTH_CARE: "Läkarbesök",
    Authority.HOUSING_COMPANY: "Visning av lägenhet",
    Authority.BANK: "Öppna bankkonto",
    Authority.OTHER: "Ärende hos Försäkringskassan",
}
SCALE_LIMIT = {"demo": None, "large": 400, "national": 800}


def _answers_for(rng: random.Random, target: int) -> dict[str, int]:
    """Answers whose Rosenberg score is near `target` (10–40)."""
    answers = {}
    for n in range(1, 11):
        points = max(1, min(4, round(target / 10 + rng.uniform(-0.6, 0.6))))
        answers[f"item_{n}"] = item_points(n, points)  # the same mapping both ways
    return answers


def seed(*, scale: str, rng: random.Random, users: dict) -> None:
    if ImplementationPlan.objects.exists():
        return
    staff = [user for user in users.values() if user.is_staff_member or user.is_coordinator]
    if not staff:
        return
    today = timezone.localdate()
    stays = list(Stay.objects.select_related("resident").order_by("intake", "pk"))
    limit = SCALE_LIMIT.get(scale)
    if limit:
        stays = stays[-limit:]
    topics = list(OrientationTopic.objects.active())

    plans, goals, activities, follow_ups, support, progress, assessments = [], [], [], [], [], [], []
    for stay in stays:
        if stay.intake > today - timedelta(days=10) and rng.random() < 0.5:
            continue  # a new arrival may still be without a plan (the dashboard shows it)
        plans.append(ImplementationPlan(stay=stay, created_by=rng.choice(staff)))
    ImplementationPlan.objects.bulk_create(plans)

    for plan in plans:
        stay = plan.stay
        end = min(stay.discharge or today, today)
        if stay.discharge is None or stay.discharge > today:
            plan.next_follow_up_on = today + timedelta(days=rng.randint(-3, 30))
        for area, text, what, who, detail in rng.sample(GOALS, k=rng.randint(3, 6)):
            goals.append((plan, Goal(plan=plan, area=area, text=text), what, who, detail))
        for held in range(rng.randint(0, 2)):
            day = stay.intake + timedelta(days=30 * (held + 1))
            if day <= end:
                follow_ups.append(
                    PlanFollowUp(
                        plan=plan,
                        held_on=day,
                        note="Vi gick igenom planen tillsammans.",
                        she_took_part=True,
                        she_agreed=rng.random() < 0.9,
                        author=rng.choice(staff),
                    )
                )
    ImplementationPlan.objects.bulk_update([p for p in plans if p.next_follow_up_on], ["next_follow_up_on"])
    Goal.objects.bulk_create([goal for _plan, goal, *_rest in goals])
    for plan, goal, what, who, detail in goals:
        stay = plan.stay
        is_current = stay.discharge is None or stay.discharge > today
        when = stay.intake + timedelta(days=rng.randint(3, 60))
        if is_current:
            when = today + timedelta(days=rng.randint(-7, 14))
            status = rng.choice([ActivityStatus.PLANNED, ActivityStatus.ONGOING, ActivityStatus.DONE])
        else:
            status = rng.choice([ActivityStatus.DONE, ActivityStatus.DONE, ActivityStatus.DROPPED])
        activities.append(
            Activity(
                goal=goal,
                what=what,
                who=who,
                who_detail=detail,
                when=when,
                how="Tillsammans med personal" if who == ActivityWho.STAFF else "",
                status=status,
                follow_up_on=when + timedelta(days=14),
            )
        )
    Activity.objects.bulk_create(activities)
    PlanFollowUp.objects.bulk_create(follow_ups)

    for plan in plans:
        stay = plan.stay
        end = min(stay.discharge or today, today)
        span = max(1, (end - stay.intake).days)
        for _ in range(rng.randint(0, 4)):
            authority = rng.choice(list(Authority))
            support.append(
                SupportEntry(
                    resident=stay.resident,
                    kind=rng.choice([SupportKind.ACCOMPANIMENT, SupportKind.ACCOMPANIMENT, SupportKind.CONTACT]),
                    authority=authority,
                    purpose=PURPOSES[authority],
                    on=stay.intake + timedelta(days=rng.randint(0, span)),
                    staff_member=rng.choice(staff),
                    duration_minutes=rng.choice([20, 45, 60, 90, 120, 180]),
                    outcome="Ärendet gick framåt." if rng.random() < 0.5 else "",
                )
            )
        seen = set()
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(0, 6))):
            if (stay.resident_id, topic.pk) in seen:
                continue
            seen.add((stay.resident_id, topic.pk))
            progress.append(
                OrientationProgress(
                    resident=stay.resident,
                    topic=topic,
                    status=rng.choice([OrientationStatus.IN_PROGRESS, OrientationStatus.DONE]),
                    on=stay.intake + timedelta(days=rng.randint(0, span)),
                    updated_by=rng.choice(staff),
                )
            )
        start_score = rng.randint(14, 28)
        occasions = [("intake", stay.intake + timedelta(days=2), start_score)]
        if span > 60:
            occasions.append(("follow_up", stay.intake + timedelta(days=span // 2), start_score + rng.randint(-2, 6)))
        if stay.discharge and stay.discharge <= today:
            occasions.append(("discharge", stay.discharge - timedelta(days=1), start_score + rng.randint(-3, 10)))
        for occasion, day, target in occasions:
            if day > today:
                continue
            assessment = SelfAssessment(
                resident=stay.resident,
                occasion=occasion,
                answered_on=day,
                entered_by=rng.choice(staff),
                **_answers_for(rng, max(10, min(40, target))),
            )
            assessment.score = assessment.compute_score()  # bulk_create skips save()
            assessments.append(assessment)
    SupportEntry.objects.bulk_create(support)
    OrientationProgress.objects.bulk_create(progress, ignore_conflicts=True)
    SelfAssessment.objects.bulk_create(assessments)
    _safety_plans(rng=rng, staff=staff, today=today)
    _house_meetings(rng=rng, staff=staff, today=today)


def _safety_plans(*, rng: random.Random, staff: list, today: date) -> None:
    residents = Resident.objects.with_current(today).filter(is_current=True)
    SafetyPlan.objects.bulk_create(
        SafetyPlan(
            resident=resident,
            risk_assessed_on=today - timedelta(days=rng.randint(5, 60)),
            risk_assessed_by=rng.choice(["Socialtjänsten", "Personal på jouren"]),
            risk_tool=rng.choice([RiskTool.FREDA_DANGER, RiskTool.FREDA_SHORT, RiskTool.NONE]),
            measures="Går inte ensam till och från bussen. Ändrar tider för hämtning på förskolan.",
            code_words="Blå tröja",
            emergency_contacts="Personal i tjänst; polisen 112; hennes kontaktperson på socialtjänsten",
            location_services_checked=True,
            social_media_checked=rng.random() < 0.8,
            shared_accounts_checked=rng.random() < 0.6,
            car_gps_checked=rng.random() < 0.3,
            new_sim_considered=True,
            bankid_reviewed=rng.random() < 0.7,
            digital_checked_on=today - timedelta(days=rng.randint(1, 40)),
            digital_checked_by=rng.choice(staff),
            review_on=today + timedelta(days=rng.randint(-5, 40)),
            updated_by=rng.choice(staff),
        )
        for resident in residents
    )


def _house_meetings(*, rng: random.Random, staff: list, today: date) -> None:
    topics = list(MeetingTopic.values)
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 9):
        held_on = monday - timedelta(weeks=week) + timedelta(days=2)
        meeting = HouseMeeting.objects.create(
            held_on=held_on,
            topics=rng.sample(topics, k=2),
            other_topics=rng.choice(["", "Midsommar", "Lucia", "Valborg"]),
            minutes="Vi pratade om veckans ämnen och övade svenska tillsammans.",
            created_by=rng.choice(staff),
        )
        present = Resident.objects.with_current(held_on).filter(is_current=True)
        meeting.attendees.set([r for r in present if rng.random() < 0.7])
