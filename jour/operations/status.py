"""The ages of the scheduled jobs for monitoring: `manage.py status` and GET /status/ with a token."""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone

from .runs import TIMED_TASKS, last_runs


def status_report(now: dt.datetime) -> dict:
    """Names and ages only: nothing about a person."""
    tasks = {}
    for run in last_runs():
        age = run.age(now)
        tasks[run.task.value] = {
            "last_success": run.at.isoformat() if run.at else None,
            "age_hours": None if age is None else round(age.total_seconds() / 3600, 1),
            "stale": run.task in TIMED_TASKS and run.is_stale(now),
        }
    overdue = any(entry["stale"] for entry in tasks.values())
    return {"status": "overdue" if overdue else "ok", "tasks": tasks}


def status(request: HttpRequest) -> JsonResponse:
    """For a monitoring system: `Authorization: Bearer <STATUS_TOKEN>`. Without the token (or with the
    token unset) the page does not exist. 503 when a timer is overdue."""
    token = settings.STATUS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    report = status_report(timezone.now())
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
