import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from jour.accounts.models import Role, User
from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.models import Action, AuditEvent

from ..factories import UserFactory

PASSWORD = "a-long-and-unusual-passphrase-7"


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("JOUR_COORDINATOR_PASSWORD", PASSWORD)


def test_creates_the_first_coordinator_audited_and_says_where_she_logs_in(db, password, capsys, settings):
    settings.JOUR_URL = "https://jour.example.org"
    call_command("create_coordinator", "--username", "anna", "--first-name", "Anna", "--email", "anna@example.org")
    user = User.objects.get(username="anna")
    assert (user.role, user.is_superuser, user.is_staff, user.first_name) == (Role.COORDINATOR, False, False, "Anna")
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="accounts.user", object_id=str(user.pk))
    assert event.detail == {"role": "coordinator", "via": "create_coordinator"}
    assert PASSWORD not in str(event.detail)
    assert [alert.kind for alert in find_alerts(since=event.at)] == [AlertKind.NEW_COORDINATOR]
    out = capsys.readouterr().out
    assert "https://jour.example.org/account/login/" in out and "two-factor" in out
    # She can log in with it (two-factor set-up follows at the first login).
    response = Client().post(reverse("accounts:login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302


def test_refuses_while_an_active_coordinator_exists_unless_told(db, password):
    UserFactory(role=Role.COORDINATOR)
    with pytest.raises(CommandError, match="active coordinator exists"):
        call_command("create_coordinator", "--username", "second")
    assert not User.objects.filter(username="second").exists()
    call_command("create_coordinator", "--username", "second", "--another")
    assert User.objects.get(username="second").role == Role.COORDINATOR


def test_an_inactive_coordinator_does_not_block(db, password):
    UserFactory(role=Role.COORDINATOR, is_active=False)
    call_command("create_coordinator", "--username", "new")
    assert User.objects.filter(username="new", role=Role.COORDINATOR).exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [({}, "Set JOUR_COORDINATOR_PASSWORD"), ({"JOUR_COORDINATOR_PASSWORD": "short"}, "12")],
)
def test_refuses_a_missing_or_weak_password_and_creates_nothing(db, monkeypatch, env, message):
    monkeypatch.delenv("JOUR_COORDINATOR_PASSWORD", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(CommandError, match=message):
        call_command("create_coordinator", "--username", "anna")
    assert not User.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_interactive(db, monkeypatch, capsys):
    answers = iter(["berit", "Berit", ""])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    call_command("create_coordinator")
    assert User.objects.get(username="berit").first_name == "Berit"
    assert "logs in at" in capsys.readouterr().out
