"""The inspection binder as a PDF: counts only, gaps marked. Every download is audited as an export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from jour.audit.log import shows

from .. import output
from ..binder import build_binder
from ..forms import YearForm
from .common import download


def binder_pdf(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    if not form.is_valid():
        return redirect("regulation:index")
    year = form.cleaned_data["year"]
    with translation.override(output.FILE_LANGUAGE):
        binder = build_binder(year=year)
    content = output.render_pdf("regulation/binder_pdf.html", {"binder": binder})
    shows(request, object_type="regulation.binder", year=year, format="pdf", gaps=len(binder.gaps))
    return download(content, filename=f"inspektionsparm-{year}.pdf", mime="application/pdf")
