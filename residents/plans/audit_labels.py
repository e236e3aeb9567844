"""How the audit log names plan records: as logs name the woman they belong to (her case number, or a protected
woman's alias; residents/audit_labels.py)."""

from jour.audit.labels import by_value, labeller
from residents.audit_labels import woman_labels

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

_WOMAN_VIA = {
    "plans.implementationplan": (ImplementationPlan, "stay__resident"),
    "plans.goal": (Goal, "plan__stay__resident"),
    "plans.activity": (Activity, "goal__plan__stay__resident"),
    "plans.planfollowup": (PlanFollowUp, "plan__stay__resident"),
    "plans.supportentry": (SupportEntry, "resident"),
    "plans.orientationprogress": (OrientationProgress, "resident"),
    "plans.safetyplan": (SafetyPlan, "resident"),
    "plans.selfassessment": (SelfAssessment, "resident"),
}


def _by_woman(object_type):
    model, path = _WOMAN_VIA[object_type]
    return labeller(object_type)(
        lambda ids: {pk: label for pk, (label,) in woman_labels(model.objects.all(), ids, path).items()}
    )


for _object_type in _WOMAN_VIA:
    _by_woman(_object_type)


@labeller("plans.housemeeting")
def house_meetings(ids):
    return {pk: held_on[:10] for pk, held_on in by_value(HouseMeeting.objects.all(), ids, "held_on").items()}


@labeller("plans.orientationtopic")
def orientation_topics(ids):
    return by_value(OrientationTopic.objects.all(), ids, "name")
