"""List, detail, edit and delete of support contacts: scope, audit, filters, query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import get_resolver, reverse

from jour.audit.models import Action, AuditEvent
from jour.calls.models import Residence, SupportContact
from jour.shelter.models import Municipality, ShelterProfile
from tests.conftest import signed_in_client
from tests.factories import UserFactory

from .factories import RecurringContactFactory, SupportContactFactory

STHLM = ZoneInfo("Europe/Stockholm")
LIST = reverse("calls:contact_list")
SECRET_NOTE = "Anteckning som aldrig får synas i listan"


@pytest.fixture
def home(db):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    return profile.municipality


def _rows(response):
    return list(response.context["page"].object_list)


def test_the_list_is_newest_first_with_a_total_and_never_shows_the_note(staff_client, staff, home):
    old = SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 1, 1, 9, tzinfo=STHLM), note=SECRET_NOTE)
    new = SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 2, 1, 9, tzinfo=STHLM))
    response = staff_client.get(LIST)
    assert _rows(response) == [new, old]
    html = response.content.decode()
    assert SECRET_NOTE not in html
    assert "2 rader" in html  # the total, from lib/pagination.html
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_the_list_filters(staff_client, staff, other_staff, home):
    recurring = RecurringContactFactory(created_by=staff)
    at = dt.datetime(2026, 5, 5, 10, tzinfo=STHLM)
    inside = SupportContactFactory(
        staff=staff, started_at=at, residence=Residence.MUNICIPALITY, municipality_id="0136", caller="woman"
    )
    outside = SupportContactFactory(
        staff=other_staff, started_at=at, residence=Residence.MUNICIPALITY, municipality_id="0126", channel="chat"
    )
    abroad = SupportContactFactory(staff=staff, started_at=at, residence=Residence.ABROAD, kind="silent")
    unknown = SupportContactFactory(
        staff=staff, started_at=dt.datetime(2025, 5, 5, tzinfo=STHLM), recurring_contact=recurring
    )
    cases = {
        "place=inside": [inside],
        "place=outside": [outside, abroad],
        "place=unknown": [unknown],
        "channel=chat": [outside],
        "kind=silent": [abroad],
        "caller=woman": [inside],
        f"staff={other_staff.pk}": [outside],
        f"recurring={recurring.code}": [unknown],
        "recurring=K-1999-0001": [],
        "date_from=2026-01-01&date_to=2026-12-31": [inside, outside, abroad],
        "date_to=2025-12-31": [unknown],
    }
    for query, expected in cases.items():
        rows = _rows(staff_client.get(f"{LIST}?{query}"))
        assert sorted(r.pk for r in rows) == sorted(c.pk for c in expected), query


def test_the_date_filters_are_local_days(staff_client, staff, home):
    late = SupportContactFactory(staff=staff, started_at=dt.datetime(2025, 12, 31, 23, 30, tzinfo=STHLM))
    early = SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 1, 1, 0, 0, tzinfo=STHLM))
    assert _rows(staff_client.get(f"{LIST}?date_to=2025-12-31")) == [late]
    assert _rows(staff_client.get(f"{LIST}?date_from=2026-01-01")) == [early]
    assert _rows(staff_client.get(f"{LIST}?date_from=2025-12-31&date_to=2026-01-01")) == [early, late]
    assert _rows(staff_client.get(f"{LIST}?date_from=2026-01-02")) == []


def test_a_bad_filter_value_is_no_error(staff_client, home):
    assert staff_client.get(f"{LIST}?date_from=not-a-date&staff=abc&place=mars").status_code == 200


def _count_queries(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _bulk(staff, n, start=0):
    recurring = RecurringContactFactory(created_by=staff)
    SupportContact.objects.bulk_create(
        [
            SupportContact(
                started_at=dt.datetime(2026, 1 + i % 10, 1 + i % 28, 8 + i % 12, tzinfo=STHLM),
                channel=["phone", "email", "chat", "sms", "meeting"][i % 5],
                kind=["support", "information", "hang_up"][i % 3],
                staff=staff,
                created_by=staff,
                residence=Residence.MUNICIPALITY,
                municipality_id="0136" if i % 2 else "0126",
                recurring_contact=recurring if i % 9 == 0 else None,
                violence_types=["physical", "sexual"] if i % 4 == 0 else [],
                note="x" if i % 50 == 0 else "",
            )
            for i in range(start, start + n)
        ],
        batch_size=2000,
    )


@time_machine.travel("2026-11-01 10:00 +0100", tick=False)
def test_list_statistics_and_recurring_pages_run_the_same_queries_at_10_and_10_000_contacts(
    staff_client, staff, home, django_assert_max_num_queries
):
    urls = [
        LIST,
        f"{LIST}?place=inside&channel=phone",
        reverse("calls:statistics"),
        reverse("calls:statistics") + "?start=2026-01-01&end=2026-06-30",
        reverse("calls:statistics_csv"),
        reverse("calls:recurring_list"),
        reverse("calls:index"),
        reverse("calls:contact_create"),
    ]
    # The statistics pages compute afresh here (a test's transaction has written: no cache); the list counts
    # at most COUNT_CAP rows, 10 000 being just under it.
    bounds = {url: 17 if "statistics" in url else 14 for url in urls}
    _bulk(staff, 10)
    staff_client.get(reverse("home"))  # the first request renews the session (a write) once a minute
    small = {url: _count_queries(staff_client, url, django_assert_max_num_queries, bounds[url]) for url in urls}
    _bulk(staff, 9_990, start=10)
    assert SupportContact.objects.count() == 10_000
    large = {url: _count_queries(staff_client, url, django_assert_max_num_queries, bounds[url]) for url in urls}
    assert small == large


def test_detail_shows_the_note_and_is_audited(staff_client, staff, home):
    contact = SupportContactFactory(staff=staff, note=SECRET_NOTE, violence_types=["digital"])
    response = staff_client.get(reverse("calls:contact_detail", args=[contact.pk]))
    html = response.content.decode()
    assert SECRET_NOTE in html and "Digitalt" in html
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.object_type, event.object_id, event.actor) == ("calls.supportcontact", str(contact.pk), staff)
    assert SECRET_NOTE not in str(event.detail) + str(event.fields)


def _edit(client, contact, **changes):
    data = {
        "started_at": contact.started_at.astimezone(STHLM).strftime("%Y-%m-%dT%H:%M"),
        "channel": contact.channel,
        "kind": contact.kind,
        "place": "unknown",
        "staff": contact.staff_id,
        "direction": contact.direction,
        "caller": contact.caller,
        "age_band": contact.age_band,
        "social_services_contact": contact.social_services_contact,
        "children_affected": contact.children_affected,
        **changes,
    }
    return client.post(reverse("calls:contact_edit", args=[contact.pk]), data)


def test_the_author_may_edit_for_24_hours_then_not(staff, home):
    client = signed_in_client(staff)
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        contact = SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 3, 1, 9, tzinfo=STHLM))
    with time_machine.travel("2026-03-02 09:59 +0100", tick=False):
        assert client.get(reverse("calls:contact_edit", args=[contact.pk])).status_code == 200
        response = _edit(client, contact, kind="information", note="Ny anteckning")
        assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.kind, contact.note) == ("information", "Ny anteckning")
    event = AuditEvent.objects.get(action=Action.CHANGE)
    assert set(event.fields) == {"kind", "note"}  # names only
    assert "Ny anteckning" not in str(event.detail)
    with time_machine.travel("2026-03-02 10:01 +0100", tick=False):
        assert client.get(reverse("calls:contact_edit", args=[contact.pk])).status_code == 404
        assert _edit(client, contact, kind="support").status_code == 404
        detail = client.get(reverse("calls:contact_detail", args=[contact.pk])).content.decode()
        assert reverse("calls:contact_edit", args=[contact.pk]) not in detail
    contact.refresh_from_db()
    assert contact.kind == "information"


def test_another_staff_member_cannot_edit_but_the_coordinator_always_can(staff, other_staff, coordinator, home):
    with time_machine.travel("2025-01-01 10:00 +0100", tick=False):
        contact = SupportContactFactory(staff=staff)
    assert _edit(signed_in_client(other_staff), contact, kind="prank").status_code == 404
    assert _edit(signed_in_client(coordinator), contact, kind="prank").status_code == 302
    contact.refresh_from_db()
    assert contact.kind == "prank"


def test_delete_is_for_the_coordinator_by_post_and_audited(staff_client, coordinator_client, staff, home):
    contact = SupportContactFactory(staff=staff)
    url = reverse("calls:contact_delete", args=[contact.pk])
    assert staff_client.post(url).status_code == 404
    assert coordinator_client.get(url).status_code == 405
    assert SupportContact.objects.filter(pk=contact.pk).exists()
    response = coordinator_client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not SupportContact.objects.filter(pk=contact.pk).exists()
    event = AuditEvent.objects.get(action=Action.DELETE)
    assert (event.object_type, event.object_id) == ("calls.supportcontact", str(contact.pk))


PLAIN_NAMES = ["index", "contact_create", "contact_list", "recurring_list", "recurring_create", "statistics"]
PLAIN_NAMES += ["statistics_csv"]
CONTACT_NAMES = ["contact_detail", "contact_edit", "contact_delete"]


def test_every_calls_url_refuses_volunteers_and_anonymous(client, volunteer_client, staff, home):
    contact = SupportContactFactory(staff=staff)
    recurring = RecurringContactFactory(created_by=staff)
    calls_urls = [reverse(f"calls:{name}") for name in PLAIN_NAMES]
    calls_urls += [reverse(f"calls:{name}", args=[contact.pk]) for name in CONTACT_NAMES]
    calls_urls.append(reverse("calls:recurring_detail", args=[recurring.pk]))
    assert len(calls_urls) == len(get_resolver("jour.calls.urls").url_patterns)
    for url in calls_urls:
        assert volunteer_client.get(url).status_code == 404, url
        assert volunteer_client.post(url).status_code == 404, url
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login")), url
    assert SupportContact.objects.count() == 1


def test_an_inactive_staff_account_sees_nothing(staff, home):
    contact = SupportContactFactory(staff=staff)
    gone = UserFactory(role="staff", is_active=False)
    assert SupportContact.objects.for_user(gone).count() == 0
    assert SupportContact.objects.for_user(staff).get() == contact


def test_no_page_has_inline_styles_or_scripts(coordinator_client, coordinator, home):
    contact = SupportContactFactory(staff=coordinator, note="x", violence_types=["sexual"])
    recurring = RecurringContactFactory(created_by=coordinator)
    urls = [reverse(f"calls:{name}") for name in PLAIN_NAMES if name != "statistics_csv"]
    urls += [reverse("calls:contact_detail", args=[contact.pk]), reverse("calls:contact_edit", args=[contact.pk])]
    urls.append(reverse("calls:recurring_detail", args=[recurring.pk]))
    for url in urls:
        html = coordinator_client.get(url).content.decode()
        assert "style=" not in html, url
        assert " on" + "click=" not in html, url
        for script in html.split("<script")[1:]:
            assert "src=" in script.split(">")[0], url


@time_machine.travel("2026-03-01 10:00 +0100", tick=False)
def test_the_start_page_counts_the_local_day(staff_client, staff, other_staff, home):
    SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 3, 1, 0, 5, tzinfo=STHLM))
    SupportContactFactory(staff=other_staff, started_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=STHLM))
    SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 2, 28, 23, 55, tzinfo=STHLM))
    html = staff_client.get(reverse("calls:index")).content.decode()
    assert "2 kontakter registrerade i dag" in html and "1 av dig" in html
