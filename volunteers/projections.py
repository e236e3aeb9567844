"""What a contact woman's own pages read: projections, not model instances.

Her pages never hold a Resident object: each match and meeting is read with `values()` into a small frozen
dataclass that carries the woman only as the name residents.disclosure allows a contact woman
(`Audience.VOLUNTEER`). A template cannot reach a field she must not see, because nothing loaded it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from residents.choices import LANGUAGE_CHOICES
from residents.disclosure import Audience, WomanView, woman_shown

from .models import HelpArea, MatchStatus, MeetingStatus, MeetingType, _labels

_WOMAN = tuple(f"resident__{name}" for name in WomanView.FIELDS)


def _woman(row: dict, prefix: str) -> str:
    return woman_shown(WomanView(*(row[f"{prefix}{field}"] for field in _WOMAN)), Audience.VOLUNTEER)


@dataclass(frozen=True)
class HerMatch:
    pk: int
    status: str
    accepted_at: dt.datetime | None
    wished_language_labels: list[str]
    wished_activity_labels: list[str]
    woman: str

    @property
    def status_display(self) -> str:
        return str(MatchStatus(self.status).label)


@dataclass(frozen=True)
class HerMeeting:
    pk: int
    starts_at: dt.datetime
    meeting_type: str
    place: str
    status: str
    duration_hours: Decimal | None
    woman: str

    @property
    def meeting_type_display(self) -> str:
        return str(MeetingType(self.meeting_type).label)

    @property
    def status_display(self) -> str:
        return str(MeetingStatus(self.status).label)


def her_matches(matches: models.QuerySet) -> list[HerMatch]:
    """Her matches (already scoped to her) as she may see them, in the queryset's order."""
    rows = matches.values("pk", "status", "accepted_at", "wished_languages", "wished_activities", *_WOMAN)
    return [
        HerMatch(
            pk=row["pk"],
            status=row["status"],
            accepted_at=row["accepted_at"],
            wished_language_labels=_labels(row["wished_languages"], LANGUAGE_CHOICES),
            wished_activity_labels=_labels(row["wished_activities"], HelpArea.choices),
            woman=_woman(row, ""),
        )
        for row in rows
    ]


def her_meetings(meetings: models.QuerySet) -> list[HerMeeting]:
    """Her meetings (already scoped to her) as she may see them, in the queryset's order."""
    fields = ("pk", "starts_at", "meeting_type", "place", "status", "duration_hours")
    rows = meetings.values(*fields, *(f"match__{field}" for field in _WOMAN))
    return [HerMeeting(**{name: row[name] for name in fields}, woman=_woman(row, "match__")) for row in rows]


def women_by_match(matches: models.QuerySet) -> dict[int, str]:
    """{match id: the woman's name as a contact woman sees it}, for choice labels."""
    return {row["pk"]: _woman(row, "") for row in matches.values("pk", *_WOMAN)}
