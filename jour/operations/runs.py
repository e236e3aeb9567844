"""What the server's timers last did: the checklist, the data-protection page's warning and `status` read this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .models import Task, TaskRun

# A timer whose last success is older than this is reported (the purge, reminders and backup run daily).
STALE_AFTER = dt.timedelta(days=2)
# The jobs that run on a timer; the restore drill is run by hand and is not expected daily.
TIMED_TASKS = (
    Task.PURGE,
    Task.AUDIT_ALERTS,
    Task.REMINDERS,
    Task.QUALITY_REMINDERS,
    Task.WARM_REPORTS,
    Task.CLEARSESSIONS,
    Task.BACKUP,
)


def record_success(task: Task | str, *, at: dt.datetime | None = None) -> None:
    TaskRun.objects.update_or_create(task=task, defaults={"last_success_at": at or timezone.now()})


@dataclass(frozen=True)
class LastRun:
    task: Task
    at: dt.datetime | None

    @property
    def label(self) -> str:
        return str(Task(self.task).label)

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        return None if self.at is None else now - self.at

    def is_stale(self, now: dt.datetime) -> bool:
        return self.at is None or now - self.at > STALE_AFTER


def last_runs(tasks=tuple(Task)) -> list[LastRun]:
    """One query: the last success of each task, None for a task that never succeeded."""
    known = dict(TaskRun.objects.filter(task__in=tasks).values_list("task", "last_success_at"))
    return [LastRun(Task(task), known.get(task)) for task in tasks]


def stale_timers(now: dt.datetime | None = None) -> list[LastRun]:
    now = now or timezone.now()
    return [run for run in last_runs(TIMED_TASKS) if run.is_stale(now)]
