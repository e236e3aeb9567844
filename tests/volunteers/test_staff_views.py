"""Staff pages: profiles, study circles with attendance, make-ups; bad input stays unsaved."""

from datetime import date

import pytest
from django.urls import reverse

from jour.accounts.models import Role
from jour.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.markup import compact
from volunteers.models import Attendance, StudyCircle, VolunteerProfile, VolunteerStatus

from .factories import VolunteerProfileFactory, attend, circle_with_sessions

pytestmark = pytest.mark.django_db


def test_staff_create_a_profile_for_a_volunteer_account(staff_client):
    account = UserFactory(role=Role.VOLUNTEER)
    response = staff_client.post(
        reverse("volunteers:volunteer_new"),
        {
            "user": account.pk,
            "profession": "Barnmorska",
            "languages": ["sv", "ar"],
            "help_areas": ["walks", "fika"],
            "availability": ["mon_evening"],
            "capacity": 2,
            "status": "applicant",
            "pledge_signed_on": "2026-02-01",
        },
    )
    profile = VolunteerProfile.objects.get()
    assert response.status_code == 302
    assert (profile.user, profile.languages, profile.pledge_signed_on) == (account, ["sv", "ar"], date(2026, 2, 1))
    assert AuditEvent.objects.filter(action="create", object_type="volunteers.volunteerprofile").exists()


def test_a_staff_account_cannot_get_a_volunteer_profile(staff_client, other_staff):
    response = staff_client.post(reverse("volunteers:volunteer_new"), {"user": other_staff.pk, "capacity": 1})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not VolunteerProfile.objects.exists()


def test_pausing_needs_a_reason(staff_client):
    profile = VolunteerProfileFactory()
    response = staff_client.post(
        reverse("volunteers:volunteer_edit", args=[profile.pk]), {"capacity": 1, "status": "paused"}
    )
    assert response.status_code == 200
    assert "Ange en anledning" in response.content.decode()
    assert VolunteerProfile.objects.get(pk=profile.pk).status == VolunteerStatus.IN_TRAINING


def test_a_new_circle_gets_eight_sessions_and_attendance_is_recorded(staff_client):
    profiles = [VolunteerProfileFactory(status=VolunteerStatus.APPLICANT) for _ in range(2)]
    response = staff_client.post(
        reverse("volunteers:circle_new"),
        {"name": "Våren 2026", "leader": "Sara", "participants": [p.pk for p in profiles], "first_date": "2026-02-04"},
    )
    circle = StudyCircle.objects.get()
    assert response.status_code == 302
    sessions = list(circle.sessions.order_by("number"))
    assert [s.number for s in sessions] == list(range(1, 9))
    assert sessions[7].date == date(2026, 3, 25) and sessions[0].hours == 2.5
    present = [f"{profiles[0].pk}-{s.pk}" for s in sessions] + [f"{profiles[1].pk}-{sessions[0].pk}", "junk", "1-x"]
    staff_client.post(reverse("volunteers:circle_detail", args=[circle.pk]), {"present": present})
    assert Attendance.objects.filter(volunteer=profiles[0]).count() == 8
    assert Attendance.objects.filter(volunteer=profiles[1]).count() == 1
    assert VolunteerProfile.objects.get(pk=profiles[0].pk).status == VolunteerStatus.IN_TRAINING
    # Unticking removes the regular attendance.
    staff_client.post(reverse("volunteers:circle_detail", args=[circle.pk]), {"present": present[:7]})
    assert Attendance.objects.filter(volunteer=profiles[0]).count() == 7
    assert not Attendance.objects.filter(volunteer=profiles[1]).exists()


def test_attendance_of_a_non_participant_is_ignored(staff_client):
    circle = circle_with_sessions()
    outsider = VolunteerProfileFactory()
    session = circle.sessions.first()
    staff_client.post(
        reverse("volunteers:circle_detail", args=[circle.pk]), {"present": [f"{outsider.pk}-{session.pk}"]}
    )
    assert not Attendance.objects.exists()


def test_the_coordinator_records_a_make_up(coordinator_client):
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1))
    circle = circle_with_sessions()
    attend(profile, circle, count=7)
    missed = circle.sessions.get(number=8)
    url = reverse("volunteers:volunteer_make_up", args=[profile.pk])
    bad = coordinator_client.post(url, {"session": missed.pk, "make_up_on": "2026-04-01", "hours": "13"})
    assert bad.status_code == 200 and "Högst 12 timmar" in bad.content.decode()
    assert not profile.attendances.filter(make_up=True).exists()
    response = coordinator_client.post(url, {"session": missed.pk, "make_up_on": "2026-04-01", "hours": "2.5"})
    assert response.status_code == 302
    assert profile.is_eligible
    detail = coordinator_client.get(reverse("volunteers:volunteer_detail", args=[profile.pk])).content.decode()
    assert 'data-testid="eligible"' in detail


def test_staff_cannot_record_a_make_up(staff_client):
    profile = VolunteerProfileFactory()
    assert staff_client.get(reverse("volunteers:volunteer_make_up", args=[profile.pk])).status_code == 404


def test_the_volunteer_list_shows_progress_and_hours(staff_client):
    profile = VolunteerProfileFactory(user__first_name="Ingrid")
    attend(profile, circle_with_sessions(), count=5)
    body = staff_client.get(reverse("volunteers:index")).content.decode()
    assert "Ingrid" in body and "5 av 8" in body


# The match list's rows as its template rendered them before volunteers/views.py built them in Python.
MATCH_ROWS_AS_A_TEMPLATE = """{% load i18n disclosure %}{% for match in matches %}
  <tr><td><a href="{% url 'volunteers:match_detail' match.pk %}">{{ match.pk }}</a></td><td>{{ match.resident|woman_shown:"staff_list" }}</td><td>{{ match.volunteer.user.display_name }}</td>
  <td>{{ match.get_status_display }}{% if match.after_care %} <span class="badge text-bg-info">{% translate "after-care" %}</span>{% endif %}</td>
  <td>{{ match.started_on|date:"Y-m-d"|default:"–" }}</td><td class="text-end">{{ match.meetings_held }}</td></tr>{% endfor %}"""  # noqa: E501


WAITING_AS_A_TEMPLATE = """{% load i18n disclosure %}{% for resident in waiting %}
  <li class="list-group-item d-flex justify-content-between align-items-center">{{ resident|woman_shown:"staff_list" }}
    <a class="btn btn-sm btn-jour" href="{% url 'volunteers:matching' resident.pk %}">{% translate "Find a contact woman" %}</a></li>{% endfor %}"""  # noqa: E501


def test_the_match_list_is_the_markup_the_template_made_with_the_same_counts_and_after_care(staff_client):
    from datetime import timedelta

    from django.db.models import Count, Q
    from django.template import Context, Template
    from django.utils import timezone, translation

    from residents.models import Resident
    from tests.residents.factories import ResidentFactory, StayFactory
    from volunteers.models import OPEN_MATCH_STATUSES, EndReason, Match, MatchStatus
    from volunteers.views import _match_rows

    from .factories import MatchFactory, MeetingFactory, held

    today = timezone.localdate()
    here = ResidentFactory(first_name="<b>Amina</b>", last_name="Nord", protection_level="protected_registration")
    StayFactory(resident=here, intake=today - timedelta(days=20))
    active = MatchFactory(resident=here, volunteer__user__first_name="Eva & Li", volunteer__user__last_name="Berg")
    held(MeetingFactory(match=active))
    held(MeetingFactory(match=active))
    MeetingFactory(match=active)  # planned: not counted
    gone = ResidentFactory(first_name="Sara", last_name="Söder")
    StayFactory(resident=gone, intake=today - timedelta(days=90), discharge=today - timedelta(days=10))
    MatchFactory(resident=gone, status=MatchStatus.PAUSED)  # after-care: she has moved out
    nameless = {"volunteer__user__first_name": "", "volunteer__user__last_name": ""}  # shown by username
    MatchFactory(status=MatchStatus.PROPOSED, started_on=None, **nameless)
    MatchFactory(status=MatchStatus.ENDED, ended_on=today, end_reason=EndReason.COMPLETED)  # not open: not listed
    waiting = ResidentFactory(first_name="Hanna")
    StayFactory(resident=waiting, intake=today - timedelta(days=3))
    before = (
        Match.objects.select_related("volunteer__user", "resident")
        .with_after_care()
        .filter(status__in=OPEN_MATCH_STATUSES)
        .annotate(meetings_held=Count("meetings", filter=Q(meetings__status="held")))
        .order_by("status", "-proposed_at")
    )

    html = staff_client.get(reverse("volunteers:match_list")).content.decode()
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")]
    assert compact(body) == compact(Template(MATCH_ROWS_AS_A_TEMPLATE).render(Context({"matches": before})))
    with translation.override("en"):
        expected = compact(Template(MATCH_ROWS_AS_A_TEMPLATE).render(Context({"matches": before})))
        assert compact(_match_rows(list(before))) == expected
    assert body.count("<tr>") == 3 and "&lt;b&gt;Amina&lt;/b&gt; ***" in body and "Nord" not in body
    assert "Eva &amp; Li Berg" in body and body.count("efterstöd") == 1  # Sara has moved out
    assert '<td class="text-end">2</td>' in body and "<td>–</td>" in body
    waiting_list = html[html.index('data-testid="waiting"') :]
    waiting_list = waiting_list[waiting_list.index(">") + 1 : waiting_list.index("</ul>")]
    waiting_before = sorted(
        Resident.objects.with_current()
        .filter(is_current=True)
        .exclude(volunteer_matches__status__in=OPEN_MATCH_STATUSES),
        key=lambda resident: (resident.first_name.casefold(), resident.pk),
    )
    assert compact(waiting_list) == compact(
        Template(WAITING_AS_A_TEMPLATE).render(Context({"waiting": waiting_before}))
    )
    assert "Hanna" in waiting_list and reverse("volunteers:matching", args=[waiting.pk]) in waiting_list
    assert "Amina" not in waiting_list and "Sara" not in waiting_list


def test_the_match_list_says_when_there_are_none(staff_client):
    html = staff_client.get(reverse("volunteers:match_list")).content.decode()
    assert "Inga matchningar." in html
