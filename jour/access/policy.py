"""Jour's access policy: the one place that says who may open which page.

Every URL name of the project has an entry here. A view without one is refused (404) by
AccessPolicyMiddleware, and tests/test_access_matrix.py fails for it. Role checks happen here;
object scope (which resident, which meeting) is the job of each app's `for_user` querysets.
"""

from __future__ import annotations

from .rules import COORDINATOR, EVERYONE, PUBLIC, SIGNING_IN, STAFF, SUPERUSER, VOLUNTEER, Rule

POLICY: dict[str, Rule] = {
    # Project
    "home": EVERYONE,
    "set_language": PUBLIC,
    "healthz": PUBLIC,
    # Accounts and login
    "accounts:login": PUBLIC,
    "accounts:logout": SIGNING_IN,
    "accounts:otp_setup": SIGNING_IN,
    "accounts:otp_verify": SIGNING_IN,
    "accounts:backup_codes": EVERYONE,
    "accounts:password_change": EVERYONE,
    "accounts:user_list": COORDINATOR,
    "accounts:user_create": COORDINATOR,
    "accounts:user_edit": COORDINATOR,
    "accounts:user_reset_2fa": COORDINATOR,
    # Shelter profile
    "shelter:profile": STAFF,
    "shelter:profile_edit": COORDINATOR,
    "shelter:public_profile_export": STAFF,
    # Audit trail
    "audit:log": COORDINATOR,
    "audit:object_log": COORDINATOR,
    # Data protection: retention, register extracts, erasure (jour/privacy)
    "privacy:retention": COORDINATOR,
    "privacy:extract": COORDINATOR,
    "privacy:erase": COORDINATOR,
    # Support line (jour/calls): volunteers never see a contact
    "calls:index": STAFF,
    "calls:contact_create": STAFF,
    "calls:contact_list": STAFF,
    "calls:contact_detail": STAFF,
    "calls:contact_edit": STAFF,  # the author for 24 hours, the coordinator always (queryset)
    "calls:contact_delete": COORDINATOR,
    "calls:recurring_list": STAFF,
    "calls:recurring_create": STAFF,
    "calls:recurring_detail": STAFF,
    "calls:statistics": STAFF,
    "calls:statistics_csv": STAFF,
    # Directory of other shelters (jour/directory)
    "directory:index": STAFF,
    "directory:import_profiles": COORDINATOR,
    "directory:listing_delete": COORDINATOR,
    # Residents in protected housing, plans (residents/)
    "residents:index": STAFF,
    "residents:stay_list": STAFF,
    "residents:admit": STAFF,
    "residents:board": STAFF,
    "residents:resident_detail": STAFF,
    "residents:resident_edit": STAFF,
    "residents:resident_reveal": STAFF,  # POST only; audited REVEAL with a reason
    "residents:resident_journal": STAFF,
    "residents:stay_create": STAFF,
    "residents:stay_edit": STAFF,
    "residents:stay_discharge": STAFF,
    "residents:child_create": STAFF,
    "residents:child_detail": STAFF,
    "residents:child_edit": STAFF,
    "residents:child_journal": STAFF,
    "residents:journal_entry_edit": STAFF,  # only the author within 24 h may change; others see why not
    "residents:journal_entry_correct": STAFF,
    "residents:room_list": STAFF,
    "residents:room_create": COORDINATOR,
    "residents:room_edit": COORDINATOR,
    # Implementation plans and support around them (residents/plans/)
    "plans:dashboard": STAFF,
    "plans:stay_plan": STAFF,
    "plans:plan_edit": STAFF,
    "plans:goal_create": STAFF,
    "plans:goal_edit": STAFF,
    "plans:goal_delete": STAFF,
    "plans:activity_create": STAFF,
    "plans:activity_edit": STAFF,
    "plans:follow_up_create": STAFF,
    "plans:plan_pdf": STAFF,
    "plans:resident": STAFF,
    "plans:support_create": STAFF,
    "plans:support_edit": STAFF,
    "plans:orientation": STAFF,
    "plans:orientation_overview": STAFF,
    "plans:topic_list": COORDINATOR,
    "plans:topic_create": COORDINATOR,
    "plans:topic_edit": COORDINATOR,
    "plans:safety_plan": STAFF,
    "plans:safety_plan_edit": STAFF,
    "plans:safety_reviews": STAFF,
    "plans:self_assessments": STAFF,
    "plans:self_assessment_create": STAFF,
    "plans:meeting_list": STAFF,
    "plans:meeting_create": STAFF,
    "plans:meeting_edit": STAFF,
    # Contact women (volunteers/): the volunteer's own pages are VOLUNTEER, the rest STAFF
    "volunteers:index": EVERYONE,  # "Mina träffar" for her, the volunteer list for staff
    "volunteers:my_meeting_new": VOLUNTEER,
    "volunteers:my_meeting": VOLUNTEER,
    "volunteers:my_availability": VOLUNTEER,
    "volunteers:my_match_accept": VOLUNTEER,
    "volunteers:my_calendar_renew": VOLUNTEER,
    "volunteers:calendar_feed": PUBLIC,  # the long random token in the URL is the key; wrong token → 404
    "volunteers:volunteer_new": STAFF,
    "volunteers:volunteer_detail": STAFF,
    "volunteers:volunteer_edit": STAFF,
    "volunteers:volunteer_make_up": COORDINATOR,
    "volunteers:circle_list": STAFF,
    "volunteers:circle_new": STAFF,
    "volunteers:circle_detail": STAFF,
    "volunteers:circle_edit": STAFF,
    "volunteers:session_edit": STAFF,
    "volunteers:match_list": STAFF,
    "volunteers:match_detail": STAFF,
    "volunteers:match_transition": STAFF,
    "volunteers:matching": STAFF,
    # Follow-up reports and registers (reporting/)
    "reporting:index": STAFF,
    "reporting:report_create": COORDINATOR,
    "reporting:report_detail": STAFF,  # staff may read drafts and sent reports
    "reporting:report_edit": COORDINATOR,
    "reporting:report_answers": COORDINATOR,
    "reporting:report_questions": COORDINATOR,
    "reporting:report_send": COORDINATOR,
    "reporting:report_new_version": COORDINATOR,
    "reporting:report_pdf": COORDINATOR,
    "reporting:report_csv": COORDINATOR,
    "reporting:report_xlsx": COORDINATOR,
    "reporting:register_list": STAFF,
    "reporting:register_create": STAFF,
    "reporting:register_edit": STAFF,
}

# The Django admin is for the technical superuser only.
ADMIN_NAMESPACE = "admin"


def rule_for(view_name: str) -> Rule | None:
    if view_name.split(":", 1)[0] == ADMIN_NAMESPACE:
        return SUPERUSER
    return POLICY.get(view_name)


__all__ = ["POLICY", "rule_for", "STAFF", "COORDINATOR", "VOLUNTEER", "EVERYONE", "PUBLIC", "SIGNING_IN"]
