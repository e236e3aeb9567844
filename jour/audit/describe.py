"""The audit log in words: who (by name), what (a sentence), which record (its label, never a protected name).

`describe(events)` turns one page of events into lines with three queries at most: the accounts named on the
page, and one per object type for the labels (jour/audit/labels.py). The sentences are built here in Python
(no per-row template logic) from the action, the kind of record, the changed fields' verbose names and the
codes in `detail`; free text is never printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import labels
from .models import Action, AuditEvent

# What a page showed, when the event names a part of a record (detail["section"] and similar codes).
SECTIONS = {
    "support": gettext_lazy("practical support"),
    "orientation": gettext_lazy("society orientation"),
    "self_assessments": gettext_lazy("self-assessments"),
    "safety_plan": gettext_lazy("safety plan"),
    "journal": gettext_lazy("journal"),
    "matching": gettext_lazy("matching"),
    "board": gettext_lazy("occupancy board"),
}


@dataclass(frozen=True)
class EventLine:
    at: dt.datetime
    who: str
    what: str
    record: str
    record_url: str
    ip: str


def describe(events: Sequence[AuditEvent]) -> list[EventLine]:
    # The accounts acting and the records acted on, labelled together: one query per type on the page.
    actors = [("accounts.user", str(e.actor_id)) for e in events if e.actor_id]
    records = [_record_of(e) for e in events]
    record_labels = labels.labels_for([*actors, *records])
    lines = []
    for event, (object_type, object_id) in zip(events, records, strict=True):
        # An account erased since is named by the username the event kept.
        who = record_labels.get(("accounts.user", str(event.actor_id))) or event.actor_username or _("(no account)")
        record = labels.label(record_labels, object_type, object_id)
        url = reverse("audit:object_log", args=[object_type, object_id]) if record else ""
        lines.append(EventLine(event.at, who, sentence(event), record, url, event.ip_address or ""))
    return lines


AUDIT_LOG = "audit.auditevent"


def _record_of(event: AuditEvent) -> tuple[str, str]:
    """The record an event is about: its object, or for a look at a record's access history, that record."""
    if event.object_type == AUDIT_LOG and isinstance(event.detail, dict):
        object_type, _sep, object_id = str(event.detail.get("record", "")).partition("/")
        return object_type, object_id
    return event.object_type, event.object_id


def record_title(object_type: str, object_id: str) -> str:
    """The heading of one record's access history: its kind and label ("Resident B-2026-003")."""
    label = labels.label(labels.labels_for([(object_type, object_id)]), object_type, object_id)
    return f"{labels.kind(object_type).capitalize()} {label}"


def sentence(event: AuditEvent) -> str:
    detail = event.detail if isinstance(event.detail, dict) else {}
    has_record = bool(event.object_type and event.object_id)
    kind = labels.kind(event.object_type) if event.object_type else ""
    action = event.action
    if action == Action.VIEW and event.object_type == AUDIT_LOG:
        object_type, _sep, _object_id = str(detail.get("record", "")).partition("/")
        if object_type:
            return _("Viewed who has accessed %(kind)s") % {"kind": labels.kind(object_type)}
        return _("Viewed the audit log")
    if action == Action.VIEW:
        if event.object_type and not event.object_id:
            text = _("Viewed a list of %(kinds)s") % {"kinds": labels.kind(event.object_type, plural=True)}
            if isinstance(detail.get("rows"), int):
                text += " " + _("(%(rows)s rows)") % {"rows": detail["rows"]}
        elif has_record:
            text = _("Viewed %(kind)s") % {"kind": kind}
        else:
            text = _("Viewed a page")
        section = detail.get("section") or detail.get("page")
        if section in SECTIONS:
            text += " – " + str(SECTIONS[section])
        elif detail.get("journal"):
            text += " – " + str(SECTIONS["journal"])
        elif detail.get("board"):
            text = _("Viewed the occupancy board")
        return text
    if action == Action.CREATE:
        text = _("Created %(kind)s") % {"kind": kind}
        if detail.get("role"):
            text += " " + _("(role: %(role)s)") % {"role": _role(detail["role"])}
        return text
    if action == Action.CHANGE and detail.get("passkey") == "removed":
        return _("Removed a passkey")
    if action == Action.OTP_ENROL and detail.get("method") == "passkey":
        return _("Added a passkey")
    if action == Action.CHANGE:
        fields = labels.field_names(event.object_type, event.fields or [])
        text = _("Changed %(kind)s") % {"kind": kind} if kind else _("Changed settings")
        if fields:
            text += ": " + ", ".join(fields)
        if detail.get("role"):
            text += " " + _("(role: %(role)s)") % {"role": _role(detail["role"])}
        return text
    if action == Action.DELETE:
        if detail.get("erasure"):
            return _("Erased %(kind)s at the person's request") % {"kind": kind}
        return _("Deleted %(kind)s") % {"kind": kind}
    if action == Action.EXPORT:
        if detail.get("register_extract"):
            text = _("Exported the register extract of %(kind)s") % {"kind": kind}
        else:
            text = _("Exported %(kind)s") % {"kind": kind}
        if isinstance(detail.get("format"), str):
            text += f" ({detail['format'].upper()})"
        return text
    if action == Action.REVEAL:
        return _("Revealed the protected identity of %(kind)s, reason: %(reason)s") % {
            "kind": kind,
            "reason": reveal_reason(detail.get("reason")),
        }
    if action == Action.PURGE:
        return (
            _("Tried the retention purge (nothing deleted)") if detail.get("dry_run") else _("Ran the retention purge")
        )
    return str(FIXED.get(action, Action(action).label if action in Action.values else action))


FIXED = {
    Action.LOGIN: gettext_lazy("Signed in"),
    Action.LOGOUT: gettext_lazy("Signed out"),
    Action.LOGIN_FAILED: gettext_lazy("Failed sign-in to the account"),
    Action.LOCKOUT: gettext_lazy("The account was locked after failed sign-ins"),
    Action.OTP_ENROL: gettext_lazy("Set up two-factor authentication"),
    Action.OTP_RESET: gettext_lazy("Reset the account's two-factor authentication"),
    Action.OTP_FAILED: gettext_lazy("Entered a wrong two-factor code"),
}


def reveal_reason(code) -> str:
    """A reveal's reason from its code (the words the revealing app registered); anything else is not printed."""
    words = labels.reveal_reason(code)
    if words is None:
        return _("another reason")
    text = str(words)
    return text[:1].lower() + text[1:]


def _role(code: str) -> str:
    from jour.accounts.models import Role

    return str(Role(code).label).lower() if code in Role.values else code
