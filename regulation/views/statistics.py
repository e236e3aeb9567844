"""The umbrella organisations' statistics of a year: a page and its CSV, XLSX and PDF (counts only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jour.audit.log import shows
from jour.shelter.models import ShelterProfile

from .. import output
from ..forms import YearForm
from ..models import StaffingYear
from .common import download


def _year_and_suppress(request: HttpRequest) -> tuple[YearForm, int, bool]:
    form = YearForm(request.GET if "year" in request.GET else None)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["suppress"]
    return form, timezone.localdate().year - 1, True


def statistics(request: HttpRequest) -> HttpResponse:
    form, year, suppress = _year_and_suppress(request)
    if not form.is_bound:
        form = YearForm(initial={"year": year, "suppress": suppress})
    return render(
        request,
        "regulation/statistics.html",
        {
            "form": form,
            "doc": output.umbrella_document(year=year, suppress=suppress),
            "year": year,
            "suppress": suppress,
            "has_staffing": StaffingYear.objects.filter(year=year).exists(),
        },
    )


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, year, suppress = _year_and_suppress(request)
    document = output.swedish_umbrella_document(year=year, suppress=suppress)
    if fmt == "pdf":
        content = output.render_pdf(
            "regulation/statistics_pdf.html", {"doc": document, "association": ShelterProfile.load().name}
        )
        rows, mime = len(document["tables"]), "application/pdf"
    elif fmt == "csv":
        content, rows = output.render_csv(document)
        mime = "text/csv; charset=utf-8"
    else:
        content, rows = output.render_xlsx(document, sheet_title="Paraplystatistik")
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    shows(request, object_type="regulation.umbrellastatistics", year=year, format=fmt, rows=rows, suppressed=suppress)
    return download(content, filename=f"paraplystatistik-{year}.{fmt}", mime=mime)


def statistics_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


def statistics_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
