"""Support-line statistics: one function, computed in SQL, reused by the annual follow-up report.

    contact_statistics(start=date(2026, 1, 1), end=date(2026, 12, 31)) -> ContactStatistics

Three SQL queries whatever the number of contacts. The counting rules below are shown next to the
numbers on every page that shows them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.lib.charts import Series
from jour.lib.months import local_bounds, month_starts
from jour.lib.sql import table
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
    StatisticsVersion,
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

# The colour of each channel wherever these numbers are drawn: the statistics page and the follow-up report.
CHANNEL_COLOURS = {
    Channel.PHONE: "#5b2a6e",
    Channel.EMAIL: "#2a6e5b",
    Channel.CHAT: "#d08a1a",
    Channel.SMS: "#3a6ab0",
    Channel.MEETING: "#b02a37",
    Channel.OTHER: "#7a7a7a",
}

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
    # Support contacts only (silent calls, wrong numbers and the like left out), as the follow-up's question 6 asks.
    support_per_month: dict[dt.date, dict[str, int]] = field(default_factory=dict)


def _zeros(choices) -> dict[str, int]:
    return {value: 0 for value in choices.values}


# A period's numbers change only when its contacts do: they are kept this long under their version.
STATISTICS_CACHE_SECONDS = 24 * 3600
# Part of every key, so that a deploy never reads what the code before it cached (a shared cache outlives a
# deploy): raise it with every change to the queries, the counting rules or ContactStatistics. A change of
# the choices needs no raise: their values are part of the key.
STATISTICS_FORMAT = 2
_CHOICES = repr([c.values for c in (Channel, Kind, Caller, HousingOutcome, ViolenceType, Topic, Outcome)])


def channel_series(per_month: dict[dt.date, dict[str, int]], *, used_only: bool = False) -> list[Series]:
    """Contacts per month (`per_month` or `support_per_month`) as one chart series per channel, in the
    channels' order and colours; `used_only`: only the channels with a contact in the period."""
    months = sorted(per_month)
    return [
        Series(str(channel.label), values, CHANNEL_COLOURS[channel])
        for channel in Channel
        if any(values := [per_month[m].get(channel.value, 0) for m in months]) or not used_only
    ]


def period_version(*, start: dt.date, end: dt.date) -> str | None:
    """A version of the contacts of start..end: it changes with every committed write the numbers can see.

    Read from StatisticsVersion (kept by triggers on support contacts and recurring contacts): every UTC
    month that overlaps the period, at most a few hundred tiny rows. None when the numbers should not be
    cached: in a transaction that has written (it sees versions nobody else may ever see, it may roll
    back) and for a period that never held a contact (computing it is cheaper than a cache entry).
    """
    since, until = local_bounds(start, end)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT txid_current_if_assigned(), count(*), sum(version::numeric) FROM {table(StatisticsVersion)} "  # noqa: S608
            "WHERE month >= date_trunc('month', %s AT TIME ZONE 'UTC')::date AND month < %s AT TIME ZONE 'UTC'",
            [since, until],
        )
        writing, months, versions = cursor.fetchone()
    if writing is not None or not months:
        return None
    return f"{months}:{versions}"


def contact_statistics(*, start: dt.date, end: dt.date, home_municipality_code: str | None = None) -> ContactStatistics:
    """The support line's numbers for start..end, from the cache while its contacts are unchanged.

    The key holds everything the numbers are computed from: the period, the time zone, the home
    municipality, the code and the version of the period's contacts, so a cached value is never stale.
    """
    if home_municipality_code is None:
        home_municipality_code = ShelterProfile.load().municipality_id
    version = period_version(start=start, end=end)
    if version is None:
        return _contact_statistics(start=start, end=end, home_municipality_code=home_municipality_code)
    tz = timezone.get_current_timezone_name()
    raw = "|".join(map(str, (STATISTICS_FORMAT, _CHOICES, start, end, tz, home_municipality_code, version)))
    key = "calls:stats:" + hashlib.sha256(raw.encode()).hexdigest()
    statistics = cache.get(key)
    if statistics is None:
        statistics = _contact_statistics(start=start, end=end, home_municipality_code=home_municipality_code)
        cache.set(key, statistics, STATISTICS_CACHE_SECONDS)
    return statistics


@dataclass(frozen=True)
class MeetingPersons:
    """Persons offered a personal meeting and persons met in one, in a period: ContactStatistics' two counts."""

    offered: PersonCounts
    held: PersonCounts


def meeting_persons(*, start: dt.date, end: dt.date, home_municipality_code: str | None) -> MeetingPersons:
    """ContactStatistics.meeting_offered and .meeting_held alone, from the cache while the contacts are unchanged.

    The follow-up shows them for three years side by side (question 5): one pass over a year's contacts
    (about 60 ms for 150 000) instead of the whole statistics of each year (about 450 ms).
    """
    version = period_version(start=start, end=end)
    if version is None:
        return _meeting_persons(start=start, end=end, home_municipality_code=home_municipality_code)
    tz = timezone.get_current_timezone_name()
    raw = "|".join(map(str, ("meetings", STATISTICS_FORMAT, _CHOICES, start, end, tz, home_municipality_code, version)))
    key = "calls:meetings:" + hashlib.sha256(raw.encode()).hexdigest()
    persons = cache.get(key)
    if persons is None:
        persons = _meeting_persons(start=start, end=end, home_municipality_code=home_municipality_code)
        cache.set(key, persons, STATISTICS_CACHE_SECONDS)
    return persons


# The rows of _GROUPED_SQL's unattached set and of _ATTACHED_SQL that count offered and held meetings, only:
# a contact without an offer or a meeting adds to neither count.
_MEETINGS_SQL = """
    SELECT place, count(*) FILTER (WHERE offered), count(*) FILTER (WHERE held)
    FROM (
        SELECT {place_c} AS place, c.outcomes && %(offered)s::varchar[] AS offered, c.channel = %(meeting)s AS held
        FROM {contacts} c
        WHERE c.started_at >= %(since)s AND c.started_at < %(until)s AND NOT (c.kind = ANY(%(non_data)s))
          AND c.recurring_contact_id IS NULL AND c.resident_id IS NULL
          AND (c.outcomes && %(offered)s::varchar[] OR c.channel = %(meeting)s)
        UNION ALL
        SELECT max(CASE WHEN r.id IS NOT NULL THEN {place_r} ELSE {place_c} END),
               bool_or(c.outcomes && %(offered)s::varchar[]), bool_or(c.channel = %(meeting)s)
        FROM {contacts} c LEFT JOIN {recurring} r ON r.id = c.recurring_contact_id
        WHERE c.started_at >= %(since)s AND c.started_at < %(until)s AND NOT (c.kind = ANY(%(non_data)s))
          AND (c.recurring_contact_id IS NOT NULL OR c.resident_id IS NOT NULL)
        GROUP BY c.recurring_contact_id, c.resident_id
    ) AS persons
    GROUP BY place
"""


def _meeting_persons(*, start: dt.date, end: dt.date, home_municipality_code: str | None) -> MeetingPersons:
    since, until = local_bounds(start, end)
    counts = {"offered": {INSIDE: 0, OUTSIDE: 0, UNKNOWN: 0}, "held": {INSIDE: 0, OUTSIDE: 0, UNKNOWN: 0}}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _MEETINGS_SQL.format(
                contacts=table(SupportContact),
                recurring=table(RecurringContact),
                place_r=_place_sql("r"),
                place_c=_place_sql("c"),
            ),
            _params(since, until, home_municipality_code),
        )
        for place, offered, held in cursor.fetchall():
            counts["offered"][place] += offered
            counts["held"][place] += held

    def person_counts(by_place: dict[int, int]) -> PersonCounts:
        return PersonCounts(sum(by_place.values()), by_place[INSIDE], by_place[OUTSIDE], by_place[UNKNOWN])

    return MeetingPersons(offered=person_counts(counts["offered"]), held=person_counts(counts["held"]))


def _contact_statistics(*, start: dt.date, end: dt.date, home_municipality_code: str | None) -> ContactStatistics:
    """The support line's numbers for start..end (both included, local dates).

    `home_municipality_code` defaults to the shelter's own municipality (ShelterProfile).
    Three SQL queries over the period's contacts, each one pass: the grouped counts, the multi-valued
    answers and the persons behind attached contacts.
    """
    if home_municipality_code is None:
        home_municipality_code = ShelterProfile.load().municipality_id
    since, until = local_bounds(start, end)
    months = month_starts(start, end)
    params = _params(since, until, home_municipality_code)
    # Local midnight on the first of each month, for width_bucket: cheaper than a time-zone
    # conversion per contact.
    tz = timezone.get_current_timezone()
    params["month_starts"] = [since] + [dt.datetime.combine(m, dt.time.min, tzinfo=tz) for m in months[1:]]
    tally = _Tally(months)
    with transaction.atomic(), connection.cursor() as cursor:
        # For this transaction only: hash a year of contacts in memory instead of sorting it on disk
        # (the planner cannot estimate how few combinations the answers form, so it would sort), no
        # JIT compilation (it costs more than it saves on queries this size), and parallel workers
        # for the scans, whose results are a few thousand rows.
        cursor.execute(
            "SET LOCAL work_mem = '64MB'; SET LOCAL enable_sort = off; SET LOCAL jit = off; "
            "SET LOCAL parallel_setup_cost = 100; SET LOCAL parallel_tuple_cost = 0.001"
        )
        # 1. One pass, five groupings: channel × kind, month × channel, who, housing, unattached persons.
        cursor.execute(_GROUPED_SQL.format(contacts=table(SupportContact), place=_place_sql("c")), params)
        tally.add_grouped(cursor.fetchall())
        # 2. The multi-valued answers of support contacts, in one pass.
        cursor.execute(_MULTI_SQL.format(contacts=table(SupportContact)), params)
        tally.add_answers(cursor.fetchall())
        # 3. Persons behind attached contacts: one per recurring contact or resident.
        cursor.execute(
            _ATTACHED_SQL.format(
                contacts=table(SupportContact),
                recurring=table(RecurringContact),
                place_r=_place_sql("r"),
                place_c=_place_sql("c"),
            ),
            params,
        )
        tally.add_attached_persons(cursor.fetchall())
    return tally.statistics(start=start, end=end, home_municipality_code=home_municipality_code)


PERSON_GROUPS = ("persons", "women", "offered", "held")


class _Tally:
    """The counts of one period as the three queries' rows come in; every choice starts at zero."""

    def __init__(self, months: list[dt.date]):
        self.months = months
        self.channel_kind = {channel: _zeros(Kind) for channel in Channel.values}
        self.by_kind, self.by_channel = _zeros(Kind), _zeros(Channel)
        self.callers = _zeros(Caller)
        self.housing = {"": 0, **_zeros(HousingOutcome)}
        self.answers: dict[str, dict[str, int]] = {
            "violence_types": _zeros(ViolenceType),
            "topics": _zeros(Topic),
            "outcomes": _zeros(Outcome),
        }
        self.per_month = {month: _zeros(Channel) for month in months}
        self.support_per_month = {month: _zeros(Channel) for month in months}
        self.persons = {name: {INSIDE: 0, OUTSIDE: 0, UNKNOWN: 0} for name in PERSON_GROUPS}
        self.minutes = 0

    def add_grouped(self, rows) -> None:
        for row in rows:
            grouping, channel, kind, month, caller, requested, outcome, place = row[:8]
            n, minutes, n_data, women, offered, held = row[8:]
            if grouping == _SET_CHANNEL_KIND:
                self.channel_kind.setdefault(channel, {})[kind] = n
                self.by_kind[kind] = self.by_kind.get(kind, 0) + n
                if kind not in NON_DATA_KINDS:
                    self.by_channel[channel] = self.by_channel.get(channel, 0) + n
                    self.minutes += minutes or 0
            elif grouping == _SET_MONTH_CHANNEL:
                # width_bucket numbers the months from 1: the first month of the period.
                self.per_month[self.months[month - 1]][channel] = n
                self.support_per_month[self.months[month - 1]][channel] = n_data
            elif grouping == _SET_CALLER:
                self.callers[caller] = n_data
            elif grouping == _SET_HOUSING and requested:
                self.housing[outcome] = n_data
            elif grouping == _SET_UNATTACHED and place is not None:
                self._add_persons(place, (n, women, offered, held))

    def add_answers(self, rows) -> None:
        questions = {_SET_VIOLENCE: "violence_types", _SET_TOPICS: "topics", _SET_OUTCOMES: "outcomes"}
        for grouping, answer, n in rows:
            self.answers[questions[grouping]][answer] = n

    def add_attached_persons(self, rows) -> None:
        for place, *counts in rows:
            self._add_persons(place, counts)

    def _add_persons(self, place: int, counts) -> None:
        for name, count in zip(PERSON_GROUPS, counts, strict=True):
            self.persons[name][place] += count

    def _counts(self, name: str) -> PersonCounts:
        p = self.persons[name]
        return PersonCounts(sum(p.values()), p[INSIDE], p[OUTSIDE], p[UNKNOWN])

    def statistics(self, *, start: dt.date, end: dt.date, home_municipality_code: str | None) -> ContactStatistics:
        total = sum(self.by_kind.values())
        non_data = sum(self.by_kind.get(kind, 0) for kind in NON_DATA_KINDS)
        return ContactStatistics(
            start=start,
            end=end,
            home_municipality_code=home_municipality_code,
            contacts_total=total,
            support_contacts=total - non_data,
            non_data_contacts=non_data,
            minutes_total=self.minutes,
            by_kind=self.by_kind,
            by_channel=self.by_channel,
            channel_kind=self.channel_kind,
            persons=self._counts("persons"),
            women=self._counts("women"),
            meeting_offered=self._counts("offered"),
            meeting_held=self._counts("held"),
            meetings_held_contacts=self.by_channel.get(Channel.MEETING, 0),
            housing_requests=sum(self.housing.values()),
            housing_outcomes=self.housing,
            callers=self.callers,
            violence_types=self.answers["violence_types"],
            topics=self.answers["topics"],
            outcomes=self.answers["outcomes"],
            per_month=dict(sorted(self.per_month.items())),
            support_per_month=dict(sorted(self.support_per_month.items())),
        )


def _place_sql(alias: str) -> str:
    return (
        f"CASE WHEN {alias}.residence = %(abroad)s THEN {OUTSIDE} "
        f"WHEN {alias}.residence = %(municipality)s AND {alias}.municipality_id = %(home)s THEN {INSIDE} "
        f"WHEN {alias}.residence = %(municipality)s THEN {OUTSIDE} ELSE {UNKNOWN} END"
    )


# GROUPING(channel, kind, month, caller, housing_requested, ua_place): a bit is 1 when the column is
# not part of the row's grouping set.
_SET_CHANNEL_KIND, _SET_MONTH_CHANNEL, _SET_CALLER, _SET_HOUSING, _SET_UNATTACHED = 15, 23, 59, 61, 62

# One pass over the period's contacts. The inner grouping leaves a few thousand rows at most (every
# combination of the small answers that occurs); the grouping sets roll them up.
_GROUPED_SQL = """
    SELECT GROUPING(channel, kind, month, caller, housing_requested, ua_place),
           channel, kind, month, caller, housing_requested, housing_outcome, ua_place,
           sum(n)::int, sum(minutes)::int, sum(n_data)::int, sum(women)::int, sum(offered)::int, sum(held)::int
    FROM (
        SELECT channel, kind, month, caller, housing_requested, housing_outcome, ua_place,
               count(*) AS n, sum(duration_minutes) AS minutes, count(*) FILTER (WHERE data) AS n_data,
               count(*) FILTER (WHERE woman) AS women, count(*) FILTER (WHERE offered) AS offered,
               count(*) FILTER (WHERE held) AS held
        FROM (
            SELECT c.channel, c.kind, c.caller, c.housing_requested, c.housing_outcome, c.duration_minutes,
                   width_bucket(c.started_at, %(month_starts)s::timestamptz[]) AS month,
                   NOT (c.kind = ANY(%(non_data)s)) AS data,
                   CASE WHEN c.recurring_contact_id IS NULL AND c.resident_id IS NULL
                        AND NOT (c.kind = ANY(%(non_data)s)) THEN {place} END AS ua_place,
                   c.caller = %(woman)s AS woman,
                   c.outcomes && %(offered)s::varchar[] AS offered,
                   c.channel = %(meeting)s AS held
            FROM {contacts} c
            WHERE c.started_at >= %(since)s AND c.started_at < %(until)s
        ) AS contacts
        GROUP BY channel, kind, month, caller, housing_requested, housing_outcome, ua_place
    ) AS combinations
    GROUP BY GROUPING SETS (
        (channel, kind), (month, channel), (caller), (housing_requested, housing_outcome), (ua_place)
    )
"""

# Grouping by the three arrays together first (one hash per contact) leaves a few thousand rows
# to unnest instead of every contact.
_SET_VIOLENCE, _SET_TOPICS, _SET_OUTCOMES = 1, 2, 3
_MULTI_SQL = """
    SELECT question, answer, sum(n)::int
    FROM (
        SELECT c.violence_types, c.topics, c.outcomes, count(*) AS n
        FROM {contacts} c
        WHERE c.started_at >= %(since)s AND c.started_at < %(until)s AND NOT (c.kind = ANY(%(non_data)s))
        GROUP BY c.violence_types, c.topics, c.outcomes
    ) AS answer_sets
    CROSS JOIN LATERAL (
        SELECT 1 AS question, unnest(violence_types) AS answer
        UNION ALL SELECT 2, unnest(topics)
        UNION ALL SELECT 3, unnest(outcomes)
    ) AS answers
    GROUP BY question, answer
"""

_ATTACHED_SQL = """
    SELECT place, count(*), count(*) FILTER (WHERE woman), count(*) FILTER (WHERE offered),
           count(*) FILTER (WHERE held)
    FROM (
        SELECT max(CASE WHEN r.id IS NOT NULL THEN {place_r} ELSE {place_c} END) AS place,
               bool_or(c.caller = %(woman)s) AS woman,
               bool_or(c.outcomes && %(offered)s::varchar[]) AS offered,
               bool_or(c.channel = %(meeting)s) AS held
        FROM {contacts} c LEFT JOIN {recurring} r ON r.id = c.recurring_contact_id
        WHERE c.started_at >= %(since)s AND c.started_at < %(until)s AND NOT (c.kind = ANY(%(non_data)s))
          AND (c.recurring_contact_id IS NOT NULL OR c.resident_id IS NOT NULL)
        GROUP BY c.recurring_contact_id, c.resident_id
    ) AS persons
    GROUP BY place
"""


def _params(since: dt.datetime, until: dt.datetime, home: str | None) -> dict:
    return {
        "abroad": Residence.ABROAD.value,
        "municipality": Residence.MUNICIPALITY.value,
        "home": home,
        "woman": Caller.WOMAN.value,
        "meeting": Channel.MEETING.value,
        "offered": [str(o) for o in MEETING_OFFERED_OUTCOMES],
        "since": since,
        "until": until,
        "non_data": [str(kind) for kind in NON_DATA_KINDS],
        "tz": str(timezone.get_current_timezone()),
    }
