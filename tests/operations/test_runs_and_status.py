import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.operations.models import Task, TaskRun
from jour.operations.runs import TIMED_TASKS, record_success

TOKEN = "monitoring-token-for-the-test-0123456789"


def test_run_task_runs_the_job_and_records_its_success(db):
    call_command("run_task", "purge")
    assert AuditEvent.objects.filter(action=Action.PURGE).count() == 1  # the purge itself ran
    run = TaskRun.objects.get(task=Task.PURGE)
    assert timezone.now() - run.last_success_at < dt.timedelta(minutes=1)


def test_a_failing_job_records_nothing(db, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")  # bin/backup refuses without it
    with pytest.raises(CommandError, match="bin/backup failed"):
        call_command("run_task", "backup")
    assert not TaskRun.objects.exists()


def test_the_restore_drill_is_only_recorded(db):
    with pytest.raises(CommandError, match="record-only"):
        call_command("run_task", "restore_drill")
    call_command("run_task", "restore_drill", "--record-only")
    assert TaskRun.objects.filter(task=Task.RESTORE_DRILL).exists()


def _all_fresh():
    for task in TIMED_TASKS:
        record_success(task)


def test_status_command_exits_2_while_a_timer_is_overdue(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("status")
    assert exit_info.value.code == 2
    assert "purge          OVERDUE  never" in capsys.readouterr().out
    _all_fresh()
    record_success(Task.BACKUP, at=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(SystemExit):
        call_command("status", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "overdue"
    assert report["tasks"]["backup"]["stale"] is True and report["tasks"]["backup"]["age_hours"] >= 72
    record_success(Task.BACKUP)
    call_command("status")
    assert "status: ok" in capsys.readouterr().out


def test_status_endpoint_needs_the_token(db, settings):
    settings.STATUS_TOKEN = TOKEN
    client = Client()
    assert client.get("/operations/status/").status_code == 404
    assert client.get("/operations/status/", headers={"Authorization": "Bearer wrong"}).status_code == 404
    response = client.get("/operations/status/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 503 and response.json()["status"] == "overdue"
    _all_fresh()
    response = client.get("/operations/status/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert set(response.json()["tasks"]) == {task.value for task in Task}
    settings.STATUS_TOKEN = ""
    assert client.get("/operations/status/", headers={"Authorization": "Bearer "}).status_code == 404


def test_healthz_is_cheap_and_impersonal(db):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/healthz/")
    # One query of its own (the request's transaction adds a savepoint in a test).
    assert [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == ["SELECT 1"]
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
