"""Handing a placement's documentation over to the placing municipality (coordinator only, every step audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.privacy.models import RetentionPolicy
from residents.models import Stay

from .. import output
from ..handover import handover_context, stays_to_hand_over
from .common import download

PAGE_SIZE = 50


def _get_stay_for_user(request: HttpRequest, pk: int) -> Stay:
    stays = Stay.objects.filter(placed_by_social_services=True).select_related(
        "resident", "placing_municipality", "home_municipality"
    )
    return get_for_user(request, stays, pk=pk)


def handovers(request: HttpRequest) -> HttpResponse:
    stays = stays_to_hand_over(Stay.objects.for_user(request.user))
    page = Paginator(stays, PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, object_type="residents.stay", rows=len(page), list="handover")
    return render(request, "regulation/handovers.html", {"page": page, "policy": RetentionPolicy.load()})


def handover_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _get_stay_for_user(request, pk)
    context = handover_context(stay)
    content = output.render_pdf("regulation/handover_pdf.html", context)
    shows(request, stay, format="pdf", handover=True, children=len(context["children"]))
    return download(content, filename=f"overlamning-{stay.pk}.pdf", mime="application/pdf")


@require_POST
def handover_mark(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _get_stay_for_user(request, pk)
    if stay.handed_over_on is None:
        stay.handed_over_on = timezone.localdate()
        stay.save(update_fields=["handed_over_on"])
        record(request, Action.CHANGE, stay, fields=["handed_over_on"])
        messages.success(request, _("Marked as handed over to the placing municipality today."))
    return redirect("regulation:handovers")
