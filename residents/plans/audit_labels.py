"""How the audit log names plan records: by the case number of the woman they belong to (jour/audit/labels.py)."""

from jour.audit.labels import by_value, labeller

from .models import (
    Activity,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    OrientationProgress,
    OrientationTopic,
    PlanFollowUp,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
)

_CASE_NUMBER_VIA = {
    "plans.implementationplan": (ImplementationPlan, "stay__resident__case_number"),
    "plans.goal": (Goal, "plan__stay__resident__case_number"),
    "plans.activity": (Activity, "goal__plan__stay__resident__case_number"),
    "plans.planfollowup": (PlanFollowUp, "plan__stay__resident__case_number"),
    "plans.supportentry": (SupportEntry, "resident__case_number"),
    "plans.orientationprogress": (OrientationProgress, "resident__case_number"),
    "plans.safetyplan": (SafetyPlan, "resident__case_number"),
    "plans.selfassessment": (SelfAssessment, "resident__case_number"),
}


def _by_case_number(object_type):
    model, path = _CASE_NUMBER_VIA[object_type]
    return labeller(object_type)(lambda ids: by_value(model.objects.all(), ids, path))


for _object_type in _CASE_NUMBER_VIA:
    _by_case_number(_object_type)


@labeller("plans.housemeeting")
def house_meetings(ids):
    return {pk: held_on[:10] for pk, held_on in by_value(HouseMeeting.objects.all(), ids, "held_on").items()}


@labeller("plans.orientationtopic")
def orientation_topics(ids):
    return by_value(OrientationTopic.objects.all(), ids, "name")
