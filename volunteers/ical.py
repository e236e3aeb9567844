"""Her personal iCalendar feed: type and time of each meeting, never a name or a place."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from .models import MeetingStatus

# A planned meeting shows as one hour unless she recorded how long it was.
DEFAULT_DURATION = timedelta(hours=1)


def meetings_ical(meetings) -> tuple[bytes, int]:
    """The feed and the number of events in it."""
    count = 0
    calendar = Calendar()
    calendar.add("prodid", "-//Jour//Contact woman meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Jour")
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings.only("pk", "starts_at", "meeting_type", "status", "duration_hours"):
            event = Event()
            event.add("uid", f"meeting-{meeting.pk}@jour")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", meeting.starts_at)
            hours = meeting.duration_hours or Decimal("0")
            event.add("dtend", meeting.starts_at + (timedelta(hours=float(hours)) if hours else DEFAULT_DURATION))
            event.add("summary", str(meeting.get_meeting_type_display()))
            event.add("status", "CONFIRMED" if meeting.status != MeetingStatus.CANCELLED else "CANCELLED")
            calendar.add_component(event)
            count += 1
    return calendar.to_ical(), count
