"""send_meeting_reminders: tomorrow's meetings, time and type only, one e-mail per contact woman."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.residents.factories import ResidentFactory

from .factories import MatchFactory, MeetingFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


@time_machine.travel(datetime(2026, 3, 1, 18, 0, tzinfo=TZ), tick=False)
def test_reminders_for_tomorrow_without_names():
    karin = VolunteerProfileFactory(user__email="karin@example.org")
    resident = ResidentFactory(first_name="Zeinab", last_name="Olofsdotter")
    match = MatchFactory(volunteer=karin, resident=resident)
    MeetingFactory(match=match, starts_at=datetime(2026, 3, 2, 14, 30, tzinfo=TZ), meeting_type="fika", place="Café X")
    MeetingFactory(match=match, starts_at=datetime(2026, 3, 2, 9, 0, tzinfo=TZ), meeting_type="walk")
    MeetingFactory(match=match, starts_at=datetime(2026, 3, 3, 9, 0, tzinfo=TZ))  # the day after
    MeetingFactory(match=match, starts_at=datetime(2026, 3, 2, 11, 0, tzinfo=TZ), status="cancelled")
    no_email = VolunteerProfileFactory(user__email="")
    MeetingFactory(match=MatchFactory(volunteer=no_email), starts_at=datetime(2026, 3, 2, 10, 0, tzinfo=TZ))
    ended = MatchFactory(status="ended", ended_on="2026-02-01", end_reason="completed")
    ended.volunteer.user.email = "ended@example.org"
    ended.volunteer.user.save()
    MeetingFactory(match=ended, starts_at=datetime(2026, 3, 2, 10, 0, tzinfo=TZ))

    call_command("send_meeting_reminders")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@example.org"]
    assert message.subject == "Dina träffar i morgon"
    assert "09:00 Promenad" in message.body and "14:30 Fika" in message.body
    assert message.body.index("09:00") < message.body.index("14:30")
    for secret in ("Zeinab", "Olofsdotter", resident.case_number, "Café X", "11:00"):
        assert secret not in message.body and secret not in message.subject


@time_machine.travel(datetime(2026, 3, 1, 18, 0, tzinfo=TZ), tick=False)
def test_dry_run_sends_nothing():
    karin = VolunteerProfileFactory(user__email="karin@example.org")
    MeetingFactory(match=MatchFactory(volunteer=karin), starts_at=datetime(2026, 3, 2, 14, 30, tzinfo=TZ))
    call_command("send_meeting_reminders", "--dry-run")
    assert mail.outbox == []
