"""How the audit log names contact women's records: her name, a match by the woman's case number, a date."""

from django.utils import timezone

from jour.audit.labels import by_pk, int_ids, labeller

from .models import Match, Meeting, StudyCircle, StudySession, VolunteerProfile


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


@labeller("volunteers.volunteerprofile")
def volunteers(ids):
    rows = VolunteerProfile.objects.filter(pk__in=int_ids(ids)).values_list(
        "pk", "user__first_name", "user__last_name", "user__username"
    )
    return {str(pk): _name(*names) for pk, *names in rows}


@labeller("volunteers.match")
def matches(ids):
    rows = Match.objects.filter(pk__in=int_ids(ids)).values_list(
        "pk",
        "volunteer__user__first_name",
        "volunteer__user__last_name",
        "volunteer__user__username",
        "resident__case_number",
    )
    return {str(pk): f"{_name(first, last, username)} – {case}" for pk, first, last, username, case in rows}


@labeller("volunteers.meeting")
def meetings(ids):
    rows = Meeting.objects.filter(pk__in=int_ids(ids)).values_list("pk", "match__resident__case_number", "starts_at")
    return {str(pk): f"{case} {timezone.localtime(at):%Y-%m-%d %H:%M}" for pk, case, at in rows}


@labeller("volunteers.studycircle")
def circles(ids):
    return by_pk(StudyCircle.objects.only("name"), ids, str)


@labeller("volunteers.studysession")
def sessions(ids):
    return by_pk(StudySession.objects.select_related("circle").only("number", "circle__name"), ids, str)
