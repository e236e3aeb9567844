"""The demo audit trail (jour/audit/demo.py) at a tiny bulk size: what the other apps' rows would have left."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.calls.models import SupportContact
from jour.demo.bulk import Volumes, seed_bulk
from residents.models import Resident

pytestmark = pytest.mark.django_db

TINY = Volumes(contacts=300, recurring=10, residents=20, children=20, volunteers=8, meetings=100, staff=4, years=2)


@pytest.fixture
def loaded(coordinator, staff, volunteer_user):
    users = {"samordnare": coordinator, "personal": staff, "kontaktkvinna": volunteer_user}
    seed_bulk(volumes=TINY, seed=7, users=users, log=lambda _message: None)


def test_the_trail_follows_the_data_in_time_order(loaded):
    events = AuditEvent.objects.all()
    assert set(events.values_list("action", flat=True)) >= {
        Action.VIEW, Action.CREATE, Action.CHANGE, Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED
    }  # fmt: skip
    assert (
        events.filter(action=Action.CREATE, object_type="calls.supportcontact").count()
        == SupportContact.objects.count()
    )
    assert not events.filter(at__gt=timezone.now()).exists()
    # Ids follow time, as in a log that grew day by day (the pages walk (at, id)).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT at < lag(at) OVER (ORDER BY id) AS back FROM audit_auditevent) x WHERE back"
        )
        assert cursor.fetchone()[0] == 0
    # Every record an event names exists, and every actor is an account (failed logins name only the account).
    resident_ids = {str(pk) for pk in Resident.objects.values_list("pk", flat=True)}
    named = set(
        events.filter(object_type="residents.resident").exclude(object_id="").values_list("object_id", flat=True)
    )
    assert named and named <= resident_ids
    assert not events.filter(actor__isnull=True).exclude(action__in=[Action.LOGIN_FAILED, Action.LOCKOUT]).exists()


def test_the_log_and_who_accessed_read_the_demo_trail(loaded, coordinator_client):
    page = coordinator_client.get("/audit/")
    assert page.status_code == 200 and len(page.context["page"].rows) == 50
    viewed = AuditEvent.objects.filter(object_type="residents.resident").exclude(object_id="").first().object_id
    history = coordinator_client.get(f"/audit/residents.resident/{viewed}/")
    assert history.status_code == 200 and history.context["page"].rows
