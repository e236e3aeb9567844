"""Placement requests: anonymous records; a request that led to a stay shows her case number, so the list and a
request are audited as reads (jour/access/policy.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jour.audit.log import shows
from jour.lib.formpages import form_page
from jour.lib.formtoken import save_once
from jour.lib.months import local_bounds

from ..forms import PlacementRequestForm, RequestFilterForm
from ..models import PlacementRequest
from ..requests import RULE_REQUESTS, request_statistics
from ..scope import get_placement_request_for_user

PAGE_SIZE = 50


def request_list(request: HttpRequest) -> HttpResponse:
    filters = RequestFilterForm(request.GET or None)
    requests = PlacementRequest.objects.for_user(request.user)
    today = timezone.localdate()
    start, end = today.replace(month=1, day=1), today
    if filters.is_valid():
        data = filters.cleaned_data
        start, end = data["date_from"] or start, data["date_to"] or end
        if data["outcome"]:
            requests = requests.filter(outcome=data["outcome"])
    since, until = local_bounds(start, end)
    requests = requests.filter(received_at__gte=since, received_at__lt=until).select_related(
        "municipality", "referred_to", "stay__resident"
    )
    page = Paginator(requests.order_by("-received_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, object_type=PlacementRequest._meta.label_lower, list="list", rows=len(page.object_list))
    return render(
        request,
        "regulation/request_list.html",
        {
            "page": page,
            "filters": filters,
            "start": start,
            "end": end,
            "stats": request_statistics(start=start, end=end),
            "rule": RULE_REQUESTS,
        },
    )


@save_once
def request_create(request: HttpRequest) -> HttpResponse:
    return _request_form(request, PlacementRequest())


@save_once
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_form(request, get_placement_request_for_user(request, pk))


def _request_form(request: HttpRequest, placement_request: PlacementRequest) -> HttpResponse:
    form = PlacementRequestForm(request.POST or None, instance=placement_request)
    context = {
        "title": _("New placement request") if placement_request.pk is None else _("Placement request"),
        "hint": _("A request is anonymous: no names, no phone numbers. It is linked to her stay when she is admitted."),
        "back": "regulation:request_list",
    }
    message, done = _("The request is saved."), "regulation:request_list"
    return form_page(request, form, message=message, success_url=done, template="regulation/form.html", context=context)
