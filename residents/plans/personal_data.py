"""What her plan, support, safety plan and self-assessments hold, and what her erasure or purge keeps.

Kept: that she had a plan, goal areas and statuses, activity statuses and dates, support given
(kind, authority, date, duration), orientation progress, self-assessment scores. Gone: every text
in her or staff's words, the safety plan. See jour/privacy/registry.py.
"""

from jour.privacy.registry import (
    LOCK_VERSION,
    NOBODY,
    RESIDENT,
    ROW_ID,
    WHEN_RECORDED,
    WORKER_LINK,
    blank,
    delete,
    keep,
    not_personal,
    registry,
)

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

registry.register(
    ImplementationPlan,
    about=RESIDENT,
    subjects={RESIDENT: "stay__resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "stay": keep("that she had a plan during the stay"),
        "next_follow_up_on": keep("a date, not identifying alone"),
        "created_at": WHEN_RECORDED,
        "created_by": WORKER_LINK,
        "updated_at": WHEN_RECORDED,
    },
)

registry.register(
    Goal,
    about=RESIDENT,
    subjects={RESIDENT: "plan__stay__resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "plan": keep("goals per plan"),
        "area": keep("the life area: a choice counted in the reports"),
        "text": blank(encrypted=True),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    Activity,
    about=RESIDENT,
    subjects={RESIDENT: "goal__plan__stay__resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "goal": keep("activities per goal"),
        "what": blank(encrypted=True),
        "who": keep("a choice: staff, contact woman, authority, herself"),
        "who_detail": blank(encrypted=True),
        "when": keep("a date, not identifying alone"),
        "how": blank(encrypted=True),
        "status": keep("a choice counted in the reports"),
        "follow_up_on": keep("a date, not identifying alone"),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    PlanFollowUp,
    about=RESIDENT,
    subjects={RESIDENT: "plan__stay__resident"},
    fields={
        "id": ROW_ID,
        "plan": keep("follow-ups per plan"),
        "held_on": keep("a date, not identifying alone"),
        "note": blank(encrypted=True),
        "she_took_part": keep("whether she took part: counted"),
        "she_agreed": keep("whether she agreed: counted"),
        "author": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    SupportEntry,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "resident": keep("the link to her shell: women supported"),
        "kind": keep("a choice counted in the reports"),
        "authority": keep("a choice counted in the reports"),
        "purpose": blank(encrypted=True),
        "on": keep("a date, not identifying alone"),
        "staff_member": WORKER_LINK,
        "duration_minutes": keep("support time in the reports"),
        "outcome": blank(encrypted=True),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    OrientationTopic,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("a topic of society orientation, e.g. 'BankID'"),
        "position": not_personal("the topic's place in the list"),
        "is_active": not_personal("whether the topic is in use"),
    },
)

registry.register(
    OrientationProgress,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "id": ROW_ID,
        "resident": keep("the link to her shell: progress per topic"),
        "topic": keep("progress per topic"),
        "status": keep("a choice counted in the reports"),
        "on": keep("a date, not identifying alone"),
        "updated_by": WORKER_LINK,
    },
)

registry.register(
    SafetyPlan,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": delete(),
        "resident": delete(),
        "risk_assessed_on": delete(),
        "risk_assessed_by": delete(encrypted=True),
        "risk_tool": delete("a choice from a fixed list"),
        "measures": delete(encrypted=True),
        "code_words": delete(encrypted=True),
        "emergency_contacts": delete(encrypted=True),
        "location_services_checked": delete(),
        "social_media_checked": delete(),
        "shared_accounts_checked": delete(),
        "car_gps_checked": delete(),
        "new_sim_considered": delete(),
        "bankid_reviewed": delete(),
        "digital_checked_on": delete(),
        "digital_checked_by": delete(),
        "review_on": delete(),
        "updated_at": delete(),
        "updated_by": delete(),
    },
)

registry.register(
    SelfAssessment,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "id": ROW_ID,
        "resident": keep("the link to her shell: change between her first and last answers"),
        "occasion": keep("a choice: intake, follow-up, discharge"),
        "answered_on": keep("a date, not identifying alone"),
        "entry_mode": keep("a choice: on a device or on paper"),
        **{f"item_{n}": keep("an answer on a four-point scale: the results section") for n in range(1, 11)},
        "score": keep("the results section"),
        "entered_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    HouseMeeting,
    about=RESIDENT,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "held_on": keep("a date"),
        "topics": keep("topic codes from a fixed list"),
        "other_topics": keep("the meeting's own topics, kept with the minutes", encrypted=True),
        "attendees": keep("who was present: her shell stays a participant, without a name"),
        "minutes": keep("the house's minutes: short, without personal details by the form's rule", encrypted=True),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)
