from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .checklist import first_run_completed, items
from .runs import TIMED_TASKS, last_runs
from .status import status  # noqa: F401  (GET /status/, token-authenticated)


def checklist(request: HttpRequest) -> HttpResponse:
    """ "Kom igång": every item of the first-run checklist and when each scheduled job last succeeded."""
    now = timezone.now()
    runs = [(run, run.task in TIMED_TASKS and run.is_stale(now)) for run in last_runs()]
    context = {"items": items(), "completed": first_run_completed(), "runs": runs}
    return render(request, "operations/checklist.html", context)
