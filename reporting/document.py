"""The report as one JSON-serialisable document: everything the preview, the PDF and the CSV/XLSX show.

A draft is built from live data each time; a sent report stores this document (`FollowUpReport.snapshot`)
and is only ever rendered from it, so later edits or retention purges never change what was sent.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jour.calls import stats as calls_stats
from jour.lib import charts
from jour.lib.months import month_labels

from . import figures
from .models import DataBlock, FollowUpReport
from .versions import version_up_to

SCHEMA = 1
SMALL_COUNT_LIMIT = 3
REPORT_LANGUAGE = "sv"


def format_count(value, *, persons: bool, suppress: bool) -> str:
    """Thousands with a no-break space (2 137); person counts 1 and 2 as "<3" when suppression is on."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | float):
        return figures.decimal_text(value)
    if persons and suppress and 0 < value < SMALL_COUNT_LIMIT:
        return f"<{SMALL_COUNT_LIMIT}"
    return f"{value:,}".replace(",", "\u00a0")


CHARTS = {
    "contacts": (gettext_lazy("Support contacts per month, by channel (%(total)s in all)"), figures.contacts_per_month),
    "nights": (
        gettext_lazy("Nights per month for these persons, adults and children (%(total)s in all)"),
        figures.nights_per_month,
    ),
}


def _chart(report: FollowUpReport, key: str) -> dict | None:
    if key not in CHARTS:
        return None
    title, figure = CHARTS[key]
    data = figure(report)
    title = str(title) % {"total": format_count(data["total"], persons=False, suppress=False)}
    svg = charts.stacked_bars(
        labels=month_labels(data["months"]), series=data["series"], title=title, css_class="report-chart"
    )
    return {"title": title, "rule": str(data["rule"]), "svg": str(svg)}


def _table(table: figures.Table, suppress: bool) -> dict:
    persons = table.kind == figures.PERSONS
    return {
        "title": table.title,
        "columns": list(table.columns),
        "rows": [
            [str(row[0])] + [format_count(value, persons=persons, suppress=suppress) for value in row[1:]]
            for row in table.rows
        ],
        "rule": table.rule,
        "link": table.link,
    }


def build_document(report: FollowUpReport) -> dict:
    """The whole report, rendered to Swedish strings, ready to store as the sent snapshot."""
    with translation.override(REPORT_LANGUAGE):
        profile = figures.shelter_profile(report)
        municipality = report.municipality
        suppress = report.suppress_small_counts
        questions = []
        for number, question in enumerate(report.questions.order_by("position", "id"), start=1):
            entry = {
                "number": number,
                "text": question.text,
                "answer": question.answer,
                "block": question.data_block,
                "facts": [],
                "tables": [],
                "chart": None,
            }
            block = figures.block_for(report, question.data_block)
            if block is not None:
                entry["facts"] = [[str(label), str(text)] for label, text in block.facts]
                entry["facts_link"] = block.link
                entry["tables"] = [_table(table, suppress) for table in block.tables]
                if block.chart:
                    entry["chart"] = _chart(report, block.chart)
            questions.append(entry)
        today = report.sent_on or timezone.localdate()
        return {
            "schema": SCHEMA,
            "association": profile.name,
            "organisation_number": profile.organisation_number,
            "municipality_code": municipality.code,
            "municipality_name": municipality.name,
            "addressee": _("The social welfare committee of %(municipality)s municipality")
            % {"municipality": municipality.name},
            "period_label": report.period_label,
            "period": _("%(start)s to %(end)s")
            % {
                "start": date_format(report.period_start, "j F Y"),
                "end": date_format(report.period_end, "j F Y"),
            },
            "date": date_format(today, "j F Y"),
            "due_date": date_format(report.due_date, "j F Y") if report.due_date else "",
            "version": report.version,
            "suppressed": suppress,
            "questions": questions,
            "has_results": any(q["block"] == DataBlock.RESULTS for q in questions),
        }


def document_for(report: FollowUpReport) -> dict:
    """The sent snapshot, or the document of a draft: from the shared cache while nothing it reads has changed."""
    if report.is_sent and report.snapshot:
        return report.snapshot
    return cached_document(report)


# A draft's document is kept this long under its key (the key changes with anything it reads, and daily).
DOCUMENT_CACHE_SECONDS = 36 * 3600
# Part of every key, so a deploy never reads what the code before it cached (a shared cache outlives a
# deploy): raise it with every change to what a document holds or how its numbers are counted.
DOCUMENT_FORMAT = 1


def document_key(report: FollowUpReport) -> str | None:
    """The cache key of a draft's document, or None when it must be built afresh (see version_up_to)."""
    version = version_up_to(report.period_end)
    if version is None:
        return None
    raw = "|".join(
        map(
            str,
            (
                DOCUMENT_FORMAT,
                SCHEMA,
                calls_stats.STATISTICS_FORMAT,
                report.pk,
                timezone.localdate(),  # the document is dated today
                timezone.get_current_timezone_name(),
                version,
            ),
        )
    )
    return "reporting:document:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_document(report: FollowUpReport) -> dict:
    """The draft's document from the shared cache, built and stored when its key is new.

    The key holds the versions of every month up to the period's end of every table the numbers read
    (reporting/versions.py) and of the support contacts, so an unchanged closed period does no statistics
    work, and any write that could change it — the report's own questions and answers included — builds anew.
    """
    key = document_key(report)
    document = cache.get(key) if key else None
    if document is None:
        document = build_document(report)
        if key:
            cache.set(key, document, DOCUMENT_CACHE_SECONDS)
    return document


def flat_rows(document: dict) -> list[list[str]]:
    """Every number of the report, one per row, for CSV and XLSX."""
    rows = [[_("Question"), _("Table"), _("Row"), _("Column"), _("Value")]]
    for question in document["questions"]:
        for label, text in question["facts"]:
            rows.append([str(question["number"]), "", label, "", text])
        for table in question["tables"]:
            for row in table["rows"]:
                for column, value in zip(table["columns"][1:], row[1:], strict=False):
                    rows.append([str(question["number"]), table["title"], row[0], column, value.replace("\u00a0", "")])
    return rows
