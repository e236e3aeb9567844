"""Creating, freezing and re-opening follow-up reports (logic across the report and its questions)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from jour.accounts.models import User

from .models import FollowUpReport, ReportQuestion, ReportStatus
from .questions import DEFAULT_QUESTIONS


def previous_report(*, municipality_id: str, before: FollowUpReport | None = None) -> FollowUpReport | None:
    """The latest report to the same municipality (any earlier report when there is none), to prefill from."""
    reports = FollowUpReport.objects.all()
    if before is not None and before.pk:
        reports = reports.exclude(pk=before.pk)
    ordering = ["-period_end", "-version", "-id"]
    return (
        reports.filter(municipality_id=municipality_id).order_by(*ordering).first()
        or reports.order_by(*ordering).first()
    )


@transaction.atomic
def report_create(*, report: FollowUpReport, by: User) -> FollowUpReport:
    """Save a new draft with the questions and answers of the previous report, or the default questionnaire."""
    source = previous_report(municipality_id=report.municipality_id)
    same = report.same_period_reports().order_by("-version").first()
    if same is not None:
        report.version = same.version + 1
        report.previous_version = same
    report.created_by = by
    report.status = ReportStatus.DRAFT
    report.save()
    if source is not None:
        questions = [
            ReportQuestion(report=report, position=q.position, text=q.text, data_block=q.data_block, answer=q.answer)
            for q in source.questions.all()
        ]
    else:
        questions = [
            ReportQuestion(report=report, position=number, text=text, data_block=block)
            for number, (text, block) in enumerate(DEFAULT_QUESTIONS, start=1)
        ]
    ReportQuestion.objects.bulk_create(questions)
    return report


@transaction.atomic
def report_mark_sent(*, report: FollowUpReport, by: User, on: dt.date | None = None) -> FollowUpReport:
    """Freeze the report: store everything the PDF shows, so later edits or purges never change it."""
    from .document import build_document

    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if report.is_sent:
        return report
    report.sent_on = on or timezone.localdate()
    report.sent_by = by
    report.status = ReportStatus.SENT
    report.snapshot = build_document(report)
    report.save(update_fields=["sent_on", "sent_by", "status", "snapshot", "updated_at"])
    return report


@transaction.atomic
def report_new_version(*, report: FollowUpReport, by: User) -> FollowUpReport:
    """A new draft for the same municipality and period, starting from this report's questions and answers."""
    latest = (
        FollowUpReport.objects.filter(
            municipality_id=report.municipality_id, period_start=report.period_start, period_end=report.period_end
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    draft = FollowUpReport.objects.create(
        municipality_id=report.municipality_id,
        period_start=report.period_start,
        period_end=report.period_end,
        years_side_by_side=report.years_side_by_side,
        due_date=report.due_date,
        suppress_small_counts=report.suppress_small_counts,
        version=(latest or report.version) + 1,
        previous_version=report,
        created_by=by,
    )
    ReportQuestion.objects.bulk_create(
        ReportQuestion(report=draft, position=q.position, text=q.text, data_block=q.data_block, answer=q.answer)
        for q in report.questions.all()
    )
    return draft
