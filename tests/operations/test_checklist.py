import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jour.accounts.models import Role
from jour.operations.models import FirstRun, Task
from jour.operations.runs import TIMED_TASKS, record_success
from jour.privacy.models import RetentionPolicy
from jour.shelter.models import Municipality, ShelterProfile
from residents.models import Room

from ..conftest import signed_in_client
from ..factories import TOTPDeviceFactory, UserFactory


def _state(page) -> dict[str, str]:
    import re

    return dict(re.findall(r'data-testid="checklist-(\w+)" data-done="(yes|no)"', page))


def test_a_new_installation_shows_the_coordinator_what_is_left(coordinator_client):
    home = coordinator_client.get(reverse("home")).content.decode()
    assert 'data-testid="first-run-checklist"' in home
    assert _state(home) == {k: "no" for k in ["profile", "rooms", "staff", "retention", "backup", "timers"]}
    assert "Kom igång" in home
    staff_client = signed_in_client(UserFactory(role=Role.STAFF))
    assert 'data-testid="first-run-checklist"' not in staff_client.get(reverse("home")).content.decode()
    page = coordinator_client.get(reverse("operations:checklist")).content.decode()
    assert page.count("aldrig") == len(Task)  # no job has ever run


def test_each_item_is_ticked_by_the_data_and_then_the_checklist_goes(coordinator, coordinator_client):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    Room.objects.create(name="Rum 1", beds=2)
    staff = UserFactory(role=Role.STAFF)
    policy = RetentionPolicy.load()
    policy.updated_by = coordinator
    policy.save()
    for task in TIMED_TASKS:
        record_success(task)
    state = _state(coordinator_client.get(reverse("home")).content.decode())
    assert state == {
        "profile": "yes",
        "rooms": "yes",
        "staff": "no",
        "retention": "yes",
        "backup": "no",
        "timers": "yes",
    }
    TOTPDeviceFactory(user=staff)  # the coordinator's own device comes from signed_in_client
    record_success(Task.RESTORE_DRILL)
    home = coordinator_client.get(reverse("home")).content.decode()
    assert 'data-testid="first-run-checklist"' not in home
    assert FirstRun.objects.get().completed_at is not None
    page = coordinator_client.get(reverse("operations:checklist")).content.decode()
    assert 'data-testid="checklist-completed"' in page


def test_once_complete_the_start_page_pays_one_query_for_it(coordinator_client, django_assert_max_num_queries):
    FirstRun.objects.create(completed_at=timezone.now())
    coordinator_client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        coordinator_client.get(reverse("home"))
    checklist = [q["sql"] for q in queries.captured_queries if "operations_" in q["sql"]]
    assert len(checklist) == 1 and "operations_firstrun" in checklist[0]


def test_the_data_protection_page_warns_of_overdue_timers(coordinator_client):
    url = reverse("privacy:retention")
    page = coordinator_client.get(url).content.decode()
    assert 'data-testid="stale-timers"' in page and "Gallring" in page
    for task in TIMED_TASKS:
        record_success(task)
    assert 'data-testid="stale-timers"' not in coordinator_client.get(url).content.decode()
    record_success(Task.BACKUP, at=timezone.now() - dt.timedelta(days=2, minutes=1))
    page = coordinator_client.get(url).content.decode()
    assert 'data-testid="stale-timers"' in page and "Krypterad säkerhetskopia" in page


@pytest.mark.parametrize("client_name", ["staff_client", "volunteer_client"])
def test_only_the_coordinator_opens_the_checklist(request, client_name):
    assert request.getfixturevalue(client_name).get(reverse("operations:checklist")).status_code == 404
