"""Lists, record, board, children and rooms: order, search, audit, scope and constant queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jour.audit.models import Action, AuditEvent

from .factories import ChildFactory, ChildStayFactory, JournalEntryFactory, ResidentFactory, RoomFactory, StayFactory

pytestmark = pytest.mark.django_db


def _population(n: int) -> list:
    today = timezone.localdate()
    residents = []
    for i in range(n):
        room = RoomFactory(beds=4)
        current = i % 2 == 0
        stay = StayFactory(
            room=room,
            intake=today - timedelta(days=30 + i),
            discharge=None if current else today - timedelta(days=5),
            resident=ResidentFactory(protection_level="protected_registration" if i % 3 == 0 else "none"),
        )
        child = ChildFactory(mother=stay.resident)
        ChildStayFactory(child=child, stay=stay)
        JournalEntryFactory(resident=stay.resident)
        stay.resident.contact_persons.add(JournalEntryFactory._meta.model.objects.first().author)
        residents.append(stay.resident)
    # The first one has a long history: n earlier stays with children, n journal entries.
    first = residents[0]
    intake = today - timedelta(days=40 * (n + 2))
    for _ in range(n):
        stay = StayFactory(
            resident=first, room=RoomFactory(beds=4), intake=intake, discharge=intake + timedelta(days=20)
        )
        ChildStayFactory(stay=stay, child=ChildFactory(mother=first))
        JournalEntryFactory(resident=first)
        intake += timedelta(days=30)
    return residents


def test_current_residents_come_first(staff_client):
    today = timezone.localdate()
    former = StayFactory(intake=today - timedelta(days=100), discharge=today - timedelta(days=50)).resident
    current = StayFactory(intake=today - timedelta(days=200)).resident
    never = ResidentFactory()
    page = staff_client.get(reverse("residents:index")).context["page"]
    assert [r.pk for r in page] == [current.pk, former.pk, never.pk]
    assert [r.is_current for r in page] == [True, False, False]


def test_search_by_first_name_or_case_number_only_and_never_in_the_url(staff_client):
    amina = ResidentFactory(first_name="Amina", last_name="Karlsson")
    berit = ResidentFactory(first_name="Berit", last_name="Aminasdotter")
    url = reverse("residents:index")
    response = staff_client.post(url, {"q": "amina"})
    assert response.status_code == 302 and response["Location"] == url
    assert [r.pk for r in staff_client.get(url).context["page"]] == [amina.pk]
    staff_client.post(url, {"q": "amin"})  # a whole first name: names are encrypted, searched by a keyed hash
    assert list(staff_client.get(url).context["page"]) == []
    staff_client.post(url, {"q": berit.case_number})
    assert [r.pk for r in staff_client.get(url).context["page"]] == [berit.pk]
    staff_client.post(url, {"q": "Karlsson"})
    assert list(staff_client.get(url).context["page"]) == []
    staff_client.post(url, {"q": "", "clear": "1"})
    assert len(staff_client.get(url).context["page"]) == 2


def test_record_child_and_journal_views_are_audited(staff_client, staff):
    child = ChildFactory()
    resident = child.mother
    staff_client.get(reverse("residents:resident_detail", args=[resident.pk]))
    staff_client.get(reverse("residents:child_detail", args=[child.pk]))
    staff_client.get(reverse("residents:child_journal", args=[child.pk]))
    views = AuditEvent.objects.filter(action=Action.VIEW, actor=staff)
    assert views.filter(object_type="residents.resident", object_id=str(resident.pk)).count() == 1
    assert views.filter(object_type="residents.child", object_id=str(child.pk)).count() == 2


def test_board_shows_rooms_first_names_and_free_places(staff_client):
    today = timezone.localdate()
    room = RoomFactory(name="Rum Lind", beds=4)
    # A surname that cannot occur elsewhere on the page (a random one can be "Ek" or "Lind", like the rooms).
    resident = ResidentFactory(first_name="Amina", last_name="Qvarnströmsdotter")
    stay = StayFactory(room=room, intake=today - timedelta(days=3), resident=resident)
    ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Omar"))
    RoomFactory(name="Rum Ek", beds=2)
    response = staff_client.get(reverse("residents:board"))
    occupancy = response.context["occupancy"]
    assert (occupancy.beds, occupancy.occupied, occupancy.free) == (6, 2, 4)
    html = response.content.decode()
    assert "Amina" in html and "Omar" in html and stay.resident.last_name not in html


def test_board_rows_escape_names_link_her_record_and_show_badges_children_and_empty_rooms(staff_client):
    from django.template.loader import render_to_string

    today = timezone.localdate()
    room = RoomFactory(name="Rum <Ek>", beds=4)
    resident = ResidentFactory(first_name="<b>Amina</b>", protection_level="protected_registration")
    stay = StayFactory(room=room, intake=today - timedelta(days=3), resident=resident)
    ChildStayFactory(stay=stay, child=ChildFactory(mother=resident, first_name="Omar & Ali", birth_year=2015))
    ChildStayFactory(stay=stay, child=ChildFactory(mother=resident, first_name="Sara", birth_year=2019))
    RoomFactory(name="Rum Tom", beds=2)
    html = staff_client.get(reverse("residents:board")).content.decode()
    assert "<b>Amina</b>" not in html and "&lt;b&gt;Amina&lt;/b&gt;" in html
    assert "Rum &lt;Ek&gt;" in html
    assert f'<a href="{reverse("residents:resident_detail", args=[resident.pk])}">' in html
    # The badge is exactly _badge.html's.
    badge = render_to_string(
        "residents/_badge.html", {"level": resident.protection_level, "label": "Skyddad folkbokföring"}
    )
    assert badge.strip() in html and html.count('data-testid="protected-badge"') == 1
    with translation.override("sv"):
        with_label = translation.gettext("with")
    assert f'<span class="text-muted">{with_label}</span> Omar &amp; Ali, Sara</div>' in html
    assert '<span class="text-muted">Tomt</span>' in html  # the room's word, not the admin's "Tom"
    assert html.count('data-testid="room-row"') == 2 and "Inga rum ännu." not in html


def test_board_without_rooms(staff_client):
    html = staff_client.get(reverse("residents:board")).content.decode()
    assert "Inga rum ännu." in html and 'data-testid="room-row"' not in html


def test_rooms_are_edited_by_the_coordinator_and_keep_enough_beds(coordinator_client):
    room = RoomFactory(beds=4)
    stay = StayFactory(room=room, intake=timezone.localdate())
    ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
    url = reverse("residents:room_edit", args=[room.pk])
    response = coordinator_client.post(url, {"name": room.name, "beds": "1", "is_active": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["beds"]
    room.refresh_from_db()
    assert room.beds == 4
    assert coordinator_client.post(url, {"name": room.name, "beds": "2", "is_active": "on"}).status_code == 302
    response = coordinator_client.post(reverse("residents:room_create"), {"name": "Rum 9", "beds": "0"})
    assert response.context["form"].errors["beds"]


@pytest.mark.parametrize("n", [3, 30])
def test_list_record_board_and_journal_run_constant_queries(staff_client, n, django_assert_max_num_queries):
    residents = _population(n)
    ResidentFactory()  # with no stay: the list's last page goes on past the stays
    target = residents[0]
    child = target.children.first()
    staff_client.get(reverse("residents:room_list"))  # creates the shelter profile on first use
    # Every page: session, user, 2FA device, audit row, shelter profile, session save and their savepoints
    # (10), then its own, plus one to spare. The list without a search: count, residents living here, the
    # walk over stays, how many it passed (when a page starts past them all), residents with no stay, the
    # page's rows. The board: rooms, current stays, nights per month.
    pages = [
        (reverse("residents:index"), 16),
        (reverse("residents:index") + "?page=2", 16),
        (reverse("residents:resident_detail", args=[target.pk]), 16),
        (reverse("residents:board"), 14),
        (reverse("residents:resident_journal", args=[target.pk]), 16),
        (reverse("residents:child_detail", args=[child.pk]), 16),
        (reverse("residents:room_list"), 16),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            assert staff_client.get(url).status_code == 200
    # A search sorts its matches: count, the page's ids, the page's rows.
    staff_client.post(reverse("residents:index"), {"q": target.first_name})
    with django_assert_max_num_queries(14):
        assert staff_client.get(reverse("residents:index")).status_code == 200


def test_out_of_scope_ids_are_404(staff_client):
    assert staff_client.get(reverse("residents:resident_detail", args=[999999])).status_code == 404
    assert staff_client.get(reverse("residents:child_detail", args=[999999])).status_code == 404
    assert staff_client.get(reverse("residents:stay_edit", args=[999999])).status_code == 404


def test_volunteer_gets_404_and_anonymous_goes_to_login(volunteer_client, client):
    resident = StayFactory(intake=date(2026, 1, 1)).resident
    for url in [reverse("residents:index"), reverse("residents:resident_detail", args=[resident.pk])]:
        assert volunteer_client.get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_board_charts_this_years_nights_per_month(staff_client):
    import time_machine

    with time_machine.travel("2026-03-15 10:00 +0100", tick=False):
        stay = StayFactory(intake=date(2026, 1, 10))
        ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
        response = staff_client.get(reverse("residents:board"))
    bars = response.context["bars"]
    assert [(b["month"].month, b["month"].adults, b["month"].children) for b in bars] == [
        (date(2026, 1, 1), 22, 22),
        (date(2026, 2, 1), 28, 28),
        (date(2026, 3, 1), 14, 14),
    ]
    # February is the highest month: its stacked bar fills the chart.
    assert bars[1]["adults_height"] + bars[1]["children_height"] == 120
    html = response.content.decode()
    assert html.count('data-testid="nights-chart"') == 1
    assert "<title>Beläggning · Jour</title>" in html


def test_record_links_to_plans_matching_and_for_the_coordinator_the_access_log(staff_client, coordinator_client):
    from residents.choices import ProtectionLevel

    resident = ResidentFactory(protection_level=ProtectionLevel.PROTECTED_REGISTRATION, alias="")
    page = staff_client.get(reverse("residents:resident_detail", args=[resident.pk])).content.decode()
    assert reverse("plans:resident", args=[resident.pk]) in page
    assert reverse("volunteers:matching", args=[resident.pk]) in page
    assert 'data-testid="alias-missing"' in page
    assert reverse("audit:object_log", args=["residents.resident", resident.pk]) not in page
    coordinator_page = coordinator_client.get(reverse("residents:resident_detail", args=[resident.pk])).content.decode()
    assert reverse("audit:object_log", args=["residents.resident", resident.pk]) in coordinator_page
