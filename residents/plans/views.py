"""Implementation plans and the support around them. Thin views; objects always through scoped querysets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.lib.formpages import form_page, save_audited
from jour.lib.formtoken import save_once
from jour.lib.rows import short_dates, url_for_pk
from residents.disclosure import Audience, woman_shown
from residents.models import RESIDENT_LIST_FIELDS, Resident, Stay, resident_fields_besides
from residents.scope import get_resident_for_user, get_stay_for_user

from .forms import (
    ActivityForm,
    GoalForm,
    HouseMeetingForm,
    OrientationForm,
    OrientationTopicForm,
    PlanFollowUpForm,
    PlanForm,
    SafetyPlanForm,
    SelfAssessmentForm,
    SupportEntryForm,
    current_residents_for_meeting,
)
from .models import (
    OPEN_ACTIVITY_STATUSES,
    SCORE_MAX,
    SCORE_MIN,
    Activity,
    ActivityStatus,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    LifeArea,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    PlanFollowUp,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
    stay_has_ended,
)
from .pdf import render_plan_pdf

STAYS_WITHOUT_PLAN_AFTER = timedelta(days=7)
FORM = "lib/form.html"
RESIDENT_FORM = "plans/resident_form.html"


# Fetch helpers: everything through a queryset scoped to the user, so out of scope is 404 ------


def _require_plan_editable(request: HttpRequest, stay: Stay) -> None:
    """After her stay has ended only the coordinator may change the plan; staff get 404."""
    if stay_has_ended(stay) and not request.user.is_coordinator:
        raise Http404


def _get_stay_for_plan_edit(request: HttpRequest, pk: int) -> Stay:
    stay = get_stay_for_user(request, pk)
    _require_plan_editable(request, stay)
    return stay


def _get_goal_for_edit(request: HttpRequest, pk: int) -> Goal:
    goal = get_for_user(request, Goal.objects.select_related("plan__stay__resident"), pk=pk)
    _require_plan_editable(request, goal.plan.stay)
    return goal


def _get_activity_for_edit(request: HttpRequest, pk: int) -> Activity:
    activity = get_for_user(request, Activity.objects.select_related("goal__plan__stay__resident"), pk=pk)
    _require_plan_editable(request, activity.goal.plan.stay)
    return activity


def _get_support_entry_for_user(request: HttpRequest, pk: int) -> SupportEntry:
    return get_for_user(request, SupportEntry.objects.select_related("resident"), pk=pk)


def _get_meeting_for_user(request: HttpRequest, pk: int) -> HouseMeeting:
    return get_for_user(request, HouseMeeting.objects.all(), pk=pk)


def _plan_with_contents(request: HttpRequest, stay: Stay) -> ImplementationPlan | None:
    """The plan with goals, activities and follow-ups in a fixed number of queries."""
    return (
        ImplementationPlan.objects.for_user(request.user)
        .filter(stay=stay)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related("activities")),
            Prefetch("follow_ups", queryset=PlanFollowUp.objects.select_related("author")),
        )
        .first()
    )


def _goals_by_area(plan: ImplementationPlan | None) -> list[tuple[str, list[Goal]]]:
    if plan is None:
        return []
    goals = list(plan.goals.all())
    return [
        (label, [goal for goal in goals if goal.area == value])
        for value, label in LifeArea.choices
        if any(goal.area == value for goal in goals)
    ]


def _week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


# Dashboard -------------------------------------------------------------------------------------


# The dashboard's lists as HTML made in Python, like the occupancy board's rows (residents/views.py): every woman
# living here (~570 rows at national scale) and the week's due items (~330), where the template's loops with a
# {% url %}, a date filter and a name per row cost most of the page. Constant markup, every value escaped.
@dataclass(frozen=True)
class CurrentStay:
    """A row of the table of every woman living here: plain values, no model instances for 570 stays."""

    pk: int
    intake: date
    resident: Resident
    room: str
    has_goals: bool

    @property
    def resident_id(self) -> int:
        return self.resident.pk


STAY_ROW = '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td><td><a href="{}">{}</a></td></tr>'
DUE_ITEM = '<li class="list-group-item"><a href="{}">{}</a>{}</li>'
DUE_ACTIVITY = ':\n{} <span class="badge text-bg-light">{}</span>\n<span class="text-muted small">{}{}</span>'
DUE_ON = '\n<span class="text-muted small">{}</span>'


def _stay_rows(stays) -> SafeString:
    """One row per current stay: her name (as the staff lists show it), room, intake, her plan and support."""
    plan_url, support_url, short = url_for_pk("plans:stay_plan"), url_for_pk("plans:resident"), short_dates()
    open_plan, start_plan, her_support = escape(_("Open plan")), escape(_("Start plan")), escape(_("Her support"))
    return mark_safe(  # constant markup, every value escaped above
        "\n".join(
            STAY_ROW.format(
                escape(woman_shown(stay.resident, Audience.STAFF_LIST)),
                escape(stay.room),
                escape(short(stay.intake)),
                escape(plan_url(stay.pk)),
                open_plan if stay.has_goals else start_plan,
                escape(support_url(stay.resident_id)),
                her_support,
            )
            for stay in stays
        )
    )


def _due_items(rows, *, url, pk_of, resident_of, tail_of) -> SafeString:
    """One list item per row: her name (as the staff lists show it) linked to where the work is, then its tail."""
    return mark_safe(  # constant markup, every value escaped by the caller's tail_of and here
        "\n".join(
            DUE_ITEM.format(
                escape(url(pk_of(row))), escape(woman_shown(resident_of(row), Audience.STAFF_LIST)), tail_of(row)
            )
            for row in rows
        )
    )


def _due_lists(*, activities, follow_ups, reviews, without_plan) -> dict[str, SafeString]:
    plan_url, short = url_for_pk("plans:stay_plan"), short_dates()
    follow_up_on, intake = escape(_("follow up on")), escape(_("intake"))
    statuses = {value: escape(str(label)) for value, label in ActivityStatus.choices}

    def activity_tail(activity) -> str:
        follow_up = f" · {follow_up_on} {escape(short(activity.follow_up_on))}" if activity.follow_up_on else ""
        status = statuses.get(activity.status, escape(activity.status))  # get_status_display(), looked up once
        return DUE_ACTIVITY.format(escape(activity.what), status, escape(short(activity.when)), follow_up)

    return {
        "activity_items": _due_items(
            activities,
            url=plan_url,
            pk_of=lambda activity: activity.goal.plan.stay_id,
            resident_of=lambda activity: activity.goal.plan.stay.resident,
            tail_of=activity_tail,
        ),
        "follow_up_items": _due_items(
            follow_ups,
            url=plan_url,
            pk_of=lambda plan: plan.stay_id,
            resident_of=lambda plan: plan.stay.resident,
            tail_of=lambda plan: DUE_ON.format(escape(short(plan.next_follow_up_on))),
        ),
        "review_items": _due_items(
            reviews,
            url=url_for_pk("plans:safety_plan"),
            pk_of=lambda plan: plan.resident_id,
            resident_of=lambda plan: plan.resident,
            tail_of=lambda plan: DUE_ON.format(escape(short(plan.review_on))),
        ),
        "without_plan_items": _due_items(
            without_plan,
            url=plan_url,
            pk_of=lambda stay: stay.pk,
            resident_of=lambda stay: stay.resident,
            tail_of=lambda stay: DUE_ON.format(f"{intake} {escape(short(stay.intake))}"),
        ),
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    """What is due this week: activities, plan follow-ups, safety-plan reviews, stays still without a plan."""
    user = request.user
    today = timezone.localdate()
    monday, sunday = _week(today)
    current_stays = Stay.objects.for_user(user).current(today)
    activities = (
        Activity.objects.for_user(user)
        .filter(status__in=OPEN_ACTIVITY_STATUSES, goal__plan__stay__in=current_stays)
        .filter(Q(when__lte=sunday) | Q(follow_up_on__lte=sunday))
        .select_related("goal__plan__stay__resident")
        .only(  # what the list shows: the activity, her name and where her plan is
            "what",
            "status",
            "when",
            "follow_up_on",
            "goal__plan__stay__resident",
            *(f"goal__plan__stay__resident__{field}" for field in RESIDENT_LIST_FIELDS),
        )
        .order_by("when", "follow_up_on", "pk")
    )
    follow_ups = (
        ImplementationPlan.objects.for_user(user)
        .filter(stay__in=current_stays, next_follow_up_on__lte=sunday)
        .select_related("stay__resident")
        .defer(*resident_fields_besides("stay__resident"))
        .order_by("next_follow_up_on", "pk")
    )
    reviews = (
        SafetyPlan.objects.for_user(user)
        # Her id among the current stays' (not a join through all her stays, which needed DISTINCT and read
        # every stay ever made).
        .filter(resident__in=current_stays.values("resident_id"), review_on__lte=sunday)
        .select_related("resident")
        .defer("measures", "code_words", "emergency_contacts", "risk_assessed_by", *resident_fields_besides("resident"))
        .order_by("review_on", "pk")
    )
    # Every woman living here, with only what the table shows: 570 stays at national scale. Her name by id (an
    # index lookup per woman, where a join read the whole residents table), and which stays have goals as one
    # set (where an EXISTS per stay was planned as a hash of every goal ever written).
    rows = list(current_stays.order_by("room__name", "pk").values_list("pk", "intake", "resident_id", "room__name"))
    residents = Resident.objects.for_user(user).defer(*resident_fields_besides("")).in_bulk({row[2] for row in rows})
    with_goals = set(
        Goal.objects.for_user(user)
        .filter(plan__stay__in=current_stays)
        .order_by()
        .values_list("plan__stay_id", flat=True)
    )
    stays = [
        CurrentStay(pk, intake, residents[resident_id], room, pk in with_goals)
        for pk, intake, resident_id, room in rows
    ]
    cutoff = today - STAYS_WITHOUT_PLAN_AFTER
    without_plan = sorted(
        (stay for stay in stays if stay.intake <= cutoff and not stay.has_goals),
        key=lambda stay: (stay.intake, stay.pk),
    )
    context = {
        "today": today,
        "monday": monday,
        "sunday": sunday,
        **_due_lists(activities=activities, follow_ups=follow_ups, reviews=reviews, without_plan=without_plan),
        "stay_rows": _stay_rows(stays),
    }
    shows(request, object_type="plans.implementationplan", list="dashboard", rows=len(stays))
    return render(request, "plans/dashboard.html", context)


# The implementation plan -----------------------------------------------------------------------


def stay_plan(request: HttpRequest, stay_pk: int) -> HttpResponse:
    stay = get_stay_for_user(request, stay_pk)
    plan = _plan_with_contents(request, stay)
    if plan is not None:
        shows(request, plan)
    ended = stay_has_ended(stay)
    context = {
        "stay": stay,
        "resident": stay.resident,
        "plan": plan,
        "areas": _goals_by_area(plan),
        "ended": ended,
        "can_edit": not ended or request.user.is_coordinator,
        "today": timezone.localdate(),
    }
    return render(request, "plans/plan.html", context)


@save_once
def plan_edit(request: HttpRequest, stay_pk: int) -> HttpResponse:
    stay = _get_stay_for_plan_edit(request, stay_pk)
    plan = ImplementationPlan.objects.for_user(request.user).filter(stay=stay).first() or ImplementationPlan(stay=stay)
    form = PlanForm(request.POST or None, instance=plan)
    return _plan_form_page(request, form, stay, _("Implementation plan"), message=_("The plan is saved."))


def _plan_form_page(request: HttpRequest, form, stay: Stay, title: str, *, message: str, **extra) -> HttpResponse:
    """A form of her plan (the plan, a goal, an activity): saved, it leads back to the plan."""
    done = reverse("plans:stay_plan", args=[stay.pk])
    context = _plan_form_context(stay, title, **extra)
    return form_page(request, form, message=message, success_url=done, template="plans/form.html", context=context)


def _plan_form_context(stay: Stay, title: str, **extra) -> dict:
    return {"stay": stay, "title": title, "back": ("plans:stay_plan", stay.pk), **extra}


def _plan_for_stay(request: HttpRequest, stay: Stay) -> ImplementationPlan:
    plan, created = ImplementationPlan.objects.get_or_create(stay=stay, defaults={"created_by": request.user})
    if created:
        record(request, Action.CREATE, plan)
    return plan


@save_once
def goal_create(request: HttpRequest, stay_pk: int) -> HttpResponse:
    stay = _get_stay_for_plan_edit(request, stay_pk)
    form = GoalForm(request.POST or None, initial={"area": request.GET.get("area", "")})
    if request.method == "POST" and form.is_valid():  # the plan is made by the first goal, not by opening the form
        save_audited(request, form, message=_("The goal is added."), values={"plan": _plan_for_stay(request, stay)})
        return redirect("plans:stay_plan", stay_pk=stay.pk)
    return render(request, "plans/form.html", {"form": form, **_plan_form_context(stay, _("New goal"))})


@save_once
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_edit(request, pk)
    stay = goal.plan.stay
    form = GoalForm(request.POST or None, instance=goal)
    delete_url = ("plans:goal_delete", goal.pk)
    return _plan_form_page(request, form, stay, _("Edit goal"), message=_("The goal is saved."), delete_url=delete_url)


@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_edit(request, pk)
    stay = goal.plan.stay
    record(request, Action.DELETE, goal)
    goal.delete()
    messages.success(request, _("The goal is removed."))
    return redirect("plans:stay_plan", stay_pk=stay.pk)


@save_once
def activity_create(request: HttpRequest, goal_pk: int) -> HttpResponse:
    goal = _get_goal_for_edit(request, goal_pk)
    stay = goal.plan.stay
    form = ActivityForm(request.POST or None, instance=Activity(goal=goal))
    return _plan_form_page(request, form, stay, _("New activity"), message=_("The activity is added."), goal=goal)


@save_once
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity_for_edit(request, pk)
    stay = activity.goal.plan.stay
    form = ActivityForm(request.POST or None, instance=activity)
    message = _("The activity is saved.")
    return _plan_form_page(request, form, stay, _("Edit activity"), message=message, goal=activity.goal)


@save_once
def follow_up_create(request: HttpRequest, stay_pk: int) -> HttpResponse:
    stay = _get_stay_for_plan_edit(request, stay_pk)
    existing = ImplementationPlan.objects.for_user(request.user).filter(stay=stay).first()
    initial = {"held_on": timezone.localdate()}
    form = PlanFollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = existing or _plan_for_stay(request, stay)
        next_on = form.cleaned_data["next_follow_up_on"]
        if next_on != plan.next_follow_up_on:
            # Before the follow-up's save and its message: a plan saved meanwhile (StaleVersion, a 409 and a
            # rollback) must leave no "saved" message behind.
            plan.next_follow_up_on = next_on
            plan.save(update_fields=["next_follow_up_on", "updated_at"])
            record(request, Action.CHANGE, plan, fields=["next_follow_up_on"])
        values = {"plan": plan, "author": request.user}
        save_audited(request, form, message=_("The follow-up is saved."), values=values)
        return redirect("plans:stay_plan", stay_pk=stay.pk)
    return render(request, "plans/form.html", {"form": form, **_plan_form_context(stay, _("Follow-up of the plan"))})


def plan_pdf(request: HttpRequest, stay_pk: int) -> HttpResponse:
    """Her own copy: Swedish, large type, no surname, personnummer or (if protected) case number."""
    stay = get_stay_for_user(request, stay_pk)
    plan = _plan_with_contents(request, stay)
    if plan is None:
        raise Http404
    pdf = render_plan_pdf(plan=plan, stay=stay, areas=_goals_by_area(plan))
    shows(request, plan, format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="genomforandeplan-{stay.pk}.pdf"'
    return response


# Her support: overview, practical support log -------------------------------------------------


def resident_support(request: HttpRequest, resident_pk: int) -> HttpResponse:
    """Everything around her plans on one page: stays and plans, support log, orientation, safety, self-esteem."""
    resident = get_resident_for_user(request, resident_pk)
    shows(request, resident, section="support")
    stays = (
        resident.stays.select_related("implementation_plan")
        .annotate(goal_count=Count("implementation_plan__goals"))
        .order_by("-intake", "-pk")
    )
    support = resident.support_entries.select_related("staff_member").order_by("-on", "-pk")
    orientation = resident.orientation_progress.aggregate(
        done=Count("pk", filter=Q(status=OrientationStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=OrientationStatus.IN_PROGRESS)),
    )
    context = {
        "resident": resident,
        "stays": stays,
        "support": support,
        "orientation": orientation,
        "topic_count": OrientationTopic.objects.active().count(),
        "safety_plan": SafetyPlan.objects.for_user(request.user)
        .filter(resident=resident)
        .only("pk", "review_on", "resident")
        .first(),
        "assessments": list(
            resident.self_assessments.order_by("answered_on", "pk").only(
                "pk", "score", "answered_on", "occasion", "resident"
            )
        ),
        "today": timezone.localdate(),
    }
    return render(request, "plans/resident.html", context)


@save_once
def support_create(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, resident_pk)
    initial = {"on": timezone.localdate(), "staff_member": request.user.pk}
    form = SupportEntryForm(request.POST or None, instance=SupportEntry(resident=resident), initial=initial)
    return _resident_form_page(request, form, _("Practical support"), message=_("The support is recorded."))


@save_once
def support_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_support_entry_for_user(request, pk)
    form = SupportEntryForm(request.POST or None, instance=entry)
    return _resident_form_page(request, form, _("Practical support"), message=_("The support is saved."))


def _resident_form_page(request: HttpRequest, form, title: str, *, message: str, done: str = "plans:resident"):
    """A form of her support (a support entry, her safety plan): saved, it leads back to `done` of hers."""
    resident = form.instance.resident
    done_url, context = reverse(done, args=[resident.pk]), {"resident": resident, "title": title}
    return form_page(request, form, message=message, success_url=done_url, template=RESIDENT_FORM, context=context)


# Society orientation --------------------------------------------------------------------------


def orientation(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, resident_pk)
    topics = OrientationTopic.objects.active()
    progress = {p.topic_id: p for p in resident.orientation_progress.all()}
    form = OrientationForm(request.POST or None, topics=topics, progress=progress)
    if request.method == "POST" and form.is_valid():
        for topic, status, on in form.changes():
            row = progress.get(topic.pk)
            if row is None:
                row = OrientationProgress.objects.create(
                    resident=resident, topic=topic, status=status, on=on, updated_by=request.user
                )
                record(request, Action.CREATE, row)
            else:
                fields = [name for name, value in (("status", status), ("on", on)) if getattr(row, name) != value]
                row.status, row.on, row.updated_by = status, on, request.user
                row.save(update_fields=["status", "on", "updated_by"])
                record(request, Action.CHANGE, row, fields=fields)
        messages.success(request, _("Society orientation is saved."))
        return redirect("plans:resident", resident_pk=resident.pk)
    shows(request, resident, section="orientation")
    return render(request, "plans/orientation.html", {"resident": resident, "form": form})


# The overview's cells as HTML made in Python, like the occupancy board's rows (residents/views.py): every woman
# living here times every topic is thousands of cells (570 × 15 at national scale), and the template's loop with
# its {% if %} and {% translate %} per cell cost ~200 ms of the page. Constant markup, every value escaped.
ORIENTATION_ROW = '<tr><td><a href="{}">{}</a></td>{}</tr>'
ORIENTATION_CELL = '<td class="text-center small">{}</td>'


def _orientation_rows(residents: list[Resident], topics: list[OrientationTopic], status: dict) -> SafeString:
    """One row per woman: her name (as the staff lists show it) linked to her orientation, one cell per topic."""
    orientation_url = url_for_pk("plans:orientation")
    done = '<span class="badge text-bg-success" title="{}">' + escape(_("Done")) + "</span>"
    cells = {
        OrientationStatus.IN_PROGRESS: ORIENTATION_CELL.format(
            f'<span class="badge text-bg-warning">{escape(_("In progress"))}</span>'
        ),
        None: ORIENTATION_CELL.format('<span class="text-muted">–</span>'),
    }
    short = short_dates()

    def cell(found: tuple[str, date] | None) -> str:
        state, on = found or (None, None)
        if state == OrientationStatus.DONE:
            return ORIENTATION_CELL.format(done.format(escape(short(on))))
        return cells.get(state, cells[None])

    return mark_safe(  # constant markup, every value escaped above
        "\n".join(
            ORIENTATION_ROW.format(
                escape(orientation_url(resident.pk)),
                escape(woman_shown(resident, Audience.STAFF_LIST)),
                "".join(cell(status.get((resident.pk, topic.pk))) for topic in topics),
            )
            for resident in residents
        )
    )


def orientation_overview(request: HttpRequest) -> HttpResponse:
    """Which topics each current resident has covered: one row per woman, one column per topic."""
    # By id from the current stays (an index lookup per woman; an EXISTS per resident was planned as a scan of
    # every resident ever, 31 000 at national scale). By first name, sorted here: names are encrypted.
    here = Stay.objects.for_user(request.user).current().order_by().values_list("resident_id", flat=True)
    residents = sorted(
        Resident.objects.for_user(request.user).filter(pk__in=list(here)).defer(*resident_fields_besides("")),
        key=lambda resident: (resident.first_name.casefold(), resident.pk),
    )
    topics = list(OrientationTopic.objects.active())
    status = {
        (resident_id, topic_id): (state, on)
        for resident_id, topic_id, state, on in OrientationProgress.objects.for_user(request.user)
        .filter(resident__in=[r.pk for r in residents], topic__in=[t.pk for t in topics])
        .values_list("resident_id", "topic_id", "status", "on")
    }
    shows(request, object_type="plans.orientationprogress", list="orientation_overview", rows=len(residents))
    context = {"topics": topics, "rows": _orientation_rows(residents, topics, status)}
    return render(request, "plans/orientation_overview.html", context)


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = OrientationTopic.objects.annotate(
        women_done=Count("progress", filter=Q(progress__status=OrientationStatus.DONE))
    )
    return render(request, "plans/topic_list.html", {"topics": topics})


def topic_create(request: HttpRequest) -> HttpResponse:
    return _topic_form_page(request, OrientationTopicForm(request.POST or None), _("New topic"))


def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(OrientationTopic, pk=pk)
    return _topic_form_page(request, OrientationTopicForm(request.POST or None, instance=topic), _("Edit topic"))


def _topic_form_page(request: HttpRequest, form: OrientationTopicForm, title: str) -> HttpResponse:
    message, context = _("The topic is saved."), {"title": title, "back": "plans:topic_list"}
    return form_page(request, form, message=message, success_url="plans:topic_list", template=FORM, context=context)


# Safety plan ----------------------------------------------------------------------------------


def safety_plan(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, resident_pk)
    plan = (
        SafetyPlan.objects.for_user(request.user)
        .filter(resident=resident)
        .select_related("digital_checked_by", "updated_by")
        .first()
    )
    shows(request, plan if plan is not None else resident, section="safety_plan")
    context = {"resident": resident, "plan": plan, "today": timezone.localdate()}
    return render(request, "plans/safety_plan.html", context)


@save_once
def safety_plan_edit(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, resident_pk)
    plan = SafetyPlan.objects.for_user(request.user).filter(resident=resident).first()
    if plan is None:
        plan = SafetyPlan(resident=resident)
        initial = {"review_on": timezone.localdate() + timedelta(days=30)}
        shows(request, resident, section="safety_plan")
    else:
        plan.resident = resident  # the woman her scoped getter fetched: the form's page names her from it
        initial = {}
        shows(request, plan, section="safety_plan")
    form = SafetyPlanForm(request.POST or None, instance=plan, initial=initial)
    message = _("The safety plan is saved.")
    return _resident_form_page(request, form, _("Safety plan"), message=message, done="plans:safety_plan")


def safety_reviews(request: HttpRequest) -> HttpResponse:
    """Safety plans of the women living here now, the next review first; women without one at the end."""
    today = timezone.localdate()
    _monday, sunday = _week(today)
    # The next review first, then by first name (sorted here: names are encrypted); women without a plan last.
    unread = ("measures", "code_words", "emergency_contacts", "risk_assessed_by")  # encrypted, not shown here
    residents = sorted(
        Resident.objects.for_user(request.user)
        .with_current()
        .filter(is_current=True)
        .select_related("safety_plan")
        .defer(*resident_fields_besides(""), *(f"safety_plan__{name}" for name in unread)),
        key=lambda resident: (_review_on(resident) or date.max, resident.first_name.casefold(), resident.pk),
    )
    shows(request, object_type="plans.safetyplan", list="safety_reviews", rows=len(residents))
    return render(request, "plans/safety_reviews.html", {"residents": residents, "today": today, "sunday": sunday})


# Self-assessment ------------------------------------------------------------------------------


def self_assessments(request: HttpRequest, resident_pk: int) -> HttpResponse:
    """Her scores over time with the change from the first and the previous answer."""
    resident = get_resident_for_user(request, resident_pk)
    shows(request, resident, section="self_assessments")
    assessments = list(resident.self_assessments.select_related("entered_by").order_by("answered_on", "pk"))
    rows, previous = [], None
    for assessment in assessments:
        rows.append(
            {
                "assessment": assessment,
                "since_previous": None if previous is None else assessment.score - previous.score,
                "since_first": None if previous is None else assessment.score - assessments[0].score,
            }
        )
        previous = assessment
    change = assessments[-1].score - assessments[0].score if len(assessments) >= 2 else None
    context = {"resident": resident, "rows": rows, "change": change, "bars": _score_bars(assessments)}
    return render(request, "plans/self_assessments.html", context)


def _score_bars(assessments: list[SelfAssessment]) -> list[dict]:
    """Bars for a small SVG chart (viewBox 0 0 300 120): height from the 10–40 score, at most 12 bars."""
    shown = assessments[-12:]
    width = 300 / max(len(shown), 1)
    bars = []
    for i, assessment in enumerate(shown):
        height = round(100 * (assessment.score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) + 4
        bars.append(
            {
                "x": round(i * width + width * 0.15, 1),
                "y": 110 - height,
                "width": round(width * 0.7, 1),
                "height": height,
                "score": assessment.score,
                "label_y": 106 - height,
                "label_x": round(i * width + width / 2, 1),
            }
        )
    return bars


@save_once
def self_assessment_create(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, resident_pk)
    assessment = SelfAssessment(resident=resident, entered_by=request.user)
    form = SelfAssessmentForm(request.POST or None, instance=assessment, initial={"answered_on": timezone.localdate()})
    done, message = reverse("plans:self_assessments", args=[resident.pk]), _("The self-assessment is saved.")
    template, context = "plans/self_assessment_form.html", {"resident": resident}
    return form_page(request, form, message=message, success_url=done, template=template, context=context)


# House meetings --------------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        HouseMeeting.objects.for_user(request.user).annotate(present=Count("attendees")).order_by("-held_on", "-pk")
    )
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    shows(request, object_type="plans.housemeeting", list="house_meetings", rows=len(page))
    return render(request, "plans/meeting_list.html", {"page": page})


@save_once
def meeting_create(request: HttpRequest) -> HttpResponse:
    residents = current_residents_for_meeting(request.user)
    initial = {"held_on": timezone.localdate()}
    form = HouseMeetingForm(request.POST or None, residents=residents, initial=initial)
    return _meeting_form_page(request, form, _("New house meeting"))


@save_once
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk)
    residents = current_residents_for_meeting(request.user, meeting)
    form = HouseMeetingForm(request.POST or None, instance=meeting, residents=residents)
    return _meeting_form_page(request, form, _("House meeting"))


def _meeting_form_page(request: HttpRequest, form: HouseMeetingForm, title: str) -> HttpResponse:
    message, context = _("The house meeting is saved."), {"title": title, "back": "plans:meeting_list"}
    return form_page(request, form, message=message, success_url="plans:meeting_list", template=FORM, context=context)


def _review_on(resident: Resident):
    try:
        return resident.safety_plan.review_on
    except SafetyPlan.DoesNotExist:
        return None
