"""Jour's access policy: the one place that says who may open which page.

Every URL name of the project has an entry here, saying who may open the view and what its GET writes to
the audit log (READ for a page that shows a person, EXPORT for a file that leaves the system). A view without
an entry is refused (404) by AccessPolicyMiddleware, and tests/test_access_matrix.py fails for it; the matrix
also fails when a page shows a person without READ. Role checks happen here; object scope (which resident,
which meeting) is the job of each app's `for_user` querysets and scoped getters.
"""

from __future__ import annotations

from .rules import (
    COORDINATOR,
    EVERYONE,
    EXPORT,
    NOT_AUDITED,
    PUBLIC,
    READ,
    SIGNING_IN,
    STAFF,
    SUPERUSER,
    VOLUNTEER,
    Page,
    Rule,
)

POLICY: dict[str, Page] = {
    # Project
    "home": Page(EVERYONE, NOT_AUDITED),
    "set_language": Page(PUBLIC, NOT_AUDITED),
    "healthz": Page(PUBLIC, NOT_AUDITED),
    "favicon": Page(PUBLIC, NOT_AUDITED),
    # Accounts and login
    "accounts:login": Page(PUBLIC, NOT_AUDITED),
    "accounts:logout": Page(SIGNING_IN, NOT_AUDITED),
    "accounts:otp_setup": Page(SIGNING_IN, NOT_AUDITED),
    "accounts:otp_verify": Page(SIGNING_IN, NOT_AUDITED),
    "accounts:backup_codes": Page(EVERYONE, NOT_AUDITED),
    "accounts:password_change": Page(EVERYONE, NOT_AUDITED),
    "accounts:passkeys": Page(EVERYONE, NOT_AUDITED),  # her own passkeys only; adding one is audited (OTP_ENROL)
    "accounts:passkey_remove": Page(EVERYONE, NOT_AUDITED),  # POST only, her own passkey; audited as a change
    "accounts:user_list": Page(COORDINATOR, READ),
    "accounts:user_create": Page(COORDINATOR, NOT_AUDITED),
    "accounts:user_edit": Page(COORDINATOR, READ),
    "accounts:user_reset_2fa": Page(COORDINATOR, NOT_AUDITED),
    "accounts:user_reset_access": Page(COORDINATOR, NOT_AUDITED),  # POST only, audited; the link is shown once
    "accounts:login_policy": Page(COORDINATOR, NOT_AUDITED),  # a setting, no person's data; changes audited
    "accounts:password_reset_confirm": Page(PUBLIC, NOT_AUDITED),  # the one-time token in the URL is the key
    # Passkeys (jour/accounts/passkeys.py): enrolment and verification happen between password and second factor
    "otp_webauthn:credential-registration-begin": Page(
        SIGNING_IN, NOT_AUDITED
    ),  # refused to an enrolled, unverified user
    "otp_webauthn:credential-registration-complete": Page(SIGNING_IN, NOT_AUDITED),  # POST, audited as OTP_ENROL
    "otp_webauthn:credential-authentication-begin": Page(SIGNING_IN, NOT_AUDITED),
    "otp_webauthn:credential-authentication-complete": Page(SIGNING_IN, NOT_AUDITED),
    "otp_webauthn:js-i18n-catalog": Page(PUBLIC, NOT_AUDITED),  # the passkey script's texts
    # Shelter profile
    "shelter:profile": Page(STAFF, NOT_AUDITED),
    "shelter:profile_edit": Page(COORDINATOR, NOT_AUDITED),
    # Audit trail
    "audit:log": Page(COORDINATOR, READ),
    "audit:object_log": Page(COORDINATOR, READ),
    # Data protection: retention, register extracts, erasure (jour/privacy)
    "privacy:retention": Page(COORDINATOR, NOT_AUDITED),
    "privacy:extract": Page(COORDINATOR, READ),
    "privacy:erase": Page(COORDINATOR, READ),
    # Operations (jour/operations): the first-run checklist (no person's data); /status/ answers only with the
    # monitoring token
    "operations:checklist": Page(COORDINATOR, NOT_AUDITED),
    "operations:status": Page(PUBLIC, NOT_AUDITED),
    # Support line (jour/calls): volunteers never see a contact
    "calls:index": Page(STAFF, NOT_AUDITED),
    "calls:contact_create": Page(STAFF, NOT_AUDITED),
    "calls:contact_list": Page(STAFF, NOT_AUDITED),  # anonymous contacts: codes and counts, never the note
    "calls:contact_detail": Page(STAFF, READ),
    "calls:contact_edit": Page(STAFF, READ),  # the author for 24 hours, the coordinator always (queryset)
    "calls:contact_delete": Page(COORDINATOR, NOT_AUDITED),
    "calls:recurring_list": Page(STAFF, READ),  # pseudonyms
    "calls:recurring_create": Page(STAFF, NOT_AUDITED),
    "calls:recurring_detail": Page(STAFF, READ),
    "calls:statistics": Page(STAFF, NOT_AUDITED),
    "calls:statistics_csv": Page(STAFF, EXPORT),
    # Directory of other shelters (jour/directory)
    "directory:index": Page(STAFF, NOT_AUDITED),
    "directory:import_profiles": Page(COORDINATOR, NOT_AUDITED),
    "directory:listing_delete": Page(COORDINATOR, NOT_AUDITED),
    "directory:public_profile_export": Page(STAFF, EXPORT),
    # Residents in protected housing, plans (residents/)
    "residents:index": Page(STAFF, READ),
    "residents:stay_list": Page(STAFF, READ),
    "residents:admit": Page(STAFF, NOT_AUDITED),
    "residents:board": Page(STAFF, READ),
    "residents:resident_detail": Page(STAFF, READ),
    "residents:resident_edit": Page(STAFF, READ),
    "residents:resident_reveal": Page(STAFF, NOT_AUDITED),  # POST only; audited REVEAL with a reason
    "residents:resident_journal": Page(STAFF, READ),
    "residents:stay_create": Page(STAFF, READ),
    "residents:stay_edit": Page(STAFF, READ),
    "residents:stay_discharge": Page(STAFF, READ),
    "residents:child_create": Page(STAFF, READ),
    "residents:child_detail": Page(STAFF, READ),
    "residents:child_edit": Page(STAFF, READ),
    "residents:child_journal": Page(STAFF, READ),
    "residents:journal_entry_edit": Page(STAFF, READ),  # only the author within 24 h may change; others see why not
    "residents:journal_entry_correct": Page(STAFF, READ),
    "residents:room_list": Page(STAFF, NOT_AUDITED),
    "residents:room_create": Page(COORDINATOR, NOT_AUDITED),
    "residents:room_edit": Page(COORDINATOR, NOT_AUDITED),
    # Implementation plans and support around them (residents/plans/)
    "plans:dashboard": Page(STAFF, READ),
    "plans:stay_plan": Page(STAFF, READ),
    "plans:plan_edit": Page(STAFF, READ),
    "plans:goal_create": Page(STAFF, READ),
    "plans:goal_edit": Page(STAFF, READ),
    "plans:goal_delete": Page(STAFF, NOT_AUDITED),
    "plans:activity_create": Page(STAFF, READ),
    "plans:activity_edit": Page(STAFF, READ),
    "plans:follow_up_create": Page(STAFF, READ),
    "plans:plan_pdf": Page(STAFF, EXPORT),
    "plans:resident": Page(STAFF, READ),
    "plans:support_create": Page(STAFF, READ),
    "plans:support_edit": Page(STAFF, READ),
    "plans:orientation": Page(STAFF, READ),
    "plans:orientation_overview": Page(STAFF, READ),
    "plans:topic_list": Page(COORDINATOR, NOT_AUDITED),
    "plans:topic_create": Page(COORDINATOR, NOT_AUDITED),
    "plans:topic_edit": Page(COORDINATOR, NOT_AUDITED),
    "plans:safety_plan": Page(STAFF, READ),
    "plans:safety_plan_edit": Page(STAFF, READ),
    "plans:safety_reviews": Page(STAFF, READ),
    "plans:self_assessments": Page(STAFF, READ),
    "plans:self_assessment_create": Page(STAFF, READ),
    "plans:meeting_list": Page(STAFF, READ),
    "plans:meeting_create": Page(STAFF, READ),
    "plans:meeting_edit": Page(STAFF, READ),
    # Contact women (volunteers/): the volunteer's own pages are VOLUNTEER, the rest STAFF
    "volunteers:index": Page(EVERYONE, READ),  # "Mina träffar" for her, the volunteer list for staff
    "volunteers:my_meeting_new": Page(VOLUNTEER, READ),
    "volunteers:my_meeting": Page(VOLUNTEER, READ),
    "volunteers:my_availability": Page(VOLUNTEER, READ),
    "volunteers:my_match_accept": Page(VOLUNTEER, READ),
    "volunteers:my_calendar_renew": Page(VOLUNTEER, NOT_AUDITED),
    "volunteers:calendar_feed": Page(PUBLIC, EXPORT),  # the long random token in the URL is the key; wrong token → 404
    "volunteers:volunteer_new": Page(STAFF, NOT_AUDITED),
    "volunteers:volunteer_detail": Page(STAFF, READ),
    "volunteers:volunteer_edit": Page(STAFF, READ),
    "volunteers:volunteer_make_up": Page(COORDINATOR, READ),
    "volunteers:circle_list": Page(STAFF, NOT_AUDITED),
    "volunteers:circle_new": Page(STAFF, READ),  # lists the contact women who may join
    "volunteers:circle_detail": Page(STAFF, READ),
    "volunteers:circle_edit": Page(STAFF, READ),
    "volunteers:session_edit": Page(STAFF, READ),
    "volunteers:match_list": Page(STAFF, READ),
    "volunteers:match_detail": Page(STAFF, READ),
    "volunteers:match_transition": Page(STAFF, NOT_AUDITED),
    "volunteers:matching": Page(STAFF, READ),
    # Follow-up reports and registers (reporting/)
    "reporting:index": Page(STAFF, NOT_AUDITED),
    "reporting:report_create": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_detail": Page(STAFF, NOT_AUDITED),  # staff may read drafts and sent reports
    "reporting:report_edit": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_answers": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_questions": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_send": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_new_version": Page(COORDINATOR, NOT_AUDITED),
    "reporting:report_pdf": Page(COORDINATOR, EXPORT),
    "reporting:report_csv": Page(COORDINATOR, EXPORT),
    "reporting:report_xlsx": Page(COORDINATOR, EXPORT),
    "reporting:register_list": Page(STAFF, READ),
    "reporting:register_create": Page(STAFF, NOT_AUDITED),
    "reporting:register_edit": Page(STAFF, READ),
    # Protected housing as a regulated service (regulation/): permit, children's placements, requests, quality
    "regulation:index": Page(STAFF, NOT_AUDITED),  # counts and titles; no one is named
    "regulation:permit": Page(STAFF, NOT_AUDITED),  # the permit, premises, places taken: counts
    "regulation:permit_edit": Page(COORDINATOR, NOT_AUDITED),
    "regulation:permit_change_edit": Page(COORDINATOR, NOT_AUDITED),
    "regulation:premises_create": Page(COORDINATOR, NOT_AUDITED),
    "regulation:premises_edit": Page(COORDINATOR, NOT_AUDITED),
    "regulation:premises_delete": Page(COORDINATOR, NOT_AUDITED),  # POST only
    "regulation:children": Page(STAFF, READ),  # the children living here, by first name
    "regulation:child_stay": Page(STAFF, READ),  # the child's placement, plan and views
    "regulation:placement_edit": Page(STAFF, READ),
    "regulation:plan_edit": Page(STAFF, READ),
    "regulation:view_create": Page(STAFF, READ),  # names the child
    # Anonymous requests, but an admitted woman's case number stands beside hers: reads are audited.
    "regulation:request_list": Page(STAFF, READ),
    "regulation:request_create": Page(STAFF, NOT_AUDITED),
    "regulation:request_edit": Page(STAFF, READ),
    "regulation:routine_list": Page(STAFF, NOT_AUDITED),
    "regulation:routine_create": Page(COORDINATOR, NOT_AUDITED),
    "regulation:routine_edit": Page(COORDINATOR, NOT_AUDITED),
    "regulation:routine_reviewed": Page(STAFF, NOT_AUDITED),  # POST only
    "regulation:statistics": Page(STAFF, NOT_AUDITED),  # aggregates
    "regulation:statistics_csv": Page(COORDINATOR, EXPORT),
    "regulation:statistics_xlsx": Page(COORDINATOR, EXPORT),
    "regulation:statistics_pdf": Page(COORDINATOR, EXPORT),
    "regulation:staffing_edit": Page(COORDINATOR, NOT_AUDITED),
    "regulation:binder_pdf": Page(COORDINATOR, EXPORT),  # counts only, but a file leaving the system
    "regulation:handovers": Page(COORDINATOR, READ),  # case numbers of ended placements
    "regulation:handover_pdf": Page(COORDINATOR, EXPORT),  # her documentation for the placing municipality
    "regulation:handover_mark": Page(COORDINATOR, NOT_AUDITED),  # POST only
}

# The Django admin is for the technical superuser only.
ADMIN_NAMESPACE = "admin"
ADMIN_PAGE = Page(SUPERUSER, NOT_AUDITED)


def page_for(view_name: str) -> Page | None:
    if view_name.split(":", 1)[0] == ADMIN_NAMESPACE:
        return ADMIN_PAGE
    return POLICY.get(view_name)


def rule_for(view_name: str) -> Rule | None:
    page = page_for(view_name)
    return page.rule if page is not None else None


__all__ = ["POLICY", "page_for", "rule_for"]
