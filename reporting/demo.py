"""Demo data for the follow-up: a few rows in each register and a draft report for last year; at the large
and national scales also a few register rows a year for the earlier years."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from jour.accounts.models import User
from jour.demo.bulk import BulkRun
from jour.demo.registry import register
from jour.shelter.models import ShelterProfile

from .models import (
    CompetenceDevelopment,
    Deviation,
    DeviationKind,
    Feedback,
    FeedbackKind,
    FollowUpReport,
    MediaChannel,
    MediaFigure,
    OutreachActivity,
    OutreachKind,
    PrintedFolder,
)
from .services import report_create

OUTREACH = [
    (OutreachKind.SFI, "Information om jouren på SFI", "SFI-elever", 25),
    (OutreachKind.LECTURE, "Våld i nära relationer", "Polisstudenter", 60),
    (OutreachKind.TRAINING, "Att upptäcka våld", "Vårdpersonal på vårdcentralen", 18),
    (OutreachKind.LECTURE, "Jourens arbete", "Socionomstudenter", 40),
    (OutreachKind.CAMPAIGN, "Orange day den 25 november", "Allmänheten", None),
    (OutreachKind.ARTICLE, "Artikel i lokaltidningen", "Allmänheten", None),
    (OutreachKind.INTERVIEW, "Intervju i lokalradion", "Allmänheten", None),
    (OutreachKind.STAND, "Informationsbord på biblioteket", "Besökare", 35),
]
COURSES = [
    ("Barnperspektivet i skyddat boende", "Länsstyrelsen Stockholm", "6"),
    ("Hedersrelaterat våld och förtryck", "Kompetenscentrum", "7.5"),
    ("Digital säkerhet för våldsutsatta", "Unizon", "3"),
    ("Lex Sarah och avvikelsehantering", "Jourens egen utbildning", "2"),
]


def seed(*, scale: str, rng: random.Random, users: dict[str, User]) -> None:
    today = timezone.localdate()
    year = today.year - 1
    coordinator = users["samordnare"]

    def day(in_year: int) -> dt.date:
        date = dt.date(in_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        return min(date, today)

    OutreachActivity.objects.bulk_create(
        OutreachActivity(date=day(year), kind=kind, title=title, audience=audience, participants=participants)
        for kind, title, audience, participants in OUTREACH
    )
    MediaFigure.objects.bulk_create(
        [
            MediaFigure(date=dt.date(year - 1, 12, 31), channel=MediaChannel.FACEBOOK, followers=699),
            MediaFigure(date=dt.date(year, 12, 31), channel=MediaChannel.FACEBOOK, followers=758),
            MediaFigure(date=dt.date(year, 12, 31), channel=MediaChannel.INSTAGRAM, followers=209),
            MediaFigure(date=dt.date(year, 6, 30), channel=MediaChannel.NEWSLETTER, issues_sent=2),
            MediaFigure(date=dt.date(year, 12, 31), channel=MediaChannel.NEWSLETTER, followers=310, issues_sent=2),
        ]
    )
    PrintedFolder.objects.bulk_create(
        PrintedFolder(date=day(year), language=language, placed_at=places, copies=copies)
        for language, places, copies in [
            ("Engelska", "Vårdcentraler, sjukhuset", 200),
            ("Spanska", "Familjecentraler", 100),
            ("Turkiska", "Tandvården, vårdcentraler", 100),
            ("Arabiska", "Vårdcentraler, familjecentraler, SFI", 250),
        ]
    )
    CompetenceDevelopment.objects.bulk_create(
        CompetenceDevelopment(
            date=day(year),
            title=title,
            provider=provider,
            hours=Decimal(hours),
            staff_participants=rng.randint(1, 4),
            board_participants=rng.randint(0, 2),
            volunteer_participants=rng.randint(0, 6),
        )
        for title, provider, hours in COURSES
    )
    feedback = []
    for back in range(4):
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice([FeedbackKind.FEEDBACK, FeedbackKind.COMPLAINT])
            feedback.append(
                Feedback(
                    date=day(year - back),
                    kind=kind,
                    summary="Önskemål om längre telefontider."
                    if kind == FeedbackKind.COMPLAINT
                    else "Beröm för bemötandet.",
                    action="Telefontiderna utökades på helger." if kind == FeedbackKind.COMPLAINT else "",
                    closed=True,
                )
            )
    Feedback.objects.bulk_create(feedback)
    Deviation.objects.bulk_create(
        [
            Deviation(
                date=day(year),
                kind=DeviationKind.DEVIATION,
                reporter=coordinator.display_name,
                what_happened="Larmet i entrén var ur funktion under en natt.",
                causes="Strömavbrott; batteriet var för gammalt.",
                measures="Nytt batteri och månatlig kontroll.",
                decision="Avslutad.",
            ),
            Deviation(
                date=dt.date(year - 2, 5, 12),
                kind=DeviationKind.LEX_SARAH,
                reporter=coordinator.display_name,
                what_happened="Rutinen för överlämning vid skiftbyte följdes inte.",
                causes="Rutinen var otydlig.",
                measures="Ny rutin och utbildning av all personal.",
                decision="Utredd; inget allvarligt missförhållande.",
                reported_to_ivo=False,
            ),
        ]
    )

    profile = ShelterProfile.load()
    if profile.municipality_id and not FollowUpReport.objects.exists():
        report = report_create(
            report=FollowUpReport(
                municipality_id=profile.municipality_id,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                due_date=dt.date(today.year, 3, 31),
            ),
            by=coordinator,
        )
        report.questions.filter(position=1).update(
            answer="Jouren erbjuder stödsamtal per telefon, e-post och chatt samt personliga möten, utan krav på "
            "kontakt med socialtjänsten. Den som ringer får vara anonym och ingen journal förs."
        )
        report.questions.filter(position=9).update(
            answer="Varje barn i skyddat boende har en egen kontaktperson bland personalen och en egen "
            "dokumentation. Barnens behov tas upp på varje husmöte."
        )


def seed_bulk(run: BulkRun) -> None:
    rng = run.rng("reporting")
    _earlier_years(rng=rng, years=run.volumes.years)
    seed(scale=run.scale, rng=rng, users=run.demo_users)
    run.step("report registers and a draft report")


def _earlier_years(*, rng: random.Random, years: int) -> None:
    """A few rows a year in the registers for the years before the last (which `seed` fills)."""
    today = timezone.localdate()
    outreach, courses = [], []
    for year in range(today.year - years + 1, today.year - 1):
        for _ in range(rng.randint(4, 9)):
            outreach.append(
                OutreachActivity(
                    date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                    kind=rng.choice(OutreachKind.values),
                    title=rng.choice(["Jourens arbete", "Våld i nära relationer", "Orange day", "Informationsbord"]),
                    audience=rng.choice(["SFI-elever", "Allmänheten", "Vårdpersonal", "Socionomstudenter"]),
                    participants=rng.choice([None, 15, 25, 40, 60]),
                )
            )
        for _ in range(rng.randint(2, 4)):
            courses.append(
                CompetenceDevelopment(
                    date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                    title=rng.choice(["Barnperspektivet", "Hedersrelaterat våld", "Digital säkerhet"]),
                    provider=rng.choice(["Länsstyrelsen", "Unizon", "Kompetenscentrum"]),
                    hours=Decimal(rng.choice(["2", "3", "6", "7.5"])),
                    staff_participants=rng.randint(1, 6),
                )
            )
    OutreachActivity.objects.bulk_create(outreach)
    CompetenceDevelopment.objects.bulk_create(courses)


# The report's demo comes last: it reports on the others' data.
register(
    "reporting",
    seed=seed,
    bulk=seed_bulk,
    after=["residents", "plans", "calls", "volunteers", "directory", "regulation"],
)
