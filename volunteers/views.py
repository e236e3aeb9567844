"""Contact women: the volunteer's own pages ("Mina träffar") and the staff pages.

Every object is fetched through a queryset scoped to the signed-in user, so another
volunteer's meeting or match (or any resident) answers 404.
"""

from __future__ import annotations

import hmac
from datetime import date, datetime, time, timedelta
from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.accounts.models import Role
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.lib.formpages import form_page, save_audited
from jour.lib.formtoken import save_once
from jour.lib.rows import url_for_pk
from jour.lib.versioning import is_stale
from residents.disclosure import Audience, woman_shown
from residents.models import RESIDENT_LIST_FIELDS, Resident, Stay, resident_fields_besides
from residents.scope import get_resident_for_user

from . import services
from .forms import (
    AvailabilityForm,
    MakeUpForm,
    MatchEndForm,
    MeetingForm,
    MeetingHeldForm,
    StudyCircleForm,
    StudySessionForm,
    VolunteerProfileForm,
    WishesForm,
)
from .ical import meetings_ical
from .matching import rank_candidates
from .models import (
    DAY_PARTS,
    OPEN_MATCH_STATUSES,
    REQUIRED_SESSIONS,
    WEEKDAYS,
    Attendance,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    StudyCircle,
    StudySession,
    VolunteerProfile,
    VolunteerStatus,
)
from .projections import her_matches, her_meetings, women_by_match

# Past meetings shown on her page; older ones are not needed on a phone.
PAST_MEETINGS_SHOWN = 20
FORM = "lib/form.html"


# Scoped getters: the one family that turns "not yours" into 404 ---------------------------------


def _get_profile_for_user(request: HttpRequest, pk: int) -> VolunteerProfile:
    return get_for_user(request, VolunteerProfile.objects.select_related("user"), pk=pk)


def _get_match_for_user(request: HttpRequest, pk: int) -> Match:
    return get_for_user(request, Match.objects.select_related("volunteer__user", "resident"), pk=pk)


def _get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    return get_for_user(request, Meeting.objects.all(), pk=pk)


def _get_circle_for_user(request: HttpRequest, pk: int) -> StudyCircle:
    return get_for_user(request, StudyCircle.objects.all(), pk=pk)


def _get_session_for_user(request: HttpRequest, pk: int) -> StudySession:
    return get_for_user(request, StudySession.objects.select_related("circle"), pk=pk)


def _own_profile(request: HttpRequest) -> VolunteerProfile | None:
    return VolunteerProfile.objects.for_user(request.user).filter(user=request.user).first()


def _availability_grid(selected) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Rows of (weekday label, [(slot code, part label, checked)]) for the availability grid."""
    selected = set(selected or [])
    return [
        (label, [(f"{day}_{part}", part_label, f"{day}_{part}" in selected) for part, part_label in DAY_PARTS])
        for day, label in WEEKDAYS
    ]


def index(request: HttpRequest) -> HttpResponse:
    """The contact woman sees "Mina träffar"; staff and the coordinator the volunteer list."""
    if request.user.is_volunteer:
        return _my_meetings(request)
    return _volunteer_list(request)


# The volunteer's own view --------------------------------------------------------------------


def _my_meetings(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    meetings = Meeting.objects.for_user(request.user)
    now = timezone.now()
    upcoming = meetings.filter(status=MeetingStatus.PLANNED, starts_at__gte=now - timedelta(hours=12))
    past = meetings.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:PAST_MEETINGS_SHOWN]
    matches = Match.objects.for_user(request.user).filter(status__in=OPEN_MATCH_STATUSES).order_by("status", "pk")
    calendar_url = ""
    if profile is not None and profile.calendar_token:
        calendar_url = request.build_absolute_uri(
            reverse("volunteers:calendar_feed", kwargs={"token": profile.calendar_token})
        )
    if profile is not None:
        shows(request, profile)
    context = {
        "profile": profile,
        "upcoming": her_meetings(upcoming),
        "past": her_meetings(past),
        "matches": her_matches(matches),
        "calendar_url": calendar_url,
    }
    return render(request, "volunteers/my_meetings.html", context)


@save_once
def my_meeting_new(request: HttpRequest) -> HttpResponse:
    matches = Match.objects.for_user(request.user).filter(status=MatchStatus.ACTIVE)
    form = MeetingForm(request.POST or None, matches=matches)
    # `exists` is called by the template, only when the form is shown again: no query after a save.
    template, context = "volunteers/my_meeting_new.html", {"has_matches": matches.exists}
    message = _("The meeting is planned.")
    return form_page(request, form, message=message, success_url="volunteers:index", template=template, context=context)


@save_once
def my_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark her meeting held (duration, optional note) or cancelled."""
    meeting = _get_meeting_for_user(request, pk)
    planned = meeting.status == MeetingStatus.PLANNED
    form = MeetingHeldForm(
        request.POST if request.method == "POST" and request.POST.get("action") == "held" else None,
        instance=meeting,
    )
    if request.method == "POST" and planned:
        action = request.POST.get("action")
        if action == "cancel":
            meeting.status = MeetingStatus.CANCELLED
            meeting.save(update_fields=["status"])
            record(request, Action.CHANGE, meeting, fields=["status"])
            messages.success(request, _("The meeting is cancelled."))
            return redirect("volunteers:index")
        if action == "held" and form.is_valid():
            meeting = form.save(commit=False)
            meeting.status = MeetingStatus.HELD
            meeting.save()
            record(request, Action.CHANGE, meeting, fields=["status", *form.changed_data])
            messages.success(request, _("Thank you! The meeting is marked as held."))
            return redirect("volunteers:index")
    woman = women_by_match(Match.objects.for_user(request.user).filter(pk=meeting.match_id))[meeting.match_id]
    context = {"meeting": meeting, "woman": woman, "form": form, "planned": planned}
    return render(request, "volunteers/my_meeting.html", context)


@save_once
def my_availability(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    if profile is None:
        return render(request, "volunteers/my_availability.html", {"form": None})
    form = AvailabilityForm(request.POST or None, instance=profile)
    selected = form.data.getlist("availability") if form.is_bound else profile.availability
    template, context = (
        "volunteers/my_availability.html",
        {"grid": _availability_grid(selected), "day_parts": DAY_PARTS},
    )
    message = _("Your availability is saved.")
    return form_page(request, form, message=message, success_url="volunteers:index", template=template, context=context)


def my_match_accept(request: HttpRequest, pk: int) -> HttpResponse:
    match = _get_match_for_user(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        match.accept(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record(request, Action.CHANGE, match, fields=["accepted_at", "status"])
        messages.success(request, _("Thank you for accepting."))
    return redirect("volunteers:index")


@require_POST
def my_calendar_renew(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    if profile is None:
        return redirect("volunteers:index")
    profile.renew_calendar_token()
    record(request, Action.CHANGE, profile, fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("volunteers:index")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Her meetings as iCalendar. Public URL: the long random token is the key; wrong token → 404."""
    if len(token) < 32:
        raise Http404
    profile = (
        VolunteerProfile.objects.filter(  # unscoped: the token is the key
            calendar_token=token, user__is_active=True, user__role=Role.VOLUNTEER
        )
        .exclude(status=VolunteerStatus.ENDED)
        .select_related("user")
        .first()
    )
    if profile is None or not hmac.compare_digest(profile.calendar_token.encode(), token.encode()):
        raise Http404
    # Scoped by her profile, never by her account's role: the feed is public behind its token.
    meetings = Meeting.objects.of_volunteer(profile).exclude(status=MeetingStatus.CANCELLED)  # unscoped: see above
    body, rows = meetings_ical(meetings)
    # Her calendar app fetches it; the trail shows when and from where her feed was read.
    shows(request, profile, actor=profile.user, format="ics", rows=rows)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jour-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# Staff: volunteers ------------------------------------------------------------------------------


def _year_bounds(today: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(date(today.year, 1, 1), time.min, tzinfo=tz)
    return start, datetime.combine(date(today.year + 1, 1, 1), time.min, tzinfo=tz)


def _volunteer_list(request: HttpRequest) -> HttpResponse:
    start, end = _year_bounds(timezone.localdate())
    status = request.GET.get("status", "")
    volunteers = VolunteerProfile.objects.for_user(request.user).with_training().select_related("user")
    if status in VolunteerStatus.values:
        volunteers = volunteers.filter(status=status)
    # Hours in a subquery so the join to meetings cannot multiply the match count.
    hours = (
        Meeting.objects.for_user(request.user)
        .filter(match__volunteer=OuterRef("pk"), status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end)
        .order_by()
        .values("match__volunteer")
        .annotate(h=Sum("duration_hours"))
        .values("h")
    )
    volunteers = volunteers.annotate(
        hours_this_year=Coalesce(Subquery(hours, output_field=DecimalField()), Value(0, output_field=DecimalField())),
        active_matches=Count("matches", filter=Q(matches__status=MatchStatus.ACTIVE), distinct=True),
    ).order_by("user__first_name", "user__last_name", "pk")
    context = {
        "volunteers": volunteers,
        "required": REQUIRED_SESSIONS,
        "statuses": VolunteerStatus.choices,
        "status": status,
    }
    shows(request, object_type="volunteers.volunteerprofile", list="list", rows=len(volunteers))
    return render(request, "volunteers/volunteer_list.html", context)


@save_once
def volunteer_new(request: HttpRequest) -> HttpResponse:
    form = VolunteerProfileForm(request.POST or None)
    message, context = _("The contact woman's profile is created."), _form_context(_("New contact woman"))
    return form_page(request, form, message=message, success_url=_volunteer_url, template=FORM, context=context)


def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_for_user(request, VolunteerProfile.objects.with_training().select_related("user"), pk=pk)
    attendances = (
        Attendance.objects.filter(volunteer=profile).select_related("session__circle").order_by("session__date")
    )
    matches = (
        Match.objects.for_user(request.user).filter(volunteer=profile).select_related("resident").with_after_care()
    )
    context = {
        "profile": profile,
        "attendances": attendances,
        "matches": matches,
        "required": REQUIRED_SESSIONS,
        "problems": profile.eligibility_problems(),
        "grid": _availability_grid(profile.availability),
    }
    return render(request, "volunteers/volunteer_detail.html", context)


@save_once
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile_for_user(request, pk)
    form = VolunteerProfileForm(request.POST or None, instance=profile)
    message, context = _("The profile is saved."), _form_context(_("Edit contact woman"))
    return form_page(request, form, message=message, success_url=_volunteer_url, template=FORM, context=context)


def _volunteer_url(profile: VolunteerProfile) -> str:
    return reverse("volunteers:volunteer_detail", args=[profile.pk])


def _form_context(title: str) -> dict:
    """The shared one-form page (lib/form.html), Cancel leading to the contact women's start page."""
    return {"title": title, "back": "volunteers:index"}


@save_once
def volunteer_make_up(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile_for_user(request, pk)
    form = MakeUpForm(request.POST or None, volunteer=profile)
    if request.method == "POST" and form.is_valid():
        attendance = services.make_up_record(
            volunteer=profile,
            session=form.cleaned_data["session"],
            on=form.cleaned_data["make_up_on"],
            hours=form.cleaned_data["hours"],
            by=request.user,
        )
        record(request, Action.CREATE, attendance)
        messages.success(request, _("The make-up session is recorded."))
        return redirect("volunteers:volunteer_detail", pk=profile.pk)
    return render(request, FORM, {"form": form, **_form_context(_("Record a make-up session"))})


# Staff: study circles ----------------------------------------------------------------------------


def circle_list(request: HttpRequest) -> HttpResponse:
    circles = StudyCircle.objects.for_user(request.user).annotate(
        session_count=Count("sessions", distinct=True), participant_count=Count("participants", distinct=True)
    )
    return render(request, "volunteers/circle_list.html", {"circles": circles})


def circle_new(request: HttpRequest) -> HttpResponse:
    form = StudyCircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        circle = save_audited(request, form, message=_("The study circle is created with eight sessions."))
        circle.create_sessions(first_date=form.cleaned_data["first_date"])
        return redirect("volunteers:circle_detail", pk=circle.pk)
    return render(request, FORM, {"form": form, **_form_context(_("New study circle"))})


def circle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    circle = _get_circle_for_user(request, pk)
    form = StudyCircleForm(request.POST or None, instance=circle)
    message, context = _("The study circle is saved."), _form_context(_("Edit study circle"))
    done = reverse("volunteers:circle_detail", args=[circle.pk])
    return form_page(request, form, message=message, success_url=done, template=FORM, context=context)


def circle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Sessions and the attendance grid; saving the grid records who attended."""
    circle = _get_circle_for_user(request, pk)
    sessions = list(circle.sessions.all())
    participants = list(circle.participants.select_related("user").order_by("user__first_name", "pk"))
    if request.method == "POST":
        present = set()
        for key in request.POST.getlist("present"):
            volunteer_id, _sep, session_id = key.partition("-")
            if volunteer_id.isdigit() and session_id.isdigit():
                present.add((int(volunteer_id), int(session_id)))
        added, removed = services.attendance_record(circle=circle, present=present, by=request.user)
        record(request, Action.CHANGE, circle, fields=["attendance"], detail={"added": added, "removed": removed})
        messages.success(request, _("The attendance is saved."))
        return redirect("volunteers:circle_detail", pk=circle.pk)
    attended = {
        (v, s): make_up
        for v, s, make_up in Attendance.objects.filter(session__circle=circle).values_list(
            "volunteer_id", "session_id", "make_up"
        )
    }
    rows = [
        (
            profile,
            [
                (
                    session,
                    f"{profile.pk}-{session.pk}",
                    (profile.pk, session.pk) in attended,
                    attended.get((profile.pk, session.pk), False),
                )
                for session in sessions
            ],
        )
        for profile in participants
    ]
    return render(request, "volunteers/circle_detail.html", {"circle": circle, "sessions": sessions, "rows": rows})


@save_once
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_user(request, pk)
    form = StudySessionForm(request.POST or None, instance=session)
    message, context = _("The session is saved."), _form_context(_("Edit session"))
    done = reverse("volunteers:circle_detail", args=[session.circle_id])
    return form_page(request, form, message=message, success_url=done, template=FORM, context=context)


# Staff: matching and matches ---------------------------------------------------------------------


# The list's rows as HTML made in Python, like the occupancy board's (residents/views.py): every open match and
# every woman waiting for one (~570 and ~260 at national scale), where the template's loops cost most of the page.
# Constant markup, every value escaped.
MATCH_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>\n'
    '<td>{}{}</td>\n<td>{}</td><td class="text-end">{}</td></tr>'
)


WAITING_ITEM = (
    '<li class="list-group-item d-flex justify-content-between align-items-center">{}\n'
    '<a class="btn btn-sm btn-jour" href="{}">{}</a></li>'
)


def _match_rows(matches) -> SafeString:
    """One row per match: its number linked, her name (as the staff lists show it), the contact woman, status
    (and after-care), start date and meetings held."""
    match_url = url_for_pk("volunteers:match_detail")
    statuses = {value: escape(str(label)) for value, label in MatchStatus.choices}
    after_care = f' <span class="badge text-bg-info">{escape(_("after-care"))}</span>'
    return mark_safe(  # constant markup, every value escaped above
        "\n".join(
            MATCH_ROW.format(
                escape(match_url(match.pk)),
                match.pk,
                escape(woman_shown(match.resident, Audience.STAFF_LIST)),
                escape(match.volunteer.user.display_name),
                statuses.get(match.status, escape(match.status)),
                after_care if match.after_care else "",
                match.started_on.isoformat() if match.started_on else "–",  # the template's date:"Y-m-d"
                match.meetings_held,
            )
            for match in matches
        )
    )


def _waiting_items(residents) -> SafeString:
    """One list item per woman without a contact woman: her name (as the staff lists show it) and the way to
    find one."""
    matching_url, find = url_for_pk("volunteers:matching"), escape(_("Find a contact woman"))
    return mark_safe(  # constant markup, every value escaped
        "\n".join(
            WAITING_ITEM.format(
                escape(woman_shown(resident, Audience.STAFF_LIST)), escape(matching_url(resident.pk)), find
            )
            for resident in residents
        )
    )


def match_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    matches = (
        Match.objects.for_user(request.user)
        .select_related("volunteer__user", "resident")
        .only(
            "status",
            "started_on",
            "proposed_at",
            "volunteer__user__first_name",
            "volunteer__user__last_name",
            "volunteer__user__username",
            *(f"resident__{field}" for field in RESIDENT_LIST_FIELDS),
        )
        .with_after_care()
    )
    if status in MatchStatus.values:
        matches = matches.filter(status=status)
    else:
        matches = matches.filter(status__in=OPEN_MATCH_STATUSES)
    # Counted per match on the meetings' match index (a join and GROUP BY over every column of the page cost more).
    held = Subquery(
        Meeting.objects.filter(match=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    matches = list(matches.annotate(meetings_held=Coalesce(held, 0)).order_by("status", "-proposed_at"))
    # Residents living here now without an open match: the ones to find a contact woman for. By id from the
    # current stays (an index lookup per woman; an EXISTS per resident was planned as a scan of all 31 000).
    # By first name, sorted here: names are encrypted. The women living here now are few.
    here = Stay.objects.for_user(request.user).current().order_by().values_list("resident_id", flat=True)
    waiting = sorted(
        Resident.objects.for_user(request.user)
        .filter(pk__in=list(here))
        .exclude(volunteer_matches__status__in=OPEN_MATCH_STATUSES)
        .defer(*resident_fields_besides("")),
        key=lambda resident: (resident.first_name.casefold(), resident.pk),
    )
    context = {
        "match_rows": _match_rows(matches),
        "waiting_items": _waiting_items(waiting),
        "statuses": MatchStatus.choices,
        "status": status,
    }
    shows(request, object_type="volunteers.match", list="list", rows=len(matches))
    return render(request, "volunteers/match_list.html", context)


@save_once
def matching(request: HttpRequest, resident_pk: int) -> HttpResponse:
    """ "Find a contact woman": enter her wishes, see the ranked candidates with reasons, propose one."""
    resident = get_resident_for_user(request, resident_pk)
    if request.method == "POST":
        form = WishesForm(request.POST)
    else:
        form = WishesForm(initial={"languages": resident.languages, "interpreter_arranged": resident.needs_interpreter})
    ranked = excluded = None
    if request.method == "POST" and form.is_valid():
        wishes = form.wishes()
        proposed = request.POST.get("propose", "")
        if proposed:
            volunteer = get_object_or_404(
                VolunteerProfile.objects.for_user(request.user), pk=int(proposed) if proposed.isdigit() else 0
            )
            try:
                match = services.match_propose(resident=resident, volunteer=volunteer, wishes=wishes, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                record(request, Action.CREATE, match)
                messages.success(
                    request, _("The contact woman is proposed. The match starts when it is approved and she accepts.")
                )
                return redirect("volunteers:match_detail", pk=match.pk)
        ranked, excluded = rank_candidates(resident=resident, wishes=wishes)
    shows(request, resident, page="matching")
    context = {
        "resident": resident,
        "resident_name": woman_shown(resident, Audience.RECORD, user=request.user),
        "form": form,
        "ranked": ranked,
        "excluded": excluded,
    }
    return render(request, "volunteers/matching.html", context)


def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_for_user(
        request,
        Match.objects.select_related("volunteer__user", "resident", "proposed_by", "approved_by").with_after_care(),
        pk=pk,
    )
    meetings = match.meetings.order_by("-starts_at")
    totals = match.meetings.aggregate(
        held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        hours=Coalesce(
            Sum("duration_hours", filter=Q(status=MeetingStatus.HELD)), Value(0, output_field=DecimalField())
        ),
    )
    context = {
        "match": match,
        "meetings": meetings,
        "totals": totals,
        "resident_name": woman_shown(match.resident, Audience.RECORD, user=request.user),
        "seen_by_volunteer": woman_shown(match.resident, Audience.VOLUNTEER),
        "end_form": MatchEndForm(),
    }
    return render(request, "volunteers/match_detail.html", context)


_TRANSITIONS = {"approve", "pause", "resume", "end"}
STALE_TRANSITION = gettext_lazy(
    "Someone else changed this match after you opened it. Nothing was changed: check its status below and try again."
)


def match_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff move a match along its lifecycle: approve, pause, resume, end (with a reason)."""
    match = _get_match_for_user(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action")
    if action not in _TRANSITIONS:
        raise Http404
    if is_stale(match, request.POST):
        messages.error(request, STALE_TRANSITION)
        return redirect("volunteers:match_detail", pk=match.pk)
    try:
        if action == "approve":
            match.approve(by=request.user)
        elif action == "pause":
            match.pause()
        elif action == "resume":
            match.resume()
        else:
            form = MatchEndForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a reason for ending."))
            match.end(reason=form.cleaned_data["end_reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record(request, Action.CHANGE, match, fields=["status"], detail={"action": action})
        messages.success(request, _("The match is updated."))
    return redirect("volunteers:match_detail", pk=match.pk)
