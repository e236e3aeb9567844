from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.lib import charts
from jour.lib.exports import csv_writer
from jour.lib.formpages import form_page, save_audited
from jour.lib.formtoken import save_once
from jour.lib.months import local_bounds, month_labels
from jour.lib.rows import url_for_pk
from jour.shelter.models import ShelterProfile

from .filters import SupportContactFilter
from .forms import PeriodForm, RecurringContactForm, SupportContactForm
from .models import (
    NON_DATA_KINDS,
    Caller,
    Channel,
    HousingOutcome,
    Kind,
    Outcome,
    RecurringContact,
    SupportContact,
    Topic,
    ViolenceType,
)
from .paging import CappedPaginator
from .stats import COUNTING_RULES, RULE_MEETINGS, RULE_PLACE, RULE_UNIQUE_PERSONS, channel_series, contact_statistics

PAGE_SIZE = 50


def _home_code() -> str | None:
    return ShelterProfile.load().municipality_id


def _get_contact_for_user(request: HttpRequest, pk: int, *, for_edit: bool = False) -> SupportContact:
    contacts = SupportContact.objects.for_user(request.user).select_related(
        "staff", "municipality", "recurring_contact", "created_by", "referred_to_shelter"
    )
    if for_edit:  # the author for 24 hours, the coordinator always
        contacts = contacts.editable_by(request.user)
    return get_for_user(request, contacts, pk=pk)


def _get_recurring_for_user(request: HttpRequest, pk: int) -> RecurringContact:
    return get_for_user(request, RecurringContact.objects.select_related("municipality"), pk=pk)


def _list_rows(queryset):
    # Never the note: the list does not even load it, let alone decrypt it.
    return queryset.select_related("staff", "municipality", "recurring_contact").defer("note")


def _linked(page):
    """The page's contacts with their links: one reverse() for the page, not a {% url %} per row."""
    contact_url = url_for_pk("calls:contact_detail")
    for contact in page:
        contact.detail_url = contact_url(contact.pk)
    return page


def index(request: HttpRequest) -> HttpResponse:
    # Today as a range on started_at (indexed), not started_at__date (a time-zone cast of every row).
    since, until = local_bounds(timezone.localdate(), timezone.localdate())
    counts = (
        SupportContact.objects.for_user(request.user)
        .filter(started_at__gte=since, started_at__lt=until)
        .aggregate(total=Count("id"), mine=Count("id", filter=Q(created_by=request.user)))
    )
    return render(request, "calls/index.html", {"today": counts})


@save_once
def contact_create(request: HttpRequest) -> HttpResponse:
    last_channel = (
        SupportContact.objects.for_user(request.user)
        .filter(created_by=request.user)
        .order_by("-created_at")
        .values_list("channel", flat=True)
        .first()
    )
    form = SupportContactForm(
        request.POST or None,
        user=request.user,
        default_channel=last_channel or Channel.PHONE,
    )
    if request.method == "POST" and form.is_valid():
        save_audited(request, form, message=_("The contact is saved."))
        if "another" in request.POST:
            return redirect("calls:contact_create")
        return redirect("calls:contact_list")
    return render(request, "calls/contact_form.html", {"form": form, "creating": True})


def contact_list(request: HttpRequest) -> HttpResponse:
    home = _home_code()
    contacts = SupportContactFilter(
        request.GET or None,
        queryset=SupportContact.objects.for_user(request.user),
        home_municipality_code=home,
    )
    page = CappedPaginator(_list_rows(contacts.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "calls/contact_list.html", {"filter": contacts, "page": _linked(page)})


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    can_edit = SupportContact.objects.for_user(request.user).editable_by(request.user).filter(pk=contact.pk).exists()
    return render(
        request,
        "calls/contact_detail.html",
        {
            "contact": contact,
            "can_edit": can_edit,
            "violence_types": [ViolenceType(v).label for v in contact.violence_types],
            "topics": [Topic(v).label for v in contact.topics],
            "outcomes": [Outcome(v).label for v in contact.outcomes],
        },
    )


@save_once
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk, for_edit=True)
    before = _field_values(contact)
    form = SupportContactForm(request.POST or None, instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Names of the fields whose stored value changed (never the values).
        after = _field_values(contact)
        changed = sorted(name for name, value in after.items() if before[name] != value)
        if changed:
            record(request, Action.CHANGE, contact, fields=changed)
        messages.success(request, _("The contact is saved."))
        return redirect("calls:contact_detail", pk=contact.pk)
    return render(request, "calls/contact_form.html", {"form": form, "contact": contact, "creating": False})


def _field_values(contact: SupportContact) -> dict:
    skip = {"id", "created_at", "updated_at", "created_by_id", "lock_version"}  # the version is no change of hers
    return {f.name: getattr(contact, f.attname) for f in contact._meta.concrete_fields if f.name not in skip}


@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk, for_edit=True)
    record(request, Action.DELETE, contact)
    contact.delete()
    messages.success(request, _("The contact is deleted."))
    return redirect("calls:contact_list")


def recurring_list(request: HttpRequest) -> HttpResponse:
    # Counted per row of the page by correlated subqueries (the contacts' recurring_contact index), not by a
    # GROUP BY of every recurring contact's contacts before the page is cut (5 s at 40 000 codes).
    contacts = (
        SupportContact.objects.for_user(request.user)
        .filter(recurring_contact=OuterRef("pk"))
        .order_by()
        .values("recurring_contact")
    )
    recurring = (
        RecurringContact.objects.for_user(request.user)
        .select_related("municipality")
        .annotate(
            contact_count=Coalesce(Subquery(contacts.annotate(n=Count("pk")).values("n")), 0),
            last_contact=Subquery(contacts.annotate(last=Max("started_at")).values("last")),
        )
        .order_by("-year", "-number")
    )
    page = Paginator(recurring, PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, object_type="calls.recurringcontact", list="list", rows=len(page))
    return render(request, "calls/recurring_list.html", {"page": page})


@save_once
def recurring_create(request: HttpRequest) -> HttpResponse:
    form = RecurringContactForm(request.POST or None)
    template = "calls/recurring_form.html"
    return form_page(request, form, message=_created_message, success_url=_recurring_url, template=template)


def _created_message(recurring: RecurringContact) -> str:
    return _("Recurring contact %(code)s is created.") % {"code": recurring.code}


def _recurring_url(recurring: RecurringContact) -> str:
    return reverse("calls:recurring_detail", args=[recurring.pk])


def recurring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recurring = _get_recurring_for_user(request, pk)
    contacts = _list_rows(SupportContact.objects.for_user(request.user).filter(recurring_contact=recurring))
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "calls/recurring_detail.html", {"recurring": recurring, "page": _linked(page)})


def _period(request: HttpRequest) -> tuple[PeriodForm, tuple]:
    start, end = PeriodForm.this_year()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, (start, end)


def _labelled(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    labels = dict(choices.choices)
    return [(labels.get(key, key), n) for key, n in counts.items()]


def statistics(request: HttpRequest) -> HttpResponse:
    form, (start, end) = _period(request)
    profile = ShelterProfile.load()
    stats = contact_statistics(start=start, end=end, home_municipality_code=profile.municipality_id)
    home = profile.municipality
    kinds = [(Kind(k).label, n, k in NON_DATA_KINDS) for k, n in stats.by_kind.items()]
    channel_rows = [
        (Channel(channel).label, [by_kind.get(k, 0) for k in Kind.values], sum(by_kind.values()))
        for channel, by_kind in stats.channel_kind.items()
    ]
    context = {
        "form": form,
        "stats": stats,
        "home": home,
        "kinds": kinds,
        "kind_labels": Kind.labels,
        "channel_rows": channel_rows,
        "channels": _labelled(stats.by_channel, Channel),
        "callers": _labelled(stats.callers, Caller),
        "violence": _labelled(stats.violence_types, ViolenceType),
        "topics": _labelled(stats.topics, Topic),
        "outcomes": _labelled(stats.outcomes, Outcome),
        "housing": [
            (HousingOutcome(k).label if k else _("Answer not recorded"), n) for k, n in stats.housing_outcomes.items()
        ],
        "person_rows": [
            (_("Unique persons"), stats.persons),
            (_("Of these: women subjected to violence"), stats.women),
            (_("Offered a personal meeting"), stats.meeting_offered),
            (_("Met in a personal meeting"), stats.meeting_held),
        ],
        "month_chart": charts.stacked_bars(
            labels=month_labels(list(stats.per_month)),
            series=channel_series(stats.per_month),
            title=_("Contacts per month and channel"),
            tooltips=[date_format(month, "F Y") for month in stats.per_month],
            width=760,
        ),
        "month_rows": [(month, [counts[c] for c in Channel.values]) for month, counts in stats.per_month.items()],
        "channel_labels": Channel.labels,
        "channel_chart": charts.horizontal_bars(
            _labelled(stats.by_channel, Channel), title=_("Support contacts by channel")
        ),
        "violence_chart": charts.horizontal_bars(
            _labelled(stats.violence_types, ViolenceType), title=_("Types of violence")
        ),
        "caller_chart": charts.horizontal_bars(_labelled(stats.callers, Caller), title=_("Who made contact")),
        "rules": COUNTING_RULES,
        "rule_persons": RULE_UNIQUE_PERSONS,
        "rule_place": RULE_PLACE,
        "rule_meetings": RULE_MEETINGS,
        "query": request.GET.urlencode(),
    }
    return render(request, "calls/statistics.html", context)


def statistics_csv(request: HttpRequest) -> HttpResponse:
    _form, (start, end) = _period(request)
    stats = contact_statistics(start=start, end=end)
    rows: list[tuple[str, str, object]] = [
        (_("Period"), _("From"), start.isoformat()),
        (_("Period"), _("To"), end.isoformat()),
        (_("Contacts"), _("All logged contacts"), stats.contacts_total),
        (_("Contacts"), _("Support contacts"), stats.support_contacts),
        (_("Contacts"), _("Not counted as support"), stats.non_data_contacts),
        (_("Contacts"), _("Minutes of support"), stats.minutes_total),
    ]
    for label, persons in (
        (_("Unique persons"), stats.persons),
        (_("Women subjected to violence"), stats.women),
        (_("Offered a personal meeting"), stats.meeting_offered),
        (_("Met in a personal meeting"), stats.meeting_held),
    ):
        rows += [
            (label, _("Total"), persons.total),
            (label, _("In the municipality"), persons.inside),
            (label, _("Outside the municipality"), persons.outside),
            (label, _("Residence unknown"), persons.unknown),
        ]
    rows.append((_("Personal meetings"), _("Meetings held (contacts)"), stats.meetings_held_contacts))
    rows += [(_("Kind of contact"), Kind(k).label, n) for k, n in stats.by_kind.items()]
    rows += [(_("Channel (support contacts)"), label, n) for label, n in _labelled(stats.by_channel, Channel)]
    rows += [(_("Who made contact"), label, n) for label, n in _labelled(stats.callers, Caller)]
    rows.append((_("Protected housing"), _("Requests"), stats.housing_requests))
    rows += [
        (_("Protected housing"), HousingOutcome(k).label if k else _("Answer not recorded"), n)
        for k, n in stats.housing_outcomes.items()
    ]
    rows += [(_("Types of violence"), label, n) for label, n in _labelled(stats.violence_types, ViolenceType)]
    rows += [(_("Needs and topics"), label, n) for label, n in _labelled(stats.topics, Topic)]
    rows += [(_("Outcome"), label, n) for label, n in _labelled(stats.outcomes, Outcome)]
    for month, counts in stats.per_month.items():
        rows += [(_("Month") + f" {month:%Y-%m}", Channel(c).label, n) for c, n in counts.items()]
    rows += [(_("Counting rules"), str(rule), "") for rule in COUNTING_RULES]

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stodlinjen-statistik-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv_writer(response)
    writer.writerow([_("Section"), _("Row"), _("Value")])
    writer.writerows(rows)
    shows(
        request,
        object_type="calls.supportcontact",
        format="csv",
        rows=len(rows),
        start=start.isoformat(),
        end=end.isoformat(),
    )
    return response
