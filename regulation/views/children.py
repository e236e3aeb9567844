"""Each accompanying child's own placement, plan and views. Every page shows a child: audited as VIEW."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jour.audit.log import shows
from jour.lib.formpages import form_page
from jour.lib.formtoken import save_once
from residents.models import Child, ChildStay

from .. import children
from ..forms import ChildPlacementForm, ChildPlanForm, ChildViewForm
from ..models import ChildPlacement, ChildPlan, ChildView

FORM = "regulation/form.html"


def _get_child_stay_for_user(request: HttpRequest, pk: int) -> ChildStay:
    """A child's stay through the children the user may see; anyone else's is 404. The page shows the child."""
    child_stay = get_object_or_404(
        ChildStay.objects.filter(child__in=Child.objects.for_user(request.user)).select_related(
            "child", "stay__resident", "stay__room"
        ),
        pk=pk,
    )
    shows(request, child_stay.child, placement=child_stay.pk)
    return child_stay


def children_list(request: HttpRequest) -> HttpResponse:
    """The children living here now, each with what is missing in her or his own placement."""
    today = timezone.localdate()
    rows = list(children.current_child_stays(on=today, user=request.user))
    for child_stay in rows:
        child_stay.flag_labels = children.flag_labels(children.flags(child_stay))
    shows(request, object_type="residents.child", rows=len(rows), list="placements")
    return render(request, "regulation/children.html", {"rows": rows, "today": today})


def child_stay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child_stay = _get_child_stay_for_user(request, pk)
    placement = ChildPlacement.objects.filter(child_stay=child_stay).select_related("deciding_municipality").first()
    plan = ChildPlan.objects.filter(child_stay=child_stay).first()
    views = list(ChildView.objects.filter(child_stay=child_stay).select_related("recorded_by"))
    found = children.flags(_with(child_stay, placement, plan, len(views)))
    return render(
        request,
        "regulation/child_stay.html",
        {
            "child_stay": child_stay,
            "child": child_stay.child,
            "stay": child_stay.stay,
            "placement": placement,
            "plan": plan,
            "views": views,
            "flags": children.flag_labels(found),
        },
    )


def _with(child_stay: ChildStay, placement, plan, views_count: int) -> ChildStay:
    """The child's stay with its placement, plan and number of views set as flags() reads them."""
    child_stay._state.fields_cache["placement"] = placement
    child_stay._state.fields_cache["plan"] = plan
    child_stay.views_count = views_count
    return child_stay


@save_once
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _one_per_stay(request, pk, ChildPlacement, ChildPlacementForm, _("The child's placement"))


@save_once
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _one_per_stay(request, pk, ChildPlan, ChildPlanForm, _("The child's implementation plan"))


def _one_per_stay(request: HttpRequest, pk: int, model, form_class, title) -> HttpResponse:
    """The child's one placement or one plan for this stay: made on its first save, edited after."""
    child_stay = _get_child_stay_for_user(request, pk)
    record = model.objects.filter(child_stay=child_stay).first() or model(child_stay=child_stay)
    return _child_form_page(request, child_stay, form_class(request.POST or None, instance=record), title)


@save_once
def view_create(request: HttpRequest, pk: int) -> HttpResponse:
    child_stay = _get_child_stay_for_user(request, pk)
    form = ChildViewForm(request.POST or None, instance=ChildView(child_stay=child_stay, recorded_by=request.user))
    hint = _(
        "Let the child tell in her or his own way, as far as age and maturity allow: a conversation, a drawing or "
        "play. Never use the child as an interpreter for the mother."
    )
    return _child_form_page(request, child_stay, form, _("The child's views"), hint=hint)


def _child_form_page(request: HttpRequest, child_stay: ChildStay, form, title: str, **extra) -> HttpResponse:
    """A form of the child's placement, plan or views: saved, it leads back to the child's page of this stay."""
    done = reverse("regulation:child_stay", args=[child_stay.pk])
    context = {
        "title": title,
        "subtitle": f"{child_stay.child.first_name} ({child_stay.child.birth_year}) · "
        f"{child_stay.stay.resident.case_number} · {child_stay.stay.intake:%Y-%m-%d}",
        "back_url": done,
        **extra,
    }
    return form_page(request, form, message=_("Saved."), success_url=done, template=FORM, context=context)
