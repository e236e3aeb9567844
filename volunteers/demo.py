"""Demo contact women: two eligible demo logins, more volunteers at every stage, a study circle,
and (when the residents seeder ran) a few matches with meetings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from jour.accounts.models import Role, User

from .models import (
    AVAILABILITY_SLOTS,
    Attendance,
    HelpArea,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MeetingType,
    StudyCircle,
    VolunteerProfile,
    VolunteerStatus,
)

EXTRA_VOLUNTEERS = {"demo": 8, "large": 40, "national": 120}
FIRST_NAMES = [
    "Anna",
    "Maria",
    "Leila",
    "Sofia",
    "Amina",
    "Eva",
    "Helena",
    "Fatima",
    "Ingrid",
    "Lena",
    "Yasmin",
    "Elin",
]
LAST_NAMES = ["Lind", "Berg", "Holm", "Nyberg", "Ali", "Ek", "Sandberg", "Karimi", "Wallin", "Dahl"]
PROFESSIONS = ["Sjuksköterska", "Jurist", "Lärare", "Barnmorska", "HR-specialist", "IT-konsult", "Frisör", "Pensionär"]
INTERESTS = ["promenader, matlagning", "läsning, stickning", "fotboll, natur", "musik, film", "trädgård, bakning"]
LANGUAGE_SETS = [["sv", "en"], ["sv", "ar"], ["sv", "fa", "en"], ["sv", "so"], ["sv", "ti"], ["sv", "en", "es"]]


def _profile(user, rng, *, status, pledge: bool, languages=None) -> VolunteerProfile:
    return VolunteerProfile.objects.create(
        user=user,
        profession=rng.choice(PROFESSIONS),
        languages=languages or rng.choice(LANGUAGE_SETS),
        interests=rng.choice(INTERESTS),
        help_areas=rng.sample(HelpArea.values, k=3),
        availability=rng.sample(AVAILABILITY_SLOTS, k=5),
        capacity=rng.choice([1, 2, 2, 3]),
        pledge_signed_on=timezone.localdate() - timedelta(days=rng.randint(30, 400)) if pledge else None,
        record_extract_seen_on=timezone.localdate() - timedelta(days=rng.randint(30, 400)) if pledge else None,
        status=status,
        status_reason="Flyttat till annan ort" if status in (VolunteerStatus.PAUSED, VolunteerStatus.ENDED) else "",
    )


def seed(*, scale: str, rng, users: dict[str, User]) -> None:
    today = timezone.localdate()
    circle = StudyCircle.objects.create(name=f"Studiecirkel hösten {today.year - 1}", leader="Sara Samordnare")
    sessions = circle.create_sessions(first_date=today - timedelta(days=200))
    karin = _profile(
        users["kontaktkvinna"], rng, status=VolunteerStatus.ACTIVE, pledge=True, languages=["sv", "ar", "en"]
    )
    kerstin = _profile(users["kontaktkvinna2"], rng, status=VolunteerStatus.ACTIVE, pledge=True, languages=["sv", "fa"])
    karin.help_areas = [HelpArea.WALKS, HelpArea.FIKA, HelpArea.HOUSING, HelpArea.SWEDISH]
    karin.save(update_fields=["help_areas"])
    profiles_sessions: list[tuple[VolunteerProfile, int]] = [(karin, 8), (kerstin, 8)]
    # Volunteers at every stage: trained and active, 7 of 8 sessions, in training, applicants, paused.
    stages = [
        (VolunteerStatus.ACTIVE, True, 8),
        (VolunteerStatus.IN_TRAINING, True, 7),
        (VolunteerStatus.IN_TRAINING, False, 4),
        (VolunteerStatus.APPLICANT, False, 0),
        (VolunteerStatus.PAUSED, True, 8),
    ]
    for number in range(EXTRA_VOLUNTEERS.get(scale, 8)):
        status, pledge, attended = stages[number % len(stages)]
        user = User.objects.create(
            username=f"kontaktkvinna-demo-{number + 1}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            role=Role.VOLUNTEER,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profiles_sessions.append((_profile(user, rng, status=status, pledge=pledge), attended))
    circle.participants.set([profile for profile, attended in profiles_sessions if attended])
    Attendance.objects.bulk_create(
        Attendance(volunteer=profile, session=session, hours=session.hours)
        for profile, attended in profiles_sessions
        for session in sessions[:attended]
    )
    _seed_matches(rng, karin, kerstin, today)


def _seed_matches(rng, karin: VolunteerProfile, kerstin: VolunteerProfile, today) -> None:
    from residents.models import Resident

    residents = list(Resident.objects.with_current().filter(is_current=True).order_by("pk")[:3])
    if not residents:
        return
    tz = timezone.get_current_timezone()
    pairs = [(karin, residents[0])]
    if len(residents) > 1:
        pairs.append((kerstin, residents[1]))
    if len(residents) > 2:
        pairs.append((karin, residents[2]))
    for volunteer, resident in pairs:
        started = today - timedelta(days=rng.randint(20, 60))
        match = Match.objects.create(
            volunteer=volunteer,
            resident=resident,
            status=MatchStatus.ACTIVE,
            wished_languages=[code for code in resident.languages if code in volunteer.languages][:2] or ["sv"],
            wished_activities=[HelpArea.WALKS, HelpArea.FIKA],
            score=45,
            approved_at=timezone.now() - timedelta(days=(today - started).days),
            accepted_at=timezone.now() - timedelta(days=(today - started).days),
            started_on=started,
        )
        meetings = []
        for week in range(1, 5):
            day = started + timedelta(weeks=week - 1, days=2)
            if day >= today:
                break
            meetings.append(
                Meeting(
                    match=match,
                    starts_at=datetime.combine(day, time(14, 0), tzinfo=tz),
                    meeting_type=rng.choice([MeetingType.WALK, MeetingType.FIKA, MeetingType.SWEDISH]),
                    place="Ett café i centrum",
                    status=MeetingStatus.HELD,
                    duration_hours=Decimal(rng.choice(["1", "1.5", "2"])),
                    created_by=volunteer.user,
                )
            )
        for days_ahead in (1, 8):
            meetings.append(
                Meeting(
                    match=match,
                    starts_at=datetime.combine(today + timedelta(days=days_ahead), time(15, 30), tzinfo=tz),
                    meeting_type=MeetingType.WALK,
                    place="Promenad i parken",
                    created_by=volunteer.user,
                )
            )
        Meeting.objects.bulk_create(meetings)
