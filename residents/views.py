"""Residents, their children, stays, journals, rooms and the occupancy board. Staff and coordinator only.

Every page showing a person is audited (VIEW). A protected resident's surname and personnummer are
shown only to her contact persons and the coordinator; other staff reveal them with a reason (POST,
audited as REVEAL) for that one page view: the response to the POST shows them, the next page load
masks them again. Nothing is kept in the session, so a reveal cannot outlive the page.
"""

from __future__ import annotations

from html import escape

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from jour.audit.log import record, record_form_save, shows
from jour.audit.models import Action
from jour.crypto import decrypt, encrypt
from jour.lib.formpages import form_page, save_audited
from jour.lib.formtoken import save_once
from jour.lib.rows import url_for_pk

from . import services, stats
from .choices import ProtectionLevel, protection_change_detail
from .disclosure import Audience, may_see_identity, woman_shown
from .forms import (
    ChildForm,
    ChildFormSet,
    DischargeForm,
    JournalEntryForm,
    ResidentForm,
    RevealForm,
    RoomForm,
    SearchForm,
    StayChildrenForm,
    StayFilterForm,
    StayForm,
)
from .models import JOURNAL_EDIT_WINDOW, Child, JournalEntry, Resident, Room, Stay, resident_fields_besides
from .scope import (
    get_child_for_user,
    get_journal_entry_for_user,
    get_resident_for_user,
    get_room_for_user,
    get_stay_for_user,
)

PAGE_SIZE = 50
JOURNAL_FORM = "residents/journal_entry_form.html"
ROOM_FORM = "residents/room_form.html"
SEARCH_SESSION_KEY = "residents_search"


# List and search ------------------------------------------------------------------------------


def _search_term(request: HttpRequest) -> str:
    stored = request.session.get(SEARCH_SESSION_KEY, "")
    try:
        return decrypt(stored) if stored else ""
    except InvalidToken:  # a term from before it was encrypted, or under a key since removed
        return ""


def index(request: HttpRequest) -> HttpResponse:
    """Current residents first, then former ones. The search term lives in the session, never in a URL."""
    form = None
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect("residents:index")
        form = SearchForm(request.POST)
        if form.is_valid():
            # Encrypted in the session too: a session row (a table like any other) must not show whom she sought.
            request.session[SEARCH_SESSION_KEY] = encrypt(form.cleaned_data["q"]) if form.cleaned_data["q"] else ""
            return redirect("residents:index")
        # A term the search cannot use (too long) is said next to the field; the list stays as it was.
    term = _search_term(request)
    today = timezone.localdate()
    residents = services.ResidentList(user=request.user, term=term, on=today)
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    resident_url = url_for_pk("residents:resident_detail")
    for resident in page:  # one reverse() for the page's links, not one {% url %} per row
        resident.detail_url = resident_url(resident.pk)
    shows(request, object_type="residents.resident", list=True, rows=len(page))
    return render(
        request,
        "residents/index.html",
        {"page": page, "form": form or SearchForm(initial={"q": term}), "term": term, "today": today},
    )


# Admission ------------------------------------------------------------------------------------


def _admit(stay_data: dict, *, resident: Resident, children: list, by) -> Stay:
    """services.admit with what the stay form validated."""
    return services.admit(
        resident=resident,
        children=children,
        by=by,
        room=stay_data["room"],
        intake=stay_data["intake"],
        placed_by_social_services=stay_data["placed_by_social_services"],
        decision_date=stay_data["decision_date"],
        placing_municipality=stay_data["placing_municipality"],
        home_municipality=stay_data["home_municipality"],
        case_worker_contact=stay_data["case_worker_contact"],
    )


def stay_list(request: HttpRequest) -> HttpResponse:
    """Stays filtered by period, placement and home municipality: the list behind the report's Q7."""
    form = StayFilterForm(request.GET)
    stays = Stay.objects.none()
    if form.is_valid():
        stays = (
            form.filter(Stay.objects.for_user(request.user))
            .select_related("resident", "room", "home_municipality", "placing_municipality")
            .defer(*resident_fields_besides("resident", shown=("id", "case_number")))  # no name is shown
            .annotate(children_count=Count("child_stays", distinct=True))
            .order_by("-intake", "-id")
        )
    page = Paginator(stays, PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, object_type="residents.stay", list="stays", rows=len(page))
    return render(request, "residents/stay_list.html", {"form": form, "page": page})


def _changed_forms(formset) -> list:
    return [form for form in formset.forms if form.has_changed()]


@save_once
def admit(request: HttpRequest) -> HttpResponse:
    """A new woman, her stay and her children, in one form and one transaction."""
    resident_form = ResidentForm(request.POST or None, prefix="resident")
    children_formset = ChildFormSet(request.POST or None, prefix="children")
    if request.method == "POST":
        children_ok = children_formset.is_valid()
        children_forms = _changed_forms(children_formset) if children_ok else []
        stay_form = StayForm(request.POST, prefix="stay", persons=1 + len(children_forms), with_discharge=False)
        if resident_form.is_valid() & stay_form.is_valid() & children_ok:
            resident = resident_form.save(commit=False)
            children = [form.save(commit=False) for form in children_forms]
            data = stay_form.cleaned_data
            try:
                stay = _admit(data, resident=resident, children=children, by=request.user)
            except services.StayRuleViolation as violation:
                stay_form.add_error(violation.field, violation.message)
            else:
                resident_form.save_m2m()
                record(request, Action.CREATE, resident)
                record(request, Action.CREATE, stay)
                for child in children:
                    record(request, Action.CREATE, child)
                messages.success(request, _("Admitted as %(case)s.") % {"case": resident.case_number})
                return redirect("residents:resident_detail", pk=resident.pk)
    else:
        stay_form = StayForm(prefix="stay", with_discharge=False)
    return render(
        request,
        "residents/admit.html",
        {"resident_form": resident_form, "stay_form": stay_form, "children_formset": children_formset},
    )


# The resident's record ------------------------------------------------------------------------


def _render_resident(
    request: HttpRequest, resident: Resident, *, revealed: bool = False, reveal_form: RevealForm | None = None
) -> HttpResponse:
    stays = list(
        resident.stays.select_related("room", "placing_municipality", "home_municipality").prefetch_related("children")
    )
    children = list(resident.children.select_related("designated_staff"))
    contact_persons = list(resident.contact_persons.all())
    may_see = may_see_identity(resident, request.user, contact_person_ids={p.pk for p in contact_persons})
    return render(
        request,
        "residents/resident_detail.html",
        {
            "resident": resident,
            "stays": stays,
            "children": children,
            "contact_persons": contact_persons,
            "show_identity": may_see or revealed,
            "resident_name": woman_shown(resident, Audience.RECORD, user=request.user, revealed=may_see or revealed),
            "revealed": revealed and not may_see,
            "reveal_form": reveal_form or RevealForm(),
            "today": timezone.localdate(),
        },
    )


def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_resident(request, get_resident_for_user(request, pk))


@require_POST
def resident_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a protected resident's identity for this one response, after an audited reason."""
    resident = get_resident_for_user(request, pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _render_resident(request, resident, reveal_form=form)
    record(
        request,
        Action.REVEAL,
        resident,
        fields=["last_name", "personnummer"],
        detail={"reason": form.cleaned_data["reason"]},
    )
    return _render_resident(request, resident, revealed=True)


@save_once
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for_user(request, pk)
    show_identity = may_see_identity(resident, request.user)
    level_before = resident.protection_level
    form = ResidentForm(request.POST or None, instance=resident, show_identity=show_identity)
    if request.method == "POST" and form.is_valid():  # the validated form has set the new level on her
        detail = protection_change_detail(level_before, resident.protection_level)
        save_audited(request, form, message=_("Saved."), detail=detail)
        return redirect("residents:resident_detail", pk=resident.pk)
    return render(request, "residents/resident_form.html", {"form": form, "resident": resident})


# Stays ----------------------------------------------------------------------------------------


@save_once
def stay_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new stay for a woman already known, with the children who come along."""
    resident = get_resident_for_user(request, pk)
    children_form = StayChildrenForm(request.POST or None, resident=resident)
    if request.method == "POST":
        children_ok = children_form.is_valid()
        children = list(children_form.cleaned_data["children"]) if children_ok else []
        form = StayForm(request.POST, resident=resident, persons=1 + len(children), with_discharge=False)
        if form.is_valid() and children_ok:
            data = form.cleaned_data
            try:
                stay = _admit(data, resident=resident, children=children, by=request.user)
            except services.StayRuleViolation as violation:
                form.add_error(violation.field, violation.message)
            else:
                record(request, Action.CREATE, stay)
                messages.success(request, _("The stay is registered."))
                return redirect("residents:resident_detail", pk=resident.pk)
    else:
        form = StayForm(resident=resident, with_discharge=False)
    return render(
        request, "residents/stay_form.html", {"form": form, "children_form": children_form, "resident": resident}
    )


@save_once
def stay_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_stay_for_user(request, pk)
    persons = 1 + stay.child_stays.count()
    form = StayForm(request.POST or None, instance=stay, resident=stay.resident, persons=persons)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_stay(form.save(commit=False))
        except services.StayRuleViolation as violation:
            stay.refresh_from_db()
            form.add_error(violation.field, violation.message)
        else:
            record_form_save(request, form, stay, created=False)
            messages.success(request, _("Saved."))
            return redirect("residents:resident_detail", pk=stay.resident_id)
    return render(request, "residents/stay_form.html", {"form": form, "resident": stay.resident, "stay": stay})


def stay_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_stay_for_user(request, pk, open_only=True)
    form = DischargeForm(request.POST or None, stay=stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_discharge(
                stay=stay,
                on=form.cleaned_data["discharge"],
                destination=form.cleaned_data["discharge_destination"],
                by=request.user,
            )
        except services.StayRuleViolation as violation:
            form.add_error("discharge", violation.message)
        else:
            record(request, Action.CHANGE, stay, fields=["discharge", "discharge_destination"])
            messages.success(request, _("She is discharged."))
            return redirect("residents:resident_detail", pk=stay.resident_id)
    return render(request, "residents/stay_discharge.html", {"form": form, "stay": stay, "resident": stay.resident})


# Children -------------------------------------------------------------------------------------


@save_once
def child_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A child of hers; if she lives here now, the child moves into her current stay."""
    resident = get_resident_for_user(request, pk)
    current_stay = (
        Stay.objects.for_user(request.user).current().filter(resident=resident).select_related("room").first()
    )
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = form.save(commit=False)
        child.mother = resident
        try:
            with transaction.atomic():
                child.save()
                if current_stay is not None:
                    services.link_child_to_stay(child=child, stay=current_stay)
        except services.StayRuleViolation as violation:
            child.pk = None
            form.add_error(None, violation.message)
        else:
            record(request, Action.CREATE, child)
            messages.success(request, _("The child is registered."))
            return redirect("residents:child_detail", pk=child.pk)
    return render(
        request, "residents/child_form.html", {"form": form, "resident": resident, "current_stay": current_stay}
    )


def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_for_user(request, pk)
    stays = list(child.stays.select_related("room").order_by("-intake"))
    return render(request, "residents/child_detail.html", {"child": child, "stays": stays})


@save_once
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_for_user(request, pk)
    level_before = child.protection_level
    form = ChildForm(
        request.POST or None, instance=child, may_change_protection=child.may_change_protection(request.user)
    )
    if request.method == "POST" and form.is_valid():  # the validated form has set the new level on the child
        detail = protection_change_detail(level_before, child.protection_level)
        save_audited(request, form, message=_("Saved."), detail=detail)
        return redirect("residents:child_detail", pk=child.pk)
    return render(request, "residents/child_form.html", {"form": form, "child": child, "resident": child.mother})


# Journal --------------------------------------------------------------------------------------


def _journal(request: HttpRequest, *, resident: Resident | None = None, child: Child | None = None) -> HttpResponse:
    subject = resident or child
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {"resident": resident, "child": child, "author": request.user}
        save_audited(request, form, message=_("The entry is saved."), values=values)
        return redirect(request.path)
    entries = (
        JournalEntry.objects.for_user(request.user)
        .filter(resident=resident, child=child)
        .select_related("author", "corrects")
        .prefetch_related(Prefetch("corrections", queryset=JournalEntry.objects.order_by("created_at")))
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, subject, journal=True)
    return render(
        request,
        "residents/journal.html",
        {
            "form": form,
            "page": page,
            "resident": resident,
            "child": child,
            "edit_cutoff": timezone.now() - JOURNAL_EDIT_WINDOW,
        },
    )


@save_once
def resident_journal(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal(request, resident=get_resident_for_user(request, pk))


@save_once
def child_journal(request: HttpRequest, pk: int) -> HttpResponse:
    return _journal(request, child=get_child_for_user(request, pk))


def _journal_url(entry: JournalEntry) -> str:
    """The journal the entry stands in: the child's or the woman's."""
    if entry.child_id:
        return reverse("residents:child_journal", args=[entry.child_id])
    return reverse("residents:resident_journal", args=[entry.resident_id])


@save_once
def journal_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the author, only within 24 hours; after that a correction is a new entry."""
    entry = get_journal_entry_for_user(request, pk)
    editable = entry.is_editable_by(request.user)
    context = {"entry": entry, "editable": editable}
    if not editable:
        return render(request, JOURNAL_FORM, {"form": None, **context})
    form = JournalEntryForm(request.POST or None, instance=entry)
    done, message = _journal_url(entry), _("The entry is saved.")
    return form_page(request, form, message=message, success_url=done, template=JOURNAL_FORM, context=context)


@save_once
def journal_entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction: a new entry that refers to the corrected one, which stays as it was."""
    entry = get_journal_entry_for_user(request, pk)
    correction = JournalEntry(resident_id=entry.resident_id, child_id=entry.child_id, corrects=entry)
    written_by = {"author": request.user}
    form = JournalEntryForm(request.POST or None, instance=correction, initial={"entry_type": entry.entry_type})
    done, context = _journal_url(entry), {"entry": entry, "correcting": True}
    message = _("The correction is saved.")
    return form_page(
        request, form, message=message, success_url=done, template=JOURNAL_FORM, context=context, values=written_by
    )


# Rooms and the occupancy board ----------------------------------------------------------------


CHART_HEIGHT = 120
CHART_BAR_STEP = 40


def _month_bars(months: list[stats.MonthNights]) -> list[dict]:
    """This year's nights per month as stacked SVG bars (adults below, children above), scaled in Python."""
    highest = max((m.total for m in months), default=0) or 1
    bars = []
    for index, month in enumerate(months):
        adults = round(month.adults * CHART_HEIGHT / highest)
        children = round(month.children * CHART_HEIGHT / highest)
        bars.append(
            {
                "month": month,
                "x": index * CHART_BAR_STEP + 8,
                "label_x": index * CHART_BAR_STEP + 22,
                "adults_y": CHART_HEIGHT - adults,
                "adults_height": adults,
                "children_y": CHART_HEIGHT - adults - children,
                "children_height": children,
            }
        )
    return bars


# The board's rows as HTML made in Python: the board lists hundreds of rooms and stays, and a template loop
# costs about 25 µs per row and per stay, most of the page's time; even format_html costs 8 µs a call. So:
# constant markup with str.format, and every value passed through html.escape. The badge is _badge.html's.
BOARD_ROW = '<tr data-testid="room-row"><td>{}</td><td>{}</td><td>{}</td><td data-testid="room-free">{}</td></tr>'
BOARD_STAY = '<div><a href="{}">{}</a>{}{}</div>'
BOARD_BADGE = ' <span class="badge protected-badge" data-testid="protected-badge" title="{}">{}</span>'
BOARD_CHILDREN = ' <span class="text-muted">{}</span> {}'
BOARD_EMPTY = '<span class="text-muted">{}</span>'


def _board_rows(occupancy: stats.Occupancy) -> SafeString:
    """One table row per room in use: its name, beds, who lives there (linked first names, protection badge,
    the children's first names) and its free beds."""
    resident_url = url_for_pk("residents:resident_detail")
    badge_title = escape(_("Protected identity: never say her name or whereabouts to anyone outside."))
    badges = {
        level: BOARD_BADGE.format(badge_title, escape(str(label)))
        for level, label in ProtectionLevel.choices
        if level != ProtectionLevel.NONE
    }
    with_label, empty = escape(_("with")), BOARD_EMPTY.format(escape(pgettext("room", "Empty")))
    rows = []
    for room in occupancy.rooms:
        stays = [
            BOARD_STAY.format(
                escape(resident_url(stay.resident_id)),
                escape(stay.first_name),
                badges.get(stay.protection_level, ""),
                BOARD_CHILDREN.format(with_label, escape(", ".join(stay.children))) if stay.children else "",
            )
            for stay in room.stays
        ]
        rows.append(BOARD_ROW.format(escape(room.name), room.beds, "".join(stays) or empty, room.free))
    return mark_safe("\n".join(rows))  # constant markup, every value escaped above


def board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    occupancy = stats.occupancy(on=today)
    bars = _month_bars(occupancy.months)
    shows(request, object_type="residents.room", board=True)
    return render(
        request,
        "residents/board.html",
        {
            "occupancy": occupancy,
            "room_rows": _board_rows(occupancy),
            "today": today,
            "bars": bars,
            "chart_width": len(bars) * CHART_BAR_STEP + 16,
            "chart_height": CHART_HEIGHT + 24,
            "label_y": CHART_HEIGHT + 16,
        },
    )


def room_list(request: HttpRequest) -> HttpResponse:
    rooms = Room.objects.for_user(request.user)
    return render(request, "residents/room_list.html", {"rooms": rooms})


def room_create(request: HttpRequest) -> HttpResponse:
    return _room_form_page(request, RoomForm(request.POST or None), room=None)


def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    room = get_room_for_user(request, pk)
    return _room_form_page(request, RoomForm(request.POST or None, instance=room), room=room)


def _room_form_page(request: HttpRequest, form: RoomForm, *, room: Room | None) -> HttpResponse:
    message, context = _("The room is saved."), {"room": room}
    return form_page(
        request, form, message=message, success_url="residents:room_list", template=ROOM_FORM, context=context
    )
