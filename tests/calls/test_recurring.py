"""Recurring contacts: generated codes, no identity fields, list/create/detail."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.calls.models import RecurringContact, RecurringContactSequence, Residence
from jour.shelter.models import Municipality, ShelterProfile

from ..concurrency import at_once
from .factories import RecurringContactFactory, SupportContactFactory


def test_the_model_has_no_field_for_an_identity():
    names = {f.name for f in RecurringContact._meta.get_fields()}
    for forbidden in ("name", "first_name", "last_name", "phone", "email", "personnummer", "address"):
        assert forbidden not in names


def test_codes_count_up_per_year_and_start_again_each_year(staff):
    with time_machine.travel("2026-12-31 23:00 +0100", tick=False):
        first, second = RecurringContactFactory(created_by=staff), RecurringContactFactory(created_by=staff)
    with time_machine.travel("2027-01-01 00:30 +0100", tick=False):
        third = RecurringContactFactory(created_by=staff)
    assert [first.code, second.code, third.code] == ["K-2026-0001", "K-2026-0002", "K-2027-0001"]
    assert RecurringContact.format_code(2026, 137) == "K-2026-0137"
    assert RecurringContact.format_code(2026, 12345) == "K-2026-12345"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_never_hands_out_a_number_twice(staff):
    numbers, errors = [], []

    def take():
        try:
            from django.db import transaction

            with transaction.atomic():
                numbers.append(RecurringContactSequence.next_number(2030))
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    at_once(lambda _index: take(), times=8)
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))


def test_create_generates_the_code_and_audits(staff_client, staff):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    form = staff_client.get(reverse("calls:recurring_create")).context["form"]
    assert form["place"].value() == "unknown"  # not asked yet, never the shelter's own municipality
    response = staff_client.post(
        reverse("calls:recurring_create"), {"pseudonym": "Vera", "age_band": "26-35", "place": "0126"}
    )
    recurring = RecurringContact.objects.get()
    assert response["Location"] == reverse("calls:recurring_detail", args=[recurring.pk])
    assert recurring.code.startswith("K-") and recurring.created_by == staff
    assert (recurring.residence, recurring.municipality_id) == (Residence.MUNICIPALITY, "0126")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="calls.recurringcontact").count() == 1


def test_create_refuses_an_unknown_municipality(staff_client):
    response = staff_client.post(reverse("calls:recurring_create"), {"pseudonym": "Vera", "place": "0000"})
    assert "Okänd kommun" in " ".join(response.context["form"].errors["place"])
    assert not RecurringContact.objects.exists()


def test_the_list_counts_each_codes_contacts_and_latest_at_the_same_queries_for_3_and_60_codes(staff_client, staff):
    def codes(n):
        for i in range(n):
            recurring = RecurringContactFactory(created_by=staff)
            SupportContactFactory.create_batch(
                i % 3,
                staff=staff,
                recurring_contact=recurring,
                started_at=timezone.make_aware(dt.datetime(2026, 3, 1 + i % 3, 12)),
            )

    def queries():
        staff_client.get(reverse("calls:recurring_list"))  # fills the per-process caches (menu, shelter name)
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse("calls:recurring_list"))
        return response, len(captured)

    codes(3)
    response, small = queries()
    rows = {r.code: (r.contact_count, r.last_contact) for r in response.context["page"].object_list}
    latest = timezone.make_aware(dt.datetime(2026, 3, 3, 12))
    assert sorted(rows.values(), key=str) == sorted(
        [(0, None), (1, timezone.make_aware(dt.datetime(2026, 3, 2, 12))), (2, latest)], key=str
    )
    assert "2026-03-03" in response.content.decode()
    codes(57)
    response, large = queries()
    assert len(response.context["page"].object_list) == 50
    assert small == large


def test_list_and_detail(staff_client, staff, django_assert_max_num_queries):
    recurring = RecurringContactFactory(created_by=staff, pseudonym="Vera")
    SupportContactFactory.create_batch(3, staff=staff, recurring_contact=recurring, note="hemligt")
    listing = staff_client.get(reverse("calls:recurring_list"))
    assert listing.context["page"].object_list[0].contact_count == 3
    url = reverse("calls:recurring_detail", args=[recurring.pk])
    with django_assert_max_num_queries(15) as small:
        detail = staff_client.get(url)
    html = detail.content.decode()
    assert recurring.code in html and "Vera" in html and "hemligt" not in html
    assert len(detail.context["page"].object_list) == 3
    # The list (pseudonyms) and the detail are each one read.
    views = AuditEvent.objects.filter(action=Action.VIEW, object_type="calls.recurringcontact")
    assert sorted(views.values_list("view_name", "object_id")) == [
        ("calls:recurring_detail", str(recurring.pk)),
        ("calls:recurring_list", ""),
    ]
    assert staff_client.get(reverse("calls:recurring_detail", args=[recurring.pk + 999])).status_code == 404
    SupportContactFactory.create_batch(60, staff=staff, recurring_contact=recurring)
    with django_assert_max_num_queries(15) as large:
        staff_client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


@time_machine.travel("2026-01-10 10:00 +0100", tick=False)
def test_the_code_takes_the_year_of_her_first_contact(staff_client):
    response = staff_client.post(
        reverse("calls:recurring_create"),
        {"pseudonym": "Vera", "age_band": "unknown", "place": "unknown", "first_contact_on": "2025-12-30"},
    )
    assert response.status_code == 302
    assert RecurringContact.objects.get().code == "K-2025-0001"
    response = staff_client.post(
        reverse("calls:recurring_create"),
        {"pseudonym": "Mira", "age_band": "unknown", "place": "unknown", "first_contact_on": "2026-01-11"},
    )
    assert response.context["form"].errors["first_contact_on"] == ["Den första kontakten kan inte ligga i framtiden."]
