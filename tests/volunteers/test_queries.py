"""Every list and detail page runs a fixed number of queries, at 3 rows as at 40."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.residents.factories import ResidentFactory, StayFactory
from volunteers.models import Attendance

from .factories import (
    MatchFactory,
    MeetingFactory,
    StudyCircleFactory,
    VolunteerProfileFactory,
    circle_with_sessions,
    eligible_volunteer,
    held,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 40]


def _count(client, url, method="get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _same_at_both_sizes(build, request, bound, django_assert_max_num_queries):
    counts = []
    for size in SIZES:
        client, url, method, data = build(size)
        getattr(client, method)(url, data or {})  # warm-up: session and per-process caches
        counts.append(_count(client, url, method, data))
        with django_assert_max_num_queries(bound):
            getattr(client, method)(url, data or {})
    assert counts[0] == counts[1], counts


def test_volunteer_list(staff_client, django_assert_max_num_queries):
    def build(size):
        circle = circle_with_sessions()
        for _ in range(size):
            profile = VolunteerProfileFactory()
            circle.participants.add(profile)
            Attendance.objects.create(volunteer=profile, session=circle.sessions.first(), hours=2)
            held(MeetingFactory(match=MatchFactory(volunteer=profile)))
        return staff_client, reverse("volunteers:index"), "get", None

    _same_at_both_sizes(build, None, 12, django_assert_max_num_queries)


def test_my_meetings(django_assert_max_num_queries):
    her = VolunteerProfileFactory()
    client = signed_in_client(her.user)

    def build(size):
        for _ in range(size):
            match = MatchFactory(volunteer=her)
            MeetingFactory(match=match)
            held(MeetingFactory(match=match, starts_at="2026-01-05T10:00+01:00"))
            MatchFactory(volunteer=her, status="proposed", started_on=None)
        return client, reverse("volunteers:index"), "get", None

    # A volunteer without a device is checked for one once per request (two queries: TOTP and backup codes).
    _same_at_both_sizes(build, None, 15, django_assert_max_num_queries)


def test_my_meetings_reads_only_what_she_may_see_of_the_woman():
    from jour.accounts.models import LoginPolicy

    # A contact woman without a second factor (the coordinator allows it): her devices are looked up once.
    LoginPolicy.objects.update_or_create(id=1, defaults={"volunteers_need_two_factor": False})
    her = VolunteerProfileFactory()
    match = MatchFactory(volunteer=her)
    MeetingFactory(match=match)
    held(MeetingFactory(match=match, starts_at="2026-01-05T10:00+01:00"))
    client = signed_in_client(her.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("volunteers:index"))
    assert response.status_code == 200
    assert match.resident.first_name in response.content.decode()
    resident_columns = {
        column
        for query in queries.captured_queries
        for column in ("first_name", "last_name", "personnummer", "wishes", "dreams", "case_number")
        if f'"residents_resident"."{column}"' in query["sql"]
    }
    assert resident_columns == {"first_name"}
    device_checks = [q for q in queries.captured_queries if "accounts_backupcodedevice" in q["sql"]]
    assert len(device_checks) == 1  # asked by the policy and the menu, answered once


def test_volunteer_detail(staff_client, django_assert_max_num_queries):
    profile = eligible_volunteer()

    def build(size):
        for _ in range(size):
            circle = circle_with_sessions()
            circle.participants.add(profile)
            Attendance.objects.create(volunteer=profile, session=circle.sessions.last(), hours=2)
            resident = ResidentFactory()
            StayFactory(resident=resident)
            MatchFactory(volunteer=profile, resident=resident)
        return staff_client, reverse("volunteers:volunteer_detail", args=[profile.pk]), "get", None

    _same_at_both_sizes(build, None, 14, django_assert_max_num_queries)


def test_circle_list_and_detail(staff_client, django_assert_max_num_queries):
    circle = circle_with_sessions()

    def build_list(size):
        for _ in range(size):
            StudyCircleFactory()
        return staff_client, reverse("volunteers:circle_list"), "get", None

    def build_detail(size):
        for _ in range(size):
            profile = VolunteerProfileFactory()
            circle.participants.add(profile)
            Attendance.objects.create(volunteer=profile, session=circle.sessions.first(), hours=2)
        return staff_client, reverse("volunteers:circle_detail", args=[circle.pk]), "get", None

    _same_at_both_sizes(build_list, None, 10, django_assert_max_num_queries)
    _same_at_both_sizes(build_detail, None, 14, django_assert_max_num_queries)


def test_match_list_and_detail(staff_client, django_assert_max_num_queries):
    match = MatchFactory()

    def build_list(size):
        for _ in range(size):
            resident = ResidentFactory()
            StayFactory(resident=resident)
            held(MeetingFactory(match=MatchFactory(resident=resident)))
            StayFactory(resident=ResidentFactory())  # waiting for a contact woman
        return staff_client, reverse("volunteers:match_list"), "get", None

    def build_detail(size):
        for _ in range(size):
            held(MeetingFactory(match=match))
        return staff_client, reverse("volunteers:match_detail", args=[match.pk]), "get", None

    _same_at_both_sizes(build_list, None, 12, django_assert_max_num_queries)
    _same_at_both_sizes(build_detail, None, 13, django_assert_max_num_queries)


def test_matching_candidates(staff_client, django_assert_max_num_queries):
    resident = ResidentFactory(languages=["sv"])

    def build(size):
        for _ in range(size):
            MatchFactory(volunteer=eligible_volunteer(languages=["sv"], capacity=3))
        data = {"languages": ["sv"], "activities": ["walks"], "times": ["mon_evening"]}
        return staff_client, reverse("volunteers:matching", args=[resident.pk]), "post", data

    _same_at_both_sizes(build, None, 12, django_assert_max_num_queries)


def test_calendar_feed(django_assert_max_num_queries):
    her = VolunteerProfileFactory()
    token = her.renew_calendar_token()
    from django.test import Client

    def build(size):
        for _ in range(size):
            MeetingFactory(match=MatchFactory(volunteer=her), starts_at=date(2026, 5, 1).isoformat() + "T10:00+02:00")
        return Client(), reverse("volunteers:calendar_feed", args=[token]), "get", None

    _same_at_both_sizes(build, None, 5, django_assert_max_num_queries)
