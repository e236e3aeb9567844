"""Issue 14: axes' login records (usernames as typed, addresses, browsers) and expired sessions (which
keep a resident search term) were never purged. The retention purge now deletes them by the policy."""

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.privacy.models import RetentionPolicy
from jour.privacy.purge import run_purge

from ..conftest import signed_in_client
from ..factories import TEST_PASSWORD


def login(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_records_and_expired_sessions_are_purged_by_the_policy(staff, volunteer_user):
    login(Client(), volunteer_user.username, TEST_PASSWORD)  # a success: the access log
    login(Client(), "a-typo-or-a-password", "whatever-was-typed")  # a failure: the attempt counter
    # The failure log is written when axes' AXES_ENABLE_ACCESS_FAILURE_LOG is on: one row, as it would write it.
    AccessFailureLog.objects.create(
        username="a-typo-or-a-password", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    searcher = signed_in_client(staff)
    searcher.post(reverse("residents:index"), {"q": "Amina"})  # the term stays in her session
    assert AccessAttempt.objects.exists() and AccessFailureLog.objects.exists() and AccessLog.objects.exists()
    assert Session.objects.count() >= 2

    # Within the period nothing goes (a session is only purged once it has expired).
    run_purge(now=timezone.now() + dt.timedelta(minutes=5), dry_run=False)
    assert AccessAttempt.objects.exists() and AccessLog.objects.exists() and Session.objects.count() >= 2

    later = timezone.now() + dt.timedelta(days=366)  # beyond the longest login-record period the policy allows
    run_purge(now=later, dry_run=True)
    assert AccessAttempt.objects.exists() and Session.objects.exists()  # a dry run changes nothing

    purged = run_purge(now=later, dry_run=False)
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessLog.objects.exists()
    assert not Session.objects.exists()
    assert len(purged["login_attempts"]) == 1 and len(purged["login_failures"]) == 1 and purged["login_log"]
    assert len(purged["expired_sessions"]) >= 2
    # Audited with counts only, and idempotent.
    run = AuditEvent.objects.filter(action=Action.PURGE, detail__dry_run=False).latest("id")
    assert run.detail["counts"]["login_log"] >= 1 and "a-typo" not in str(run.detail)
    assert all(ids == [] for ids in run_purge(now=later, dry_run=False).values())


def test_a_shorter_login_record_period_purges_sooner(staff):
    login(Client(), staff.username, "wrong-password-123")
    RetentionPolicy.objects.filter(pk=RetentionPolicy.load().pk).update(login_record_days=1)
    assert run_purge(now=timezone.now() + dt.timedelta(hours=23), dry_run=False)["login_attempts"] == []
    assert len(run_purge(now=timezone.now() + dt.timedelta(days=2), dry_run=False)["login_attempts"]) == 1
    assert not AccessAttempt.objects.exists()
