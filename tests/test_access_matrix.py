"""The authorization matrix: every URL of the project, every role.

Each URL name must have an entry in jour.access.policy. Anonymous visitors are sent to the login
page; a role the policy does not name gets 404; a role it names gets the page (200, or the status
in EXPECTED_FOR_ALLOWED). URLs with parameters get real objects from `world` through SAMPLES.

The audit column of the policy is checked on the same walk: a GET of a page declared READ or EXPORT
writes exactly one such event naming the page; any other page writes none — and must not show a person:
the world's people carry marker names (PERSON_MARKERS), and a page that prints one without READ fails.
"""

from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from jour.access.policy import POLICY, page_for, rule_for
from jour.accounts.models import Role
from jour.audit.models import Action, AuditEvent

from .conftest import signed_in_client
from .factories import UserFactory

ROLES = [Role.VOLUNTEER, Role.STAFF, Role.COORDINATOR]

# Status for an allowed role when not 200 (GET on POST-only actions, pages that redirect).
EXPECTED_FOR_ALLOWED = {
    "directory:listing_delete": 405,
    "accounts:backup_codes": 405,
    "accounts:user_reset_2fa": 405,
    "accounts:user_reset_access": 405,
    "accounts:passkey_remove": 404,  # the sample id is nobody's passkey in her scope
    "calls:contact_delete": 405,
    # Only the author (24 h) or the coordinator may edit: another staff member gets 404.
    "calls:contact_edit": {Role.STAFF: 404, Role.COORDINATOR: 200},
    "reporting:report_send": 405,
    "reporting:report_new_version": 405,
    # The sample meeting and match belong to another contact woman: scoped to her, so 404.
    "volunteers:my_meeting": 404,
    "volunteers:my_match_accept": 404,
    "volunteers:my_calendar_renew": 405,
    "volunteers:match_transition": 405,
    "residents:resident_reveal": 405,
    "plans:goal_delete": 405,
    "regulation:premises_delete": 405,
    "regulation:routine_reviewed": 405,
    "regulation:binder_pdf": 302,  # without a year: back to the overview
    "regulation:handover_mark": 405,
    # The contact woman's start page is her meetings: "/" redirects her there.
    "home": {Role.VOLUNTEER: 302, Role.STAFF: 200, Role.COORDINATOR: 200},
}


# Names no page shows unless it shows these people: her name and alias, her child's, a contact woman's, a caller's.
PERSON_MARKERS = {
    "resident first name": "Sentinella",
    "resident surname": "Vaktbergsson",
    "resident alias": "Lärkfalk",
    "child": "Vaktbarnet",
    "contact woman": "Kontaktvakten",
    "recurring caller": "Ringvakten",
}


@pytest.fixture
def world(db, staff):
    """One object of each kind, for URLs that take an id; the people in it carry PERSON_MARKERS."""
    world = {
        "staff": staff,
        **_calls_world(staff),
        **_reporting_world(staff),
        **_volunteers_world(),
        **_residents_world(staff),
        **_directory_world(),
    }
    resident, child = world["resident"], world["child"]
    resident.first_name, resident.last_name = PERSON_MARKERS["resident first name"], PERSON_MARKERS["resident surname"]
    resident.alias = PERSON_MARKERS["resident alias"]
    resident.save()
    child.first_name = PERSON_MARKERS["child"]
    child.save()
    # The contact woman of the sample match meets the sample resident.
    match = world["volunteer_match"]
    match.resident = resident
    match.save()
    volunteer = match.volunteer.user
    volunteer.first_name = PERSON_MARKERS["contact woman"]
    volunteer.save()
    recurring = world["recurring_contact"]
    recurring.pseudonym = PERSON_MARKERS["recurring caller"]
    recurring.save()
    return world


def _regulation(world: dict) -> dict:
    """The regulation app's objects for the residents world's child, made on first use."""
    if "regulation" not in world:
        from tests.regulation.factories import regulation_world

        world["regulation"] = regulation_world(world)
    return world["regulation"]


def _residents_world(staff) -> dict:
    from tests.residents.factories import ChildFactory, ChildStayFactory, JournalEntryFactory, StayFactory

    stay = StayFactory()
    child = ChildFactory(mother=stay.resident)
    ChildStayFactory(child=child, stay=stay)
    return {
        "resident": stay.resident,
        "stay": stay,
        "child": child,
        "room": stay.room,
        "journal_entry": JournalEntryFactory(resident=stay.resident),
    }


def _reporting_world(staff) -> dict:
    from tests.reporting.factories import DeviationFactory, make_report

    return {"report": make_report(by=staff), "deviation": DeviationFactory()}


def _volunteers_world() -> dict:
    from tests.volunteers.factories import MeetingFactory, StudyCircleFactory

    meeting = MeetingFactory()
    profile = meeting.match.volunteer
    profile.renew_calendar_token()
    circle = StudyCircleFactory()
    return {
        "volunteer_profile": profile,
        "volunteer_match": meeting.match,
        "volunteer_meeting": meeting,
        "study_circle": circle,
        "study_session": circle.create_sessions(first_date=meeting.starts_at.date())[0],
    }


def _calls_world(staff) -> dict:
    from tests.calls.factories import RecurringContactFactory, SupportContactFactory

    recurring = RecurringContactFactory(created_by=staff)
    # Logged by `staff`: another staff member may not edit it.
    contact = SupportContactFactory(staff=staff, recurring_contact=recurring)
    return {"support_contact": contact, "recurring_contact": recurring}


def _directory_world() -> dict:
    from jour.shelter.models import ShelterProfile
    from tests.directory.factories import ShelterListingFactory

    # The public profile export needs the shelter's municipality.
    ShelterProfile.objects.update_or_create(id=ShelterProfile.SINGLETON_ID, defaults={"municipality_id": "0136"})
    return {"shelter_listing": ShelterListingFactory()}


def _plans(world: dict) -> dict:
    """Plan objects for the residents world's stay, made on first use."""
    if "plans" not in world:
        from tests.plans.factories import plans_world

        world["plans"] = plans_world(world)
    return world["plans"]


SAMPLES = {
    "directory:listing_delete": lambda w: {"pk": w["shelter_listing"].pk},
    "accounts:user_edit": lambda w: {"pk": w["staff"].pk},
    "accounts:user_reset_2fa": lambda w: {"pk": w["staff"].pk},
    "accounts:user_reset_access": lambda w: {"pk": w["staff"].pk},
    "accounts:passkey_remove": lambda w: {"pk": 1},  # POST only, her own passkey
    "accounts:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "not-a-token"},
    "audit:object_log": lambda w: {"object_type": "accounts.user", "object_id": str(w["staff"].pk)},
    "calls:contact_detail": lambda w: {"pk": w["support_contact"].pk},
    "calls:contact_edit": lambda w: {"pk": w["support_contact"].pk},
    "calls:contact_delete": lambda w: {"pk": w["support_contact"].pk},
    "calls:recurring_detail": lambda w: {"pk": w["recurring_contact"].pk},
    "reporting:report_detail": lambda w: {"pk": w["report"].pk},
    "reporting:report_edit": lambda w: {"pk": w["report"].pk},
    "reporting:report_answers": lambda w: {"pk": w["report"].pk},
    "reporting:report_questions": lambda w: {"pk": w["report"].pk},
    "reporting:report_send": lambda w: {"pk": w["report"].pk},
    "reporting:report_new_version": lambda w: {"pk": w["report"].pk},
    "reporting:report_pdf": lambda w: {"pk": w["report"].pk},
    "reporting:report_csv": lambda w: {"pk": w["report"].pk},
    "reporting:report_xlsx": lambda w: {"pk": w["report"].pk},
    "reporting:register_list": lambda w: {"register": "deviations"},
    "reporting:register_create": lambda w: {"register": "deviations"},
    "reporting:register_edit": lambda w: {"register": "deviations", "pk": w["deviation"].pk},
    "volunteers:my_meeting": lambda w: {"pk": w["volunteer_meeting"].pk},
    "volunteers:my_match_accept": lambda w: {"pk": w["volunteer_match"].pk},
    "volunteers:calendar_feed": lambda w: {"token": w["volunteer_profile"].calendar_token},
    "volunteers:volunteer_detail": lambda w: {"pk": w["volunteer_profile"].pk},
    "volunteers:volunteer_edit": lambda w: {"pk": w["volunteer_profile"].pk},
    "volunteers:volunteer_make_up": lambda w: {"pk": w["volunteer_profile"].pk},
    "volunteers:circle_detail": lambda w: {"pk": w["study_circle"].pk},
    "volunteers:circle_edit": lambda w: {"pk": w["study_circle"].pk},
    "volunteers:session_edit": lambda w: {"pk": w["study_session"].pk},
    "volunteers:match_detail": lambda w: {"pk": w["volunteer_match"].pk},
    "volunteers:match_transition": lambda w: {"pk": w["volunteer_match"].pk},
    "volunteers:matching": lambda w: {"resident_pk": w["volunteer_match"].resident_id},
    "residents:resident_detail": lambda w: {"pk": w["resident"].pk},
    "residents:resident_edit": lambda w: {"pk": w["resident"].pk},
    "residents:resident_reveal": lambda w: {"pk": w["resident"].pk},
    "residents:resident_journal": lambda w: {"pk": w["resident"].pk},
    "residents:stay_create": lambda w: {"pk": w["resident"].pk},
    "residents:child_create": lambda w: {"pk": w["resident"].pk},
    "residents:stay_edit": lambda w: {"pk": w["stay"].pk},
    "residents:stay_discharge": lambda w: {"pk": w["stay"].pk},
    "residents:child_detail": lambda w: {"pk": w["child"].pk},
    "residents:child_edit": lambda w: {"pk": w["child"].pk},
    "residents:child_journal": lambda w: {"pk": w["child"].pk},
    "residents:journal_entry_edit": lambda w: {"pk": w["journal_entry"].pk},
    "residents:journal_entry_correct": lambda w: {"pk": w["journal_entry"].pk},
    "residents:room_edit": lambda w: {"pk": w["room"].pk},
    "plans:stay_plan": lambda w: {"stay_pk": _plans(w)["plan"].stay_id},
    "plans:plan_edit": lambda w: {"stay_pk": w["stay"].pk},
    "plans:goal_create": lambda w: {"stay_pk": w["stay"].pk},
    "plans:follow_up_create": lambda w: {"stay_pk": w["stay"].pk},
    "plans:plan_pdf": lambda w: {"stay_pk": _plans(w)["plan"].stay_id},
    "plans:goal_edit": lambda w: {"pk": _plans(w)["goal"].pk},
    "plans:goal_delete": lambda w: {"pk": _plans(w)["goal"].pk},
    "plans:activity_create": lambda w: {"goal_pk": _plans(w)["goal"].pk},
    "plans:activity_edit": lambda w: {"pk": _plans(w)["activity"].pk},
    "plans:resident": lambda w: {"resident_pk": w["resident"].pk},
    "plans:support_create": lambda w: {"resident_pk": w["resident"].pk},
    "plans:support_edit": lambda w: {"pk": _plans(w)["support_entry"].pk},
    "plans:orientation": lambda w: {"resident_pk": w["resident"].pk},
    "plans:topic_edit": lambda w: {"pk": _plans(w)["orientation_topic"].pk},
    "plans:safety_plan": lambda w: {"resident_pk": w["resident"].pk},
    "plans:safety_plan_edit": lambda w: {"resident_pk": w["resident"].pk},
    "plans:self_assessments": lambda w: {"resident_pk": w["resident"].pk},
    "plans:self_assessment_create": lambda w: {"resident_pk": w["resident"].pk},
    "plans:meeting_edit": lambda w: {"pk": _plans(w)["house_meeting"].pk},
    "regulation:permit_change_edit": lambda w: {"pk": _regulation(w)["permit_change"].pk},
    "regulation:premises_edit": lambda w: {"pk": _regulation(w)["premises"].pk},
    "regulation:premises_delete": lambda w: {"pk": _regulation(w)["premises"].pk},
    "regulation:child_stay": lambda w: {"pk": _regulation(w)["child_stay"].pk},
    "regulation:placement_edit": lambda w: {"pk": _regulation(w)["child_stay"].pk},
    "regulation:plan_edit": lambda w: {"pk": _regulation(w)["child_stay"].pk},
    "regulation:view_create": lambda w: {"pk": _regulation(w)["child_stay"].pk},
    "regulation:request_edit": lambda w: {"pk": _regulation(w)["placement_request"].pk},
    "regulation:routine_edit": lambda w: {"pk": _regulation(w)["routine"].pk},
    "regulation:routine_reviewed": lambda w: {"pk": _regulation(w)["routine"].pk},
    "regulation:staffing_edit": lambda w: {"year": 2025},
    "regulation:handover_pdf": lambda w: {"pk": w["stay"].pk},
    "regulation:handover_mark": lambda w: {"pk": w["stay"].pk},
}


def iter_url_names(patterns=None, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    """(view name, parameter names) of every URL pattern, included ones too."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from iter_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or pattern.lookup_str
            params = list(pattern.pattern.regex.groupindex)
            yield (f"{namespace}:{name}" if namespace else name), params


ALL_URLS = sorted(set((name, tuple(params)) for name, params in iter_url_names()))
APP_URLS = [(name, params) for name, params in ALL_URLS if not name.startswith("admin:")]


def test_every_url_has_a_policy_entry():
    missing = [name for name, _params in ALL_URLS if rule_for(name) is None]
    assert missing == []


def test_policy_has_no_stale_entries():
    names = {name for name, _params in ALL_URLS}
    assert sorted(set(POLICY) - names) == []


def _url(name: str, params: tuple, world) -> str:
    if not params:
        return reverse(name)
    assert name in SAMPLES, f"add a sample for {name} to SAMPLES in tests/test_access_matrix.py"
    return reverse(name, kwargs=SAMPLES[name](world))


def _page_events(name: str):
    return AuditEvent.objects.filter(view_name=name, action__in=[Action.VIEW, Action.EXPORT])


def _check_audit(name: str, role, response, events_before: int) -> None:
    """READ/EXPORT pages write one event per successful GET; other pages none, and show no marked person."""
    page = page_for(name)
    written = list(_page_events(name).order_by("id")[events_before:])
    if response.status_code != 200:
        assert written == [], (name, role, "a refused or redirected GET is not a read")
        return
    if page.audit is not None:
        assert [event.action for event in written] == [page.audit], (name, role, written)
        return
    assert written == [], (name, role, "not declared audited, yet wrote", written)
    body = response.content.decode(errors="replace") if not response.streaming else ""
    shown = [kind for kind, marker in PERSON_MARKERS.items() if marker in body]
    assert shown == [], f"{name} shows a person ({', '.join(shown)}) for {role}: declare READ in jour/access/policy.py"


def test_every_entry_declares_its_audit():
    """Page() takes both arguments; this guards the declaration's meaning: only READ, EXPORT or NOT_AUDITED."""
    assert {page.audit for page in POLICY.values()} <= {Action.VIEW, Action.EXPORT, None}


@pytest.mark.parametrize(("name", "params"), APP_URLS, ids=[name for name, _ in APP_URLS])
def test_matrix(name, params, world):
    rule = rule_for(name)
    url = _url(name, params, world)

    anonymous = Client().get(url)
    if rule.public:
        assert not (anonymous.status_code == 302 and "/account/login/" in anonymous["Location"])
    else:
        assert anonymous.status_code == 302, (name, anonymous.status_code)
        assert anonymous["Location"].startswith(reverse("accounts:login"))
        assert "?" not in anonymous["Location"] or "next=" in anonymous["Location"]

    if rule.public or rule.before_2fa:
        return
    for role in ROLES:
        client = signed_in_client(UserFactory(role=role))
        events_before = _page_events(name).count()
        response = client.get(url)
        _check_audit(name, role, response, events_before)
        if rule.allows_role(role):
            expected = EXPECTED_FOR_ALLOWED.get(name, 200)
            if isinstance(expected, dict):  # object rules on top of the role, e.g. author-only edits
                expected = expected[role]
            assert response.status_code == expected, (name, role, response.status_code)
        else:
            assert response.status_code == 404, (name, role, response.status_code)


@pytest.mark.parametrize("url", ["/admin/", "/admin/accounts/user/", "/admin/nowhere/"])
def test_admin_is_for_the_technical_superuser_only(db, url):
    assert Client().get(url).status_code == 302
    for role in ROLES:
        assert signed_in_client(UserFactory(role=role)).get(url).status_code == 404
    superuser = signed_in_client(UserFactory(role="", is_superuser=True, is_staff=True))
    assert superuser.get("/admin/").status_code == 200


def _undeclared_view(request):
    from django.http import HttpResponse

    return HttpResponse("secret")


urlpatterns = [path("undeclared/", _undeclared_view, name="undeclared"), *get_resolver().url_patterns]


@override_settings(ROOT_URLCONF=__name__)
def test_an_undeclared_view_is_refused_and_fails_the_matrix(staff_client):
    names = [name for name, _ in iter_url_names(urlpatterns)]
    assert "undeclared" in names
    assert [name for name in names if rule_for(name) is None] == ["undeclared"]
    # And the middleware refuses it at run time, for every role.
    assert staff_client.get("/undeclared/").status_code == 404
