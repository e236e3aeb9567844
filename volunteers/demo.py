"""Demo contact women.

The demo scale (`seed`): two eligible demo logins, more volunteers at every stage, a study circle, and
(when the residents seeder ran) a few matches with meetings. The large and national scales (`seed_bulk`):
a profile for every contact woman's account, study circles, and matches with meetings for a share of
the residents' stays, loaded with COPY (jour/demo/bulk.py). Deterministic for a given rng (seed).
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from jour.accounts.models import Role, User
from jour.demo.bulk import BulkPart, BulkRun, aware
from jour.demo.registry import register

from .models import (
    AVAILABILITY_SLOTS,
    DEFAULT_SESSION_HOURS,
    DEFAULT_TOPICS,
    Attendance,
    EndReason,
    HelpArea,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MeetingType,
    StudyCircle,
    StudySession,
    VolunteerProfile,
    VolunteerStatus,
)

EXTRA_VOLUNTEERS = 8
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
PROFESSIONS += ["Socionom", "Undersköterska", "Ekonom", "Student", "Bibliotekarie", "Förskollärare"]
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
    for number in range(EXTRA_VOLUNTEERS):
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


# -- the large and national scales: COPY ------------------------------------------------------------------

BULK_LANGUAGE_SETS = [["sv"], ["sv", "en"], ["sv", "en"], ["sv", "ar"], ["sv", "fa", "en"], ["sv", "so"]]
BULK_LANGUAGE_SETS += [["sv", "ti"], ["sv", "en", "es"], ["sv", "fi"], ["sv", "pl"], ["sv", "ku", "tr"]]
PLACES = ["Ett café i centrum", "Promenad i parken", "Biblioteket", "Per telefon", "Stadsbiblioteket", "Lekparken"]
MEETING_TYPES = [MeetingType.WALK] * 3 + [MeetingType.FIKA] * 3 + [MeetingType.PHONE] * 2
MEETING_TYPES += [MeetingType.SWEDISH] * 2 + [MeetingType.HOUSING, MeetingType.ACCOMPANIMENT, MeetingType.OTHER]
SEASONS = ["Våren", "Hösten"]
STATUSES = [VolunteerStatus.ACTIVE] * 6 + [VolunteerStatus.IN_TRAINING, VolunteerStatus.APPLICANT]
STATUSES += [VolunteerStatus.PAUSED, VolunteerStatus.ENDED, VolunteerStatus.ENDED]
NOT_TRAINED = (VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING)
MEETINGS_PER_MATCH = 12
END_REASONS = [EndReason.COMPLETED, EndReason.COMPLETED, EndReason.MOVED, EndReason.RESIDENT_WISH]
PROFILE_COLUMNS = [
    "id",
    "user_id",
    "profession",
    "languages",
    "interests",
    "help_areas",
    "availability",
    "capacity",
    "pledge_signed_on",
    "record_extract_seen_on",
    "status",
    "status_reason",
    "created_at",
]
MATCH_COLUMNS = [
    "id",
    "volunteer_id",
    "resident_id",
    "status",
    "wished_languages",
    "wished_activities",
    "score",
    "proposed_by_id",
    "proposed_at",
    "approved_by_id",
    "approved_at",
    "accepted_at",
    "started_on",
    "ended_on",
    "end_reason",
]
MEETING_COLUMNS = [
    "id",
    "match_id",
    "starts_at",
    "meeting_type",
    "place",
    "status",
    "duration_hours",
    "created_by_id",
    "created_at",
]


class _Bulk(BulkPart):
    name = "volunteers"

    def load(self) -> None:
        self.demo = {u.pk for u in self.run.demo_users.values() if u.role == Role.VOLUNTEER}
        self._profiles()
        self._study_circles()
        self._matches()

    def _profiles(self) -> None:
        """A profile for every contact woman's account, joined on a day of the ten years, at every stage."""
        rng = self.rng
        users = self.run.volunteer_user_ids
        self.profile_ids = self.loader.ids(VolunteerProfile, len(users))
        self.user_of = dict(zip(self.profile_ids, users, strict=True))
        span_days = (self.today - self.first_day).days
        profiles, self.joined, self.status_of = [], {}, {}
        for pk, user in zip(self.profile_ids, users, strict=True):
            start = self.first_day + timedelta(days=rng.randrange(span_days))
            status = VolunteerStatus.ACTIVE if user in self.demo else rng.choice(STATUSES)
            if status in NOT_TRAINED:
                start = self.today - timedelta(days=rng.randint(10, 60))
            trained = status not in NOT_TRAINED
            self.joined[pk] = start
            self.status_of[pk] = status
            profiles.append(
                (
                    pk,
                    user,
                    rng.choice(PROFESSIONS),
                    ["sv", "ar", "en"] if user in self.demo else rng.choice(BULK_LANGUAGE_SETS),
                    rng.choice(INTERESTS),
                    rng.sample(HelpArea.values, k=rng.randint(2, 5)),
                    rng.sample(AVAILABILITY_SLOTS, k=rng.randint(3, 8)),
                    rng.choice((1, 2, 2, 3)),
                    start + timedelta(days=60) if trained else None,
                    start + timedelta(days=30) if trained else None,
                    status,
                    "Flyttat till annan ort" if status in (VolunteerStatus.PAUSED, VolunteerStatus.ENDED) else "",
                    aware(start, 10),
                )
            )
        self.loader.copy(VolunteerProfile, PROFILE_COLUMNS, profiles)
        self.n_profiles = len(profiles)

    def _study_circles(self) -> None:
        """A spring and an autumn circle per year, each with up to 14 new contact women and their attendance."""
        rng = self.rng
        by_start = sorted(self.profile_ids, key=lambda p: self.joined[p])
        circles, sessions, participants, attendance = [], [], [], []
        groups = [by_start[i : i + 14] for i in range(0, len(by_start), 14)]
        circle_ids = self.loader.ids(StudyCircle, len(groups))
        session_ids = iter(self.loader.ids(StudySession, len(groups) * 8))
        through = StudyCircle.participants.through
        participant_ids = iter(self.loader.ids(through, len(by_start)))
        attendance_ids = iter(self.loader.ids(Attendance, len(by_start) * 8))
        coordinator = self.run.demo_users.get("samordnare")
        for circle_id, group in zip(circle_ids, groups, strict=True):
            first = self.joined[group[0]]
            name = f"{SEASONS[first.month > 6]} {first.year} ({circle_id})"
            circles.append((circle_id, name, "Sara Samordnare", aware(first, 9)))
            own_sessions = []
            for number, topic in enumerate(DEFAULT_TOPICS, start=1):
                sid = next(session_ids)
                on = first + timedelta(weeks=number)
                own_sessions.append((sid, on))
                sessions.append((sid, circle_id, number, on, DEFAULT_SESSION_HOURS, str(topic)))
            for profile in group:
                participants.append((next(participant_ids), circle_id, profile))
                attended = 8 if self.status_of[profile] not in NOT_TRAINED else rng.randint(0, 7)
                for index, (sid, on) in enumerate(own_sessions):
                    if on > self.today or index >= attended:
                        continue
                    make_up = rng.random() < 0.06
                    attendance.append(
                        (
                            next(attendance_ids),
                            sid,
                            profile,
                            make_up,
                            on + timedelta(days=10) if make_up else None,
                            DEFAULT_SESSION_HOURS,
                            coordinator.pk if coordinator else None,
                        )
                    )
        self.loader.copy(StudyCircle, ["id", "name", "leader", "created_at"], circles)
        self.loader.copy(StudySession, ["id", "circle_id", "number", "date", "hours", "topic"], sessions)
        self.loader.copy(through, ["id", "studycircle_id", "volunteerprofile_id"], participants)
        self.loader.copy(
            Attendance,
            ["id", "session_id", "volunteer_id", "make_up", "make_up_on", "hours", "recorded_by_id"],
            attendance,
        )
        self.step(f"{self.n_profiles:,} contact women, {len(circles):,} study circles, {len(attendance):,} attendances")

    def _matched_stays(self) -> tuple[list, dict[int, int]]:
        """A share of the stays, in order of intake; and the stays of women living here now that the demo
        contact women support (so their phone view has content), with the demo profile for each."""
        slots = self.run.shared["residents.stays"]
        wanted = max(1, self.v.meetings // MEETINGS_PER_MATCH)
        candidates = [s for s in slots if s.intake >= self.first_day + timedelta(days=200)]
        chosen = self.rng.sample(candidates, k=min(len(candidates), wanted))
        current = [s for s in slots if s.discharge is None and s.intake <= self.today]
        demo_profiles = [p for p in self.profile_ids if self.user_of[p] in self.demo]
        demo_slots = current[: 3 * len(demo_profiles)]
        chosen.extend(slot for slot in demo_slots if slot not in chosen)
        chosen.sort(key=lambda s: s.intake)
        return chosen, {s.id: demo_profiles[i % len(demo_profiles)] for i, s in enumerate(demo_slots)}

    def _volunteer_for(self, slot, trained: list[int], trained_since: list[date]) -> int | None:
        """A contact woman trained when the stay began, preferably still active; None when there was none."""
        rng = self.rng
        upto = bisect.bisect_right(trained_since, slot.intake)
        if not upto:
            return None
        volunteer = trained[rng.randrange(max(0, upto - 300), upto)]
        for _ in range(5):  # an open match goes to someone still active
            if self.status_of[volunteer] == VolunteerStatus.ACTIVE:
                break
            volunteer = trained[rng.randrange(max(0, upto - 300), upto)]
        return volunteer

    def _matches(self) -> None:
        """Matches for a share of the stays, with a contact woman who was trained when the stay began,
        and their meetings: held or cancelled in the past, planned ahead."""
        rng = self.rng
        trained = sorted(
            (p for p in self.profile_ids if self.status_of[p] not in NOT_TRAINED), key=lambda p: self.joined[p]
        )
        trained_since = [self.joined[p] + timedelta(days=60) for p in trained]
        languages_of = self.run.shared["residents.languages"]
        chosen, demo_slots = self._matched_stays()
        match_ids = self.loader.ids(Match, len(chosen))
        matches, meetings = [], []
        open_pairs: set[tuple[int, int]] = set()
        self.meeting_budget = self.v.meetings
        for pk, slot in zip(match_ids, chosen, strict=True):
            start = slot.intake + timedelta(days=rng.randint(7, 30))
            if slot.id in demo_slots:
                volunteer = demo_slots[slot.id]
                start = min(start, self.today - timedelta(days=14))
            else:
                volunteer = self._volunteer_for(slot, trained, trained_since)
                if volunteer is None:
                    continue
            end_on = None
            if slot.discharge is not None and slot.discharge <= self.today:
                end_on = slot.discharge + timedelta(days=rng.randint(0, 120))  # after-care goes on a while
                if end_on > self.today:
                    end_on = None
            if end_on is None:
                if (volunteer, slot.resident_id) in open_pairs:
                    continue
                open_pairs.add((volunteer, slot.resident_id))
            proposed = aware(start - timedelta(days=3), 10)
            languages = [c for c in languages_of.get(slot.resident_id, []) if c in ("sv", "en", "ar")][:2]
            matches.append(
                (
                    pk,
                    volunteer,
                    slot.resident_id,
                    MatchStatus.ENDED if end_on else MatchStatus.ACTIVE,
                    languages,
                    rng.sample([HelpArea.WALKS, HelpArea.FIKA, HelpArea.SWEDISH, HelpArea.HOUSING], k=2),
                    rng.randint(20, 60),
                    rng.choice(self.staff_ids),
                    proposed,
                    rng.choice(self.staff_ids),
                    proposed + timedelta(days=1),
                    proposed + timedelta(days=2),
                    start,
                    end_on,
                    rng.choice(END_REASONS) if end_on else "",
                )
            )
            meetings.extend(self._meetings(pk, self.user_of[volunteer], start, end_on))
        self.loader.copy(Match, MATCH_COLUMNS, matches)
        ids = self.loader.ids(Meeting, len(meetings))
        self.loader.copy(Meeting, MEETING_COLUMNS, ((pk, *row) for pk, row in zip(ids, meetings, strict=True)))
        self.step(f"{len(matches):,} matches, {len(meetings):,} meetings")

    def _meetings(self, match: int, user_id: int, start: date, end_on: date | None) -> list[tuple]:
        """About weekly from the start until the match ended (or three weeks ahead), within the budget."""
        rng = self.rng
        tz = timezone.get_current_timezone()
        last = end_on or self.today + timedelta(days=21)
        day = start
        rows = []
        while day < last and len(rows) < MEETINGS_PER_MATCH * 4 and self.meeting_budget > 0:
            future = day > self.today
            held = not future and rng.random() < 0.93
            rows.append(
                (
                    match,
                    datetime(
                        day.year, day.month, day.day, rng.choice((10, 13, 14, 15, 17)), rng.choice((0, 30)), tzinfo=tz
                    ),
                    rng.choice(MEETING_TYPES),
                    rng.choice(PLACES),
                    MeetingStatus.PLANNED if future else (MeetingStatus.HELD if held else MeetingStatus.CANCELLED),
                    Decimal(rng.choice(("1", "1.5", "2", "2.5"))) if held and not future else None,
                    user_id,
                    aware(min(day, self.today), 9),
                )
            )
            self.meeting_budget -= 1
            day += timedelta(days=rng.choice((5, 7, 7, 7, 10, 14)))
        return rows


def seed_bulk(run: BulkRun) -> None:
    _Bulk(run).load()


register("volunteers", seed=seed, bulk=seed_bulk, after=["residents"], fills=[VolunteerProfile])
