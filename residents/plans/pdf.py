"""Her implementation plan as a PDF she can keep: Swedish, large type, A4, no protected data."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from jour.lib.pdf import html_to_pdf
from residents.models import Stay

from .models import ImplementationPlan

PDF_LANGUAGE = "sv"


def name_for_her_copy(resident) -> str:
    """Her alias or first name, never the surname or personnummer; a protected woman only by alias."""
    if resident.is_protected:
        return resident.alias
    return resident.alias or resident.first_name


def render_plan_pdf(*, plan: ImplementationPlan, stay: Stay, areas: list) -> bytes:
    resident = stay.resident
    context = {
        "plan": plan,
        "stay": stay,
        "areas": areas,
        "name": name_for_her_copy(resident),
        # The case number could identify a protected woman if the paper is lost.
        "case_number": "" if resident.is_protected else resident.case_number,
        "printed_on": timezone.localdate(),
    }
    with translation.override(PDF_LANGUAGE):
        html = render_to_string("plans/plan_pdf.html", context)
    return html_to_pdf(html)
