"""Her implementation plan as a PDF she can keep: Swedish, large type, A4, no protected data."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from jour.lib.pdf import html_to_pdf
from residents.disclosure import Audience, case_number_shown, woman_shown
from residents.models import Stay

from .models import ImplementationPlan

PDF_LANGUAGE = "sv"


def render_plan_pdf(*, plan: ImplementationPlan, stay: Stay, areas: list) -> bytes:
    resident = stay.resident
    context = {
        "plan": plan,
        "stay": stay,
        "areas": areas,
        "name": woman_shown(resident, Audience.PRINTED_COPY),
        "case_number": case_number_shown(resident, Audience.PRINTED_COPY),
        "printed_on": timezone.localdate(),
    }
    with translation.override(PDF_LANGUAGE):
        html = render_to_string("plans/plan_pdf.html", context)
    return html_to_pdf(html)
