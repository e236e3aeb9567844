"""Issue 14 item 8: a child's protection level follows the mother's rule (only the coordinator and her contact
persons — and the child's designated staff member — change it), and lowering any protection level alerts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.models import Action, AuditEvent
from residents.choices import ProtectionLevel

from ..conftest import signed_in_client
from ..factories import UserFactory
from ..residents.factories import ChildFactory, ResidentFactory

pytestmark = pytest.mark.django_db

PROTECTED = ProtectionLevel.PROTECTED_REGISTRATION


def _child_form(child, **changes) -> dict:
    data = {
        "first_name": child.first_name,
        "birth_year": child.birth_year,
        "protection_level": child.protection_level,
        "designated_staff": child.designated_staff_id or "",
    }
    data.update(changes)
    return data


def _lowered_alerts(start):
    return [a for a in find_alerts(since=start) if a.kind == AlertKind.PROTECTION_LOWERED]


def test_other_staff_cannot_lower_a_childs_protection(staff, other_staff):
    mother = ResidentFactory(protection_level=PROTECTED)
    mother.contact_persons.add(staff)
    child = ChildFactory(mother=mother, protection_level=PROTECTED)
    client = signed_in_client(other_staff)
    form = client.get(reverse("residents:child_edit", args=[child.pk])).context["form"]
    assert form.fields["protection_level"].disabled and form.fields["designated_staff"].disabled
    response = client.post(
        reverse("residents:child_edit", args=[child.pk]),
        _child_form(child, protection_level=ProtectionLevel.NONE, designated_staff=other_staff.pk),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.protection_level == PROTECTED
    assert child.designated_staff is None


@pytest.mark.parametrize("who", ["mothers_contact_person", "designated_staff", "coordinator"])
def test_those_the_mothers_rule_names_lower_it_and_an_alert_is_raised(who, staff, coordinator):
    start = timezone.now() - dt.timedelta(minutes=1)
    mother = ResidentFactory(protection_level=PROTECTED)
    child = ChildFactory(mother=mother, protection_level=PROTECTED)
    user = {"coordinator": coordinator}.get(who, staff)
    if who == "mothers_contact_person":
        mother.contact_persons.add(staff)
    if who == "designated_staff":
        child.designated_staff = staff
        child.save()
    client = signed_in_client(user)
    response = client.post(
        reverse("residents:child_edit", args=[child.pk]),
        _child_form(child, protection_level=ProtectionLevel.CONFIDENTIALITY_MARKING),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.protection_level == ProtectionLevel.CONFIDENTIALITY_MARKING
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="residents.child")
    assert event.detail["protection_lowered"] is True
    assert [alert.event_id for alert in _lowered_alerts(start)] == [event.pk]


def test_raising_a_protection_level_is_no_alert(staff):
    start = timezone.now() - dt.timedelta(minutes=1)
    mother = ResidentFactory()
    mother.contact_persons.add(staff)
    child = ChildFactory(mother=mother)
    signed_in_client(staff).post(
        reverse("residents:child_edit", args=[child.pk]), _child_form(child, protection_level=PROTECTED)
    )
    child.refresh_from_db()
    assert child.protection_level == PROTECTED
    assert _lowered_alerts(start) == []


def test_lowering_the_mothers_protection_alerts(coordinator_client):
    start = timezone.now() - dt.timedelta(minutes=1)
    mother = ResidentFactory(protection_level=PROTECTED, last_name="Andersson")
    form = coordinator_client.get(reverse("residents:resident_edit", args=[mother.pk])).context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {key: value for key, value in data.items() if value not in (None, False)}
    data["protection_level"] = ProtectionLevel.NONE
    data["contact_persons"] = []
    data["languages"] = []
    response = coordinator_client.post(reverse("residents:resident_edit", args=[mother.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    mother.refresh_from_db()
    assert mother.protection_level == ProtectionLevel.NONE
    assert len(_lowered_alerts(start)) == 1


def test_a_volunteer_never_changes_a_protection_level(db):
    child = ChildFactory(protection_level=PROTECTED)
    assert not child.may_change_protection(UserFactory(role="volunteer"))


def test_the_reveal_reason_is_a_code_from_a_fixed_list(other_staff, staff):
    from residents.choices import RevealReason, reveal_reason_label

    resident = ResidentFactory(protection_level=PROTECTED, last_name="Hemligsson")
    resident.contact_persons.add(staff)
    client = signed_in_client(other_staff)
    url = reverse("residents:resident_reveal", args=[resident.pk])
    free_text = client.post(url, {"reason": "Hon ringde om sin exman Kalle"})
    assert free_text.context["reveal_form"].errors["reason"]
    assert "Hemligsson" not in free_text.content.decode()
    assert client.post(url, {"reason": "other"}).status_code == 200
    event = AuditEvent.objects.get(action=Action.REVEAL)
    assert event.detail == {"reason": "other"}
    from django.utils import translation

    with translation.override("sv"):
        assert reveal_reason_label("other") == "Annat"
    assert reveal_reason_label("authority") == str(RevealReason.AUTHORITY.label)
