import datetime as dt

import factory

from jour.shelter.models import Municipality, ShelterProfile
from reporting.models import (
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
from reporting.services import report_create


def shelter_in(code: str = "0136", **fields) -> ShelterProfile:
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code=code)
    profile.name = fields.get("name", "Kvinnojouren Test")
    profile.opening_hours = fields.get("opening_hours", "Mån–fre 09–16")
    profile.telephone_hours = fields.get("telephone_hours", "Alla dagar 09–21")
    profile.save()
    return profile


def make_report(*, by, code: str = "0136", year: int = 2025, **fields) -> FollowUpReport:
    report = FollowUpReport(
        municipality_id=code,
        period_start=fields.pop("period_start", dt.date(year, 1, 1)),
        period_end=fields.pop("period_end", dt.date(year, 12, 31)),
        **fields,
    )
    return report_create(report=report, by=by)


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    date = dt.date(2025, 3, 8)
    kind = OutreachKind.LECTURE
    title = "Föreläsning om våld i nära relationer"
    audience = "Polisstudenter"
    participants = 40


class MediaFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaFigure

    date = dt.date(2025, 12, 31)
    channel = MediaChannel.FACEBOOK
    followers = 758


class PrintedFolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrintedFolder

    date = dt.date(2025, 2, 1)
    language = "Arabiska"
    placed_at = "Vårdcentraler och familjecentraler"
    copies = 200


class CompetenceDevelopmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceDevelopment

    date = dt.date(2025, 4, 10)
    title = "Barnperspektivet i skyddat boende"
    provider = "Länsstyrelsen"
    hours = 6
    staff_participants = 4


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    date = dt.date(2025, 5, 5)
    kind = FeedbackKind.COMPLAINT
    summary = "Svårt att nå jouren på helger."
    action = "Utökade telefontider."
    closed = True


class DeviationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deviation

    date = dt.date(2025, 6, 1)
    kind = DeviationKind.DEVIATION
    reporter = "Anna Andersson"
    what_happened = "Larmet var avstängt under en natt."
