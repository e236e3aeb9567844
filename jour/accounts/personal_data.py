"""Accounts and login: the association's workers, their sessions, two-factor devices and login records.

Account names stay in clear, a reviewed exception (docs/data-protection.md): staff and contact
women are the association's own workers, known to it by name; login looks the username up, lists
sort by name, the audit log names the acting worker and reminders go to the e-mail address. A dump
shows who works at the shelter, never who lives there.

Login records (axes' attempts and logs: usernames as typed, addresses, browsers) and the admin's
change log are deleted by the retention purge below; expired sessions (which hold search terms) too.
A contact woman's erasure closes her account and deletes her two-factor devices. See
jour/privacy/registry.py.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

from jour.privacy.models import RetentionPolicy
from jour.privacy.purge import years_before
from jour.privacy.registry import (
    NOBODY,
    ROW_ID,
    VOLUNTEER,
    WORKER,
    blank,
    delete,
    keep,
    not_personal,
    registry,
    replace,
)

from .devices import AuthenticatorAppDevice, BackupCode, BackupCodeDevice
from .models import LoginPolicy, User

ACCOUNT_NAME = "a worker's account name, in clear by a reviewed exception (docs/data-protection.md)"

registry.register(
    User,
    about=WORKER,
    subjects={VOLUNTEER: "volunteer_profile"},
    fields={
        "id": ROW_ID,
        "password": replace(lambda user: make_password(None), "a salted hash; an unusable one once she is erased"),
        "last_login": blank(),
        "is_superuser": not_personal("a flag"),
        "username": replace(lambda user: f"erased-{user.pk}", ACCOUNT_NAME),
        "first_name": blank(ACCOUNT_NAME),
        "last_name": blank(ACCOUNT_NAME),
        "is_staff": not_personal("Django's admin flag"),
        "is_active": replace(False, "her account is closed"),
        "date_joined": keep("a date"),
        "role": keep("a choice: coordinator, staff, contact woman"),
        "email": blank(ACCOUNT_NAME + "; reminders and alerts go to it"),
        "groups": not_personal("permission groups (unused)"),
        "user_permissions": not_personal("permissions (unused)"),
    },
)

DEVICE_GONE = "deleted with her account"
registry.register(
    AuthenticatorAppDevice,
    about=WORKER,
    subjects={VOLUNTEER: "user__volunteer_profile"},
    fields={
        **{name: delete() for name in ("id", "user", "confirmed", "throttling_failure_timestamp")},
        **{name: delete() for name in ("throttling_failure_count", "created_at", "last_used_at", "step", "t0")},
        **{name: delete() for name in ("digits", "tolerance", "drift", "last_t")},
        "name": delete(f"the device's label; {DEVICE_GONE}"),
        "key": delete(f"the TOTP secret; {DEVICE_GONE}", encrypted=True),
    },
)
registry.register(
    BackupCodeDevice,
    about=WORKER,
    subjects={VOLUNTEER: "user__volunteer_profile"},
    fields={
        **{name: delete() for name in ("id", "user", "confirmed", "throttling_failure_timestamp")},
        **{name: delete() for name in ("throttling_failure_count", "created_at", "last_used_at")},
        "name": delete(f"the device's label; {DEVICE_GONE}"),
    },
)
registry.register(
    BackupCode,
    about=WORKER,
    subjects={VOLUNTEER: "device__user__volunteer_profile"},
    fields={
        "id": delete(),
        "device": delete(),
        "code_hash": delete(f"a backup code's keyed hash (the code itself is never stored); {DEVICE_GONE}"),
    },
)
registry.register(
    WebAuthnCredential,
    about=WORKER,
    subjects={VOLUNTEER: "user__volunteer_profile"},
    fields={
        **{name: delete() for name in ("id", "user", "confirmed", "created_at", "last_used_at")},
        **{name: delete() for name in ("sign_count", "backup_eligible", "backup_state", "discoverable")},
        "credential_type": delete(f"a code (public-key); {DEVICE_GONE}"),
        "transports": delete(f"codes: how her browser reaches the authenticator (internal, usb, nfc…); {DEVICE_GONE}"),
        "name": delete(f"the passkey's label; {DEVICE_GONE}"),
        "credential_id": delete(f"the passkey's id at her authenticator; {DEVICE_GONE}"),
        "credential_id_sha256": delete(f"a hash of that id, for look-up; {DEVICE_GONE}"),
        "public_key": delete(
            f"the passkey's public key (no secret: the private key never leaves her device); {DEVICE_GONE}"
        ),
        "aaguid": delete(f"the authenticator's model; {DEVICE_GONE}"),
    },
)
registry.register(
    WebAuthnAttestation,
    about=WORKER,
    subjects={VOLUNTEER: "credential__user__volunteer_profile"},
    fields={
        "id": delete(),
        "credential": delete(),
        "fmt": delete(f"the attestation's format; {DEVICE_GONE}"),
        "data": delete(f"the authenticator's attestation statement at enrolment; {DEVICE_GONE}"),
        "client_data_json": delete(f"the browser's data at enrolment (origin, challenge); {DEVICE_GONE}"),
    },
)
registry.register(
    WebAuthnUserHandle,
    about=WORKER,
    subjects={VOLUNTEER: "user__volunteer_profile"},
    fields={
        "handle_hex": delete(f"a random id her authenticator knows her account by; {DEVICE_GONE}"),
        "user": delete(),
    },
)

SESSION_GONE = "deleted by the retention purge once the session has expired"
registry.register(
    Session,
    about=WORKER,
    fields={
        "session_key": delete(f"the session's random key; {SESSION_GONE}"),
        "session_data": delete(f"the signed-in user's id and her last search terms; {SESSION_GONE}"),
        "expire_date": delete(),
    },
)

LOGIN_RECORD = "deleted by the retention purge after the policy's login-record days"
AXES_RECORD = {
    "id": delete(),
    "user_agent": delete(f"the browser; {LOGIN_RECORD}"),
    "ip_address": delete(f"the address a login came from; {LOGIN_RECORD}"),
    "username": delete(f"an account's username; one that names no account only as a keyed hash; {LOGIN_RECORD}"),
    "http_accept": delete(f"the browser's Accept header; {LOGIN_RECORD}"),
    "path_info": delete(f"the login URL; {LOGIN_RECORD}"),
    "attempt_time": delete(),
}
registry.register(
    AccessAttempt,
    about=WORKER,
    fields={
        **AXES_RECORD,
        "get_data": delete(f"the login request's query; {LOGIN_RECORD}"),
        "post_data": delete(f"the login form without the password; {LOGIN_RECORD}"),
        "failures_since_start": delete(),
    },
)
registry.register(AccessAttemptExpiration, about=WORKER, fields={"access_attempt": delete(), "expires_at": delete()})
registry.register(AccessFailureLog, about=WORKER, fields={**AXES_RECORD, "locked_out": delete()})
registry.register(
    AccessLog,
    about=WORKER,
    fields={
        **AXES_RECORD,
        "logout_time": delete(),
        "session_hash": delete(f"a hash of the session key; {LOGIN_RECORD}"),
    },
)

ADMIN_LOG = "deleted by the retention purge after the policy's audit years"
registry.register(
    LogEntry,
    about=WORKER,
    fields={
        "id": delete(),
        "action_time": delete(),
        "user": delete(),
        "content_type": delete(),
        "object_id": delete(f"a row's id; {ADMIN_LOG}"),
        "object_repr": delete(f"the object's str(): a case number or a username, never a resident's name; {ADMIN_LOG}"),
        "action_flag": delete(),
        "change_message": delete(f"changed fields by name; {ADMIN_LOG}"),
    },
)

registry.register(
    LoginPolicy,
    about=NOBODY,
    fields={"id": ROW_ID, "volunteers_need_two_factor": not_personal("the coordinator's login setting")},
)
registry.register(
    Permission,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("a permission's label"),
        "content_type": not_personal("a model"),
        "codename": not_personal("a permission's code"),
    },
)
registry.register(
    Group,
    about=NOBODY,
    fields={"id": ROW_ID, "name": not_personal("a group's name"), "permissions": not_personal("permissions")},
)
registry.register(
    ContentType,
    about=NOBODY,
    fields={"id": ROW_ID, "app_label": not_personal("an app's label"), "model": not_personal("a model's name")},
)


# Retention ------------------------------------------------------------------------------------


@registry.purger(AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog)
def purge_login_records(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    """axes' failure counters and logs older than the policy's login-record days (far beyond any lockout)."""
    cutoff = now - dt.timedelta(days=policy.login_record_days)
    purged = {}
    for category, model in (
        ("login_attempts", AccessAttempt),
        ("login_failures", AccessFailureLog),
        ("login_log", AccessLog),
    ):
        expired = model.objects.filter(attempt_time__lt=cutoff)
        purged[category] = [str(pk) for pk in expired.values_list("pk", flat=True)]
        if not dry_run and purged[category]:
            expired.delete()
    return purged


@registry.purger(Session)
def purge_expired_sessions(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    """Expired sessions keep search terms and a user id: gone (Django's clearsessions, as a purger)."""
    expired = Session.objects.filter(expire_date__lt=now)
    # Listed by expiry time, never by key: a session key is a secret even once expired.
    moments = [moment.isoformat() for moment in expired.values_list("expire_date", flat=True)]
    if not dry_run and moments:
        expired.delete()
    return {"expired_sessions": moments}


@registry.purger(LogEntry)
def purge_admin_log(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    """The Django admin's change log follows the audit log's retention."""
    expired = LogEntry.objects.filter(action_time__lt=years_before(now, policy.audit_years))
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.delete()
    return {"admin_log_entries": ids}
