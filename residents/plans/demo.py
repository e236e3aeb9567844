"""Demo data for plans: goals and activities per stay, support log, orientation, safety plans,
self-assessments and weekly house meetings. Runs after the residents seeder; deterministic for a given rng.

The demo scale (`seed`) through the models; the large and national scales (`seed_bulk`) with COPY
(jour/demo/bulk.py), for the stays the residents' bulk seeder made.
"""

from __future__ import annotations

import bisect
import random
from datetime import date, timedelta

from django.utils import timezone

from jour.crypto import encrypt
from jour.demo.bulk import BulkPart, BulkRun, aware
from jour.demo.registry import register
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
    Occasion,
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
    staff = [user for user in users.values() if user.works_here]
    if not staff:
        return
    today = timezone.localdate()
    stays = list(Stay.objects.select_related("resident").order_by("intake", "pk"))
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


# -- the large and national scales: COPY ------------------------------------------------------------------

GOAL_IN_AREA = {area: (text, what) for area, text, what, _who, _detail in GOALS}


class _Bulk(BulkPart):
    name = "plans"

    def load(self) -> None:
        slots = self.run.shared["residents.stays"]
        recent = self.today - timedelta(days=3 * 365)
        plan_slots = [s for s in slots if self.rng.random() < (0.7 if s.intake >= recent else 0.2)]
        self._plans(plan_slots)
        self._support(plan_slots)
        self._house_meetings(slots)

    def _plans(self, plan_slots: list) -> None:
        """A plan for most recent stays (fewer older ones), its goals, activities, follow-ups and
        her self-assessments at intake and discharge."""
        rng, staff = self.rng, self.staff_ids
        plan_ids = self.loader.ids(ImplementationPlan, len(plan_slots))
        plans, goals, activities, follow_ups, assessments = [], [], [], [], []
        goal_id = iter(self.loader.ids(Goal, len(plan_slots) * 4))
        activity_id = iter(self.loader.ids(Activity, len(plan_slots) * 8))
        follow_id = iter(self.loader.ids(PlanFollowUp, len(plan_slots) * 2))
        for pk, slot in zip(plan_ids, plan_slots, strict=True):
            end = slot.discharge or self.today
            length = max(1, (end - slot.intake).days)
            created = aware(slot.intake + timedelta(days=min(length - 1, rng.randint(1, 10))), 11)
            open_stay = slot.discharge is None or slot.discharge > self.today
            next_follow_up = self.today + timedelta(days=rng.randint(3, 40)) if open_stay else None
            plans.append((pk, slot.id, next_follow_up, created, rng.choice(staff), created))
            for area in rng.sample(LifeArea.values, k=rng.randint(2, 4)):
                gid = next(goal_id)
                text, what = GOAL_IN_AREA[area]
                goals.append((gid, pk, area, encrypt(text), created))
                for _ in range(rng.randint(1, 2)):
                    when = slot.intake + timedelta(days=rng.randint(3, max(3, length)))
                    if when < self.today:
                        status = ActivityStatus.DONE
                    else:
                        status = rng.choice([ActivityStatus.PLANNED, ActivityStatus.ONGOING])
                    activities.append(
                        (next(activity_id), gid, what, rng.choice(ActivityWho.values), when, status, created)
                    )
            for k in range(rng.randint(0, 2)):
                held = slot.intake + timedelta(days=min(length, 30 * (k + 1)))
                if held <= self.today:
                    note = encrypt("Gick igenom planen tillsammans.")
                    follow_ups.append((next(follow_id), pk, held, note, rng.choice(staff), aware(held, 13)))
            assessments.extend(self._self_assessments(slot, open_stay, length))
        self.loader.copy(
            ImplementationPlan,
            ["id", "stay_id", "next_follow_up_on", "created_at", "created_by_id", "updated_at"],
            plans,
        )
        self.loader.copy(Goal, ["id", "plan_id", "area", "text", "created_at"], goals)
        self.loader.copy(Activity, ["id", "goal_id", "what", "who", "when", "status", "created_at"], activities)
        self.loader.copy(PlanFollowUp, ["id", "plan_id", "held_on", "note", "author_id", "created_at"], follow_ups)
        ids = self.loader.ids(SelfAssessment, len(assessments))
        self.loader.copy(
            SelfAssessment,
            ["id", "resident_id", "occasion", "answered_on"]
            + [f"item_{n}" for n in range(1, 11)]
            + ["score", "entered_by_id", "created_at"],
            ((pk, *row) for pk, row in zip(ids, assessments, strict=True)),
        )
        self.step(
            f"{len(plans):,} plans, {len(goals):,} goals, {len(activities):,} activities, "
            f"{len(assessments):,} self-assessments"
        )

    def _self_assessments(self, slot, open_stay: bool, length: int) -> list[tuple]:
        rng = self.rng
        rows = []
        occasions = [(Occasion.INTAKE, slot.intake)]
        if not open_stay and length > 14:
            occasions.append((Occasion.DISCHARGE, slot.discharge - timedelta(days=1)))
        for occasion, day in occasions:
            base = 2 if occasion == Occasion.INTAKE else 3
            answers = [max(1, min(4, base + rng.choice((-1, 0, 0, 1)))) for _ in range(10)]
            # Reverse-scored items: a low self-esteem answers them "agree".
            answers = [5 - a if n in (2, 5, 6, 8, 9) else a for n, a in enumerate(answers, start=1)]
            score = sum(item_points(n, a) for n, a in enumerate(answers, start=1))
            rows.append((slot.resident_id, occasion, day, *answers, score, rng.choice(self.staff_ids), aware(day, 14)))
        return rows

    def _support(self, plan_slots: list) -> None:
        """Her practical support log, one safety plan per woman and her society orientation."""
        rng, staff = self.rng, self.staff_ids
        support, safety, orientation = [], [], []
        topics = list(OrientationTopic.objects.values_list("pk", flat=True))
        seen: set[int] = set()
        for slot in plan_slots:
            end = min(slot.discharge or self.today, self.today)
            length = max(1, (end - slot.intake).days)
            for _ in range(rng.randint(0, 4)):
                authority = rng.choice(Authority.values)
                support.append(
                    (
                        slot.resident_id,
                        rng.choice(SupportKind.values),
                        authority,
                        PURPOSES[authority],
                        slot.intake + timedelta(days=rng.randrange(length)),
                        rng.choice(staff),
                        rng.choice((30, 60, 90, 120, 180)),
                    )
                )
            if slot.resident_id in seen:
                continue
            seen.add(slot.resident_id)
            if rng.random() < 0.6:
                safety.append(
                    (
                        slot.resident_id,
                        slot.intake + timedelta(days=2),
                        "Personalen",
                        rng.choice([RiskTool.FREDA_SHORT, RiskTool.FREDA_DANGER, RiskTool.PATRIARK, RiskTool.NONE]),
                        rng.random() < 0.7,
                        rng.random() < 0.6,
                        slot.intake + timedelta(days=90),
                        aware(slot.intake, 16),
                    )
                )
            for topic in rng.sample(topics, k=min(len(topics), rng.randint(0, 5))):
                on = slot.intake + timedelta(days=rng.randrange(length))
                orientation.append((slot.resident_id, topic, rng.choice(OrientationStatus.values), on))
        ids = self.loader.ids(SupportEntry, len(support))
        self.loader.copy(
            SupportEntry,
            ["id", "resident_id", "kind", "authority", "purpose", "on", "staff_member_id", "duration_minutes"],
            ((pk, *row) for pk, row in zip(ids, support, strict=True)),
        )
        ids = self.loader.ids(SafetyPlan, len(safety))
        self.loader.copy(
            SafetyPlan,
            [
                "id",
                "resident_id",
                "risk_assessed_on",
                "risk_assessed_by",
                "risk_tool",
                "location_services_checked",
                "social_media_checked",
                "review_on",
                "updated_at",
            ],
            ((pk, *row) for pk, row in zip(ids, safety, strict=True)),
        )
        ids = self.loader.ids(OrientationProgress, len(orientation))
        self.loader.copy(
            OrientationProgress,
            ["id", "resident_id", "topic_id", "status", "on"],
            ((pk, *row) for pk, row in zip(ids, orientation, strict=True)),
        )
        self.step(
            f"{len(support):,} support entries, {len(safety):,} safety plans, {len(orientation):,} orientation rows"
        )

    def _house_meetings(self, slots: list) -> None:
        """The weekly house meeting, with some of the women living there that day."""
        rng = self.rng
        meetings, attendees = [], []
        by_intake = sorted(slots, key=lambda s: s.intake)
        intakes = [s.intake for s in by_intake]
        day = self.first_day + timedelta(days=(7 - self.first_day.weekday()) % 7 + 2)  # a Wednesday
        weeks = (self.today - day).days // 7 + 1
        meeting_ids = iter(self.loader.ids(HouseMeeting, weeks))
        through = HouseMeeting.attendees.through
        attendee_ids = iter(self.loader.ids(through, weeks * 10))
        while day <= self.today:
            mid = next(meeting_ids)
            topics = rng.sample(MeetingTopic.values, k=rng.randint(1, 2))
            meetings.append((mid, day, topics, "Kort genomgång av veckan.", rng.choice(self.staff_ids), aware(day, 18)))
            lo = bisect.bisect_left(intakes, day - timedelta(days=541))
            upto = bisect.bisect_right(intakes, day)
            living = [s.resident_id for s in by_intake[lo:upto] if s.discharge is None or s.discharge > day]
            for resident in rng.sample(living, k=min(len(living), rng.randint(2, 10))):
                attendees.append((next(attendee_ids), mid, resident))
            day += timedelta(days=7)
        self.loader.copy(HouseMeeting, ["id", "held_on", "topics", "minutes", "created_by_id", "created_at"], meetings)
        self.loader.copy(through, ["id", "housemeeting_id", "resident_id"], attendees)
        self.step(f"{len(meetings):,} house meetings")


def seed_bulk(run: BulkRun) -> None:
    _Bulk(run).load()


register("plans", seed=seed, bulk=seed_bulk, after=["residents"], fills=[ImplementationPlan])
