import random

import pytest
from django.utils import timezone

from reporting.demo import seed
from reporting.document import build_document
from reporting.models import Deviation, Feedback, FollowUpReport, OutreachActivity, ReportStatus

from .factories import shelter_in

pytestmark = pytest.mark.django_db


def test_demo_seeder_fills_the_registers_and_a_draft_for_last_year(coordinator):
    shelter_in("0136")
    seed(scale="demo", rng=random.Random(2026), users={"samordnare": coordinator})
    today = timezone.localdate()
    assert OutreachActivity.objects.count() == 8
    assert not Feedback.objects.filter(date__gt=today).exists()
    assert Deviation.objects.filter(kind="lex_sarah").count() == 1
    report = FollowUpReport.objects.get()
    assert report.status == ReportStatus.DRAFT and report.period_start.year == today.year - 1
    document = build_document(report)
    assert len(document["questions"]) == 13
    assert document["questions"][0]["answer"].startswith("Jouren erbjuder")
