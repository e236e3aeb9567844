"""How the audit log names contact women's records: her name, a match by the woman's case number, a date."""

from django.utils import timezone

from jour.audit.labels import by_pk, int_ids, labeller
from residents.audit_labels import woman_labels

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
    names = ("volunteer__user__first_name", "volunteer__user__last_name", "volunteer__user__username")
    rows = woman_labels(Match.objects.all(), ids, "resident", *names)
    return {pk: f"{_name(*names)} – {woman}" for pk, (woman, *names) in rows.items()}


@labeller("volunteers.meeting")
def meetings(ids):
    rows = woman_labels(Meeting.objects.all(), ids, "match__resident", "starts_at")
    return {pk: f"{woman} {timezone.localtime(at):%Y-%m-%d %H:%M}" for pk, (woman, at) in rows.items()}


@labeller("volunteers.studycircle")
def circles(ids):
    return by_pk(StudyCircle.objects.only("name"), ids, str)


@labeller("volunteers.studysession")
def sessions(ids):
    return by_pk(StudySession.objects.select_related("circle").only("number", "circle__name"), ids, str)
