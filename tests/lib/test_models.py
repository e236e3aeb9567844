"""Who created or changed a record (jour/lib/models.py), through models that use it."""

import pytest
from django.db import models
from django.db.models.deletion import ProtectedError

from jour.calls.models import SupportContact
from jour.lib.models import Authored, Changed, staff_reference
from residents.models import Resident, Stay
from residents.plans.models import SafetyPlan
from tests.calls.factories import SupportContactFactory
from tests.factories import UserFactory
from tests.residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_authored_and_changed_fields_are_set_by_the_system_and_outlive_the_account():
    for model, fields in ((Stay, ("created_at", "created_by")), (SafetyPlan, ("updated_at", "updated_by"))):
        assert issubclass(model, Authored if "created_at" in fields else Changed)
        at, by = (model._meta.get_field(name) for name in fields)
        assert at.auto_now_add or at.auto_now
        assert by.remote_field.on_delete is models.SET_NULL and by.null and by.remote_field.related_name == "+"


def test_a_created_record_keeps_its_row_when_the_account_goes():
    user = UserFactory()
    resident = ResidentFactory(created_by=user)
    user.delete()
    resident.refresh_from_db()
    assert resident.created_by is None and Resident.objects.filter(pk=resident.pk).exists()


def test_a_protected_author_cannot_be_deleted_while_her_record_exists():
    field = SupportContact._meta.get_field("created_by")
    assert field.remote_field.on_delete is models.PROTECT and not field.null
    contact = SupportContactFactory()
    with pytest.raises(ProtectedError):
        contact.created_by.delete()


def test_staff_reference_passes_other_options_on():
    field = staff_reference("checked by", limit_choices_to={"is_active": True})
    assert field.remote_field.limit_choices_to == {"is_active": True} and field.blank
    assert not staff_reference("proposed by", blank=False).blank
