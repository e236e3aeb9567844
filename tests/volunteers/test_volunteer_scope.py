"""A contact woman tries every URL of the project with the ids of other volunteers' meetings and
matches and of every resident: each answers 404 or a redirect to login. Nothing else is hers."""

import secrets

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.residents.factories import ResidentFactory, StayFactory
from tests.test_access_matrix import SAMPLES, iter_url_names, world  # noqa: F401 (world is a fixture)

from .factories import MatchFactory, MeetingFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db

# The Django admin is tried through its real paths below (its app_label patterns take no ids).
APP_URLS = {(name, tuple(params)) for name, params in iter_url_names() if not name.startswith("admin:")}
# The one-time password link takes no object id, only a token: a wrong one shows "link no longer valid".
TOKEN_ONLY = {"accounts:password_reset_confirm"}
URLS_WITH_PARAMS = sorted((name, params) for name, params in APP_URLS if params and name not in TOKEN_ONLY)
URLS_WITHOUT_PARAMS = sorted(name for name, params in APP_URLS if not params)


@pytest.fixture
def scene(world):  # noqa: F811
    her = VolunteerProfileFactory()
    own_match = MatchFactory(volunteer=her, resident=ResidentFactory(first_name="Hennes", last_name="Yttergren"))
    own_meeting = MeetingFactory(match=own_match)
    others = [
        MeetingFactory(match=MatchFactory(resident=ResidentFactory(first_name="Zelmira", last_name="Xyloberg"))),
        MeetingFactory(
            match=MatchFactory(
                status="proposed",
                started_on=None,
                resident=ResidentFactory(first_name="Quintana", last_name="Qwertyson", alias="Qvist"),
            )
        ),
    ]
    for meeting in others:
        StayFactory(resident=meeting.match.resident)
    from residents.models import Resident

    own_ids = {own_match.pk, own_meeting.pk, her.pk}
    ids = {m.pk for m in others} | {m.match_id for m in others} | set(Resident.objects.values_list("pk", flat=True))
    return {
        "client": signed_in_client(her.user),
        "world": world,
        "ids": sorted(ids - own_ids),
        "own_resident": own_match.resident,
        "other_residents": [m.match.resident for m in others],
    }


def _variants(name, params, scene):
    base = SAMPLES[name](scene["world"]) if name in SAMPLES else {}
    if name == "volunteers:calendar_feed":
        yield {"token": secrets.token_urlsafe(32)}
        return
    int_params = [p for p in params if isinstance(base.get(p, 0), int)]
    if not int_params:
        yield base
        return
    for object_id in scene["ids"]:
        yield {**base, **{p: object_id for p in int_params}}


def test_every_url_with_foreign_ids_is_404_or_login(scene):
    client = scene["client"]
    tried = 0
    for name, params in URLS_WITH_PARAMS:
        for kwargs in _variants(name, params, scene):
            url = reverse(name, kwargs=kwargs)
            for method in (client.get, client.post):
                response = method(url)
                tried += 1
                assert response.status_code == 404 or (
                    response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
                ), (name, kwargs, method.__name__, response.status_code)
    assert tried > 100
    for object_id in scene["ids"]:
        for path in (f"/admin/accounts/user/{object_id}/change/", f"/admin/residents/resident/{object_id}/change/"):
            assert client.get(path).status_code == 404
    for object_id in scene["ids"]:
        for path in (f"/admin/accounts/user/{object_id}/change/", f"/admin/residents/resident/{object_id}/change/"):
            assert client.get(path).status_code == 404


def test_pages_open_to_her_show_no_other_woman(scene):
    client = scene["client"]
    opened = []
    for name in URLS_WITHOUT_PARAMS:
        response = client.get(reverse(name))
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        opened.append(name)
        body = response.content.decode()
        for resident in scene["other_residents"]:
            for secret in (resident.first_name, resident.last_name, resident.case_number):
                assert secret not in body, (name, secret)
        assert scene["own_resident"].last_name not in body and scene["own_resident"].case_number not in body
    assert "volunteers:index" in opened
    assert "Hennes" in client.get(reverse("volunteers:index")).content.decode()
