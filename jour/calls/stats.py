"""Support-line statistics: one function, computed in SQL, reused by the annual follow-up report.

    contact_statistics(start=date(2026, 1, 1), end=date(2026, 12, 31)) -> ContactStatistics

Five queries whatever the number of contacts. The counting rules below are shown next to the
numbers on every page that shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.shelter.models import ShelterProfile

from .models import (
    MEETING_OFFERED_OUTCOMES,
    NON_DATA_KINDS,
    Caller,
    Channel,
    HousingOutcome,
    Kind,
    Outcome,
    RecurringContact,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
)

# The counting rules, as text for the pages and the report that show the numbers.
RULE_SUPPORT_CONTACTS = _(
    "Support contacts are all logged contacts of the kinds support/advice and information. Silent calls, "
    "hang-ups, wrong numbers, pranks and tests are counted apart and never as support or as persons."
)
RULE_UNIQUE_PERSONS = _(
    "Unique persons = distinct recurring contacts + distinct residents + each support contact attached to "
    "neither, counted as one person. Only support contacts in the period count."
)
RULE_PLACE = _(
    "Inside or outside the municipality: a recurring contact counts where her code says she lives; any other "
    "person counts inside if one of her support contacts in the period records the shelter's municipality, "
    "otherwise outside if one records another municipality or abroad, otherwise as unknown."
)
RULE_MEETINGS = _(
    "Offered a personal meeting: unique persons with a support contact whose outcome is “personal meeting "
    "offered” or “booked”. Met: unique persons with a support contact on the channel “personal meeting”."
)
RULE_HOUSING = _("Protected-housing requests count support contacts in which she asked for protected housing.")
COUNTING_RULES = (RULE_SUPPORT_CONTACTS, RULE_UNIQUE_PERSONS, RULE_PLACE, RULE_MEETINGS, RULE_HOUSING)

# Codes of the place of a person, highest wins when her contacts disagree.
INSIDE, OUTSIDE, UNKNOWN = 2, 1, 0


@dataclass(frozen=True)
class PersonCounts:
    """Unique persons, split by where they live. inside + outside + unknown == total."""

    total: int = 0
    inside: int = 0
    outside: int = 0
    unknown: int = 0


@dataclass(frozen=True)
class ContactStatistics:
    """Everything the support line reports for one period (start and end dates included)."""

    start: dt.date
    end: dt.date
    home_municipality_code: str | None
    # Contacts (rows), all channels.
    contacts_total: int = 0  # every logged contact, non-data kinds included
    support_contacts: int = 0  # kinds support/advice and information
    non_data_contacts: int = 0
    minutes_total: int = 0  # sum of the durations of support contacts
    by_kind: dict[str, int] = field(default_factory=dict)  # every kind, non-data included
    by_channel: dict[str, int] = field(default_factory=dict)  # support contacts
    channel_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # channel -> kind -> contacts (all kinds)
    # Unique persons (see RULE_UNIQUE_PERSONS and RULE_PLACE).
    persons: PersonCounts = PersonCounts()
    women: PersonCounts = PersonCounts()  # persons with a contact as "woman subjected to violence"
    meeting_offered: PersonCounts = PersonCounts()
    meeting_held: PersonCounts = PersonCounts()
    meetings_held_contacts: int = 0  # support contacts on the channel personal meeting
    # Support contacts by answer.
    housing_requests: int = 0
    housing_outcomes: dict[str, int] = field(default_factory=dict)  # HousingOutcome value or "" (not recorded)
    callers: dict[str, int] = field(default_factory=dict)  # who made contact
    violence_types: dict[str, int] = field(default_factory=dict)  # contacts naming each type
    topics: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    # Contacts (all kinds) per month and channel: first of month -> channel -> contacts; every month present.
    per_month: dict[dt.date, dict[str, int]] = field(default_factory=dict)


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight at the start, local midnight after the end: [from, to)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def _zeros(choices) -> dict[str, int]:
    return {value: 0 for value in choices.values}


def contact_statistics(*, start: dt.date, end: dt.date, home_municipality_code: str | None = None) -> ContactStatistics:
    """The support line's numbers for start..end (both included, local dates).

    `home_municipality_code` defaults to the shelter's own municipality (ShelterProfile).
    """
    if home_municipality_code is None:
        home_municipality_code = ShelterProfile.load().municipality_id
    since, until = period_bounds(start, end)
    period = SupportContact.objects.filter(started_at__gte=since, started_at__lt=until).order_by()

    # 1. Contacts by channel and kind, with minutes.
    channel_kind = {channel: _zeros(Kind) for channel in Channel.values}
    by_kind, by_channel = _zeros(Kind), _zeros(Channel)
    minutes = 0
    for row in period.values("channel", "kind").annotate(n=Count("id"), minutes=Sum("duration_minutes")):
        channel_kind.setdefault(row["channel"], {})[row["kind"]] = row["n"]
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        if row["kind"] not in NON_DATA_KINDS:
            by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + row["n"]
            minutes += row["minutes"] or 0
    non_data = sum(by_kind.get(kind, 0) for kind in NON_DATA_KINDS)
    total = sum(by_kind.values())

    # 2. Who made contact, housing requests and answers.
    data = period.exclude(kind__in=NON_DATA_KINDS)
    callers = _zeros(Caller)
    housing = {"": 0, **_zeros(HousingOutcome)}
    housing_requests = 0
    for row in data.values("caller", "housing_requested", "housing_outcome").annotate(n=Count("id")):
        callers[row["caller"]] = callers.get(row["caller"], 0) + row["n"]
        if row["housing_requested"]:
            housing_requests += row["n"]
            housing[row["housing_outcome"]] = housing.get(row["housing_outcome"], 0) + row["n"]

    # 3. The multi-valued answers, unnested in SQL.
    multi = _multi_valued(since, until)
    # 4. Unique persons.
    persons = _persons(since, until, home_municipality_code)
    # 5. Per month and channel (all kinds: the chart shows the load on the line).
    per_month = {month: _zeros(Channel) for month in _months(start, end)}
    tz = timezone.get_current_timezone()
    for row in (
        period.annotate(month=TruncMonth("started_at", tzinfo=tz)).values("month", "channel").annotate(n=Count("id"))
    ):
        month = timezone.localtime(row["month"], tz).date() if isinstance(row["month"], dt.datetime) else row["month"]
        per_month.setdefault(month, _zeros(Channel))[row["channel"]] = row["n"]

    return ContactStatistics(
        start=start,
        end=end,
        home_municipality_code=home_municipality_code,
        contacts_total=total,
        support_contacts=total - non_data,
        non_data_contacts=non_data,
        minutes_total=minutes,
        by_kind=by_kind,
        by_channel=by_channel,
        channel_kind=channel_kind,
        persons=persons["persons"],
        women=persons["women"],
        meeting_offered=persons["offered"],
        meeting_held=persons["held"],
        meetings_held_contacts=by_channel.get(Channel.MEETING, 0),
        housing_requests=housing_requests,
        housing_outcomes=housing,
        callers=callers,
        violence_types={**_zeros(ViolenceType), **multi["violence_types"]},
        topics={**_zeros(Topic), **multi["topics"]},
        outcomes={**_zeros(Outcome), **multi["outcomes"]},
        per_month=dict(sorted(per_month.items())),
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _multi_valued(since: dt.datetime, until: dt.datetime) -> dict[str, dict[str, int]]:
    """Support contacts naming each answer of the three multi-valued questions, in one scan."""
    sql = f"""
        SELECT answers.question, answers.answer, count(*)
        FROM {_table(SupportContact)} c CROSS JOIN LATERAL (
            SELECT 'violence_types' AS question, unnest(c.violence_types) AS answer
            UNION ALL SELECT 'topics', unnest(c.topics)
            UNION ALL SELECT 'outcomes', unnest(c.outcomes)
        ) AS answers
        WHERE c.started_at >= %s AND c.started_at < %s AND NOT (c.kind = ANY(%s))
        GROUP BY 1, 2
    """  # noqa: S608 - only the table name is formatted in; values are parameters
    result: dict[str, dict[str, int]] = {"violence_types": {}, "topics": {}, "outcomes": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, until, [str(kind) for kind in NON_DATA_KINDS]])
        for question, answer, n in cursor.fetchall():
            result[question][answer] = n
    return result


def _persons(since: dt.datetime, until: dt.datetime, home: str | None) -> dict[str, PersonCounts]:
    """Unique persons (total, women, offered a meeting, met), each split inside/outside/unknown."""
    contacts, recurring = _table(SupportContact), _table(RecurringContact)

    def place(alias: str) -> str:
        return (
            f"CASE WHEN {alias}.residence = %(abroad)s THEN {OUTSIDE} "
            f"WHEN {alias}.residence = %(municipality)s AND {alias}.municipality_id = %(home)s THEN {INSIDE} "
            f"WHEN {alias}.residence = %(municipality)s THEN {OUTSIDE} ELSE {UNKNOWN} END"
        )

    sql = f"""
        WITH c AS (
            SELECT c.id, c.recurring_contact_id AS rc, c.resident_id AS res,
                   CASE WHEN r.id IS NOT NULL THEN {place("r")} ELSE {place("c")} END AS place,
                   c.caller = %(woman)s AS woman,
                   c.channel = %(meeting)s AS held,
                   c.outcomes && %(offered)s::varchar[] AS offered
            FROM {contacts} c LEFT JOIN {recurring} r ON r.id = c.recurring_contact_id
            WHERE c.started_at >= %(since)s AND c.started_at < %(until)s AND NOT (c.kind = ANY(%(non_data)s))
        ), persons AS (
            SELECT max(place) AS place, bool_or(woman) AS woman, bool_or(held) AS held, bool_or(offered) AS offered
            FROM c WHERE rc IS NOT NULL GROUP BY rc
            UNION ALL
            SELECT max(place), bool_or(woman), bool_or(held), bool_or(offered)
            FROM c WHERE rc IS NULL AND res IS NOT NULL GROUP BY res
            UNION ALL
            SELECT place, woman, held, offered FROM c WHERE rc IS NULL AND res IS NULL
        )
        SELECT {", ".join(_split_columns(f) for f in ("TRUE", "woman", "offered", "held"))} FROM persons
    """  # noqa: S608 - only table names and constants are formatted in; values are parameters
    params = {
        "abroad": Residence.ABROAD.value,
        "municipality": Residence.MUNICIPALITY.value,
        "home": home,
        "woman": Caller.WOMAN.value,
        "meeting": Channel.MEETING.value,
        "offered": [str(o) for o in MEETING_OFFERED_OUTCOMES],
        "since": since,
        "until": until,
        "non_data": [str(kind) for kind in NON_DATA_KINDS],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    counts = [PersonCounts(*row[i : i + 4]) for i in range(0, 16, 4)]
    return dict(zip(("persons", "women", "offered", "held"), counts, strict=True))


def _split_columns(condition: str) -> str:
    return (
        f"count(*) FILTER (WHERE {condition}), "
        f"count(*) FILTER (WHERE {condition} AND place = {INSIDE}), "
        f"count(*) FILTER (WHERE {condition} AND place = {OUTSIDE}), "
        f"count(*) FILTER (WHERE {condition} AND place = {UNKNOWN})"
    )
