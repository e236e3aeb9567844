"""The figures the umbrella organisations (Unizon, Roks) ask their member jours for each year, from Jour's data.

Each table carries its counting rule, as the follow-up report does. The numbers come from the apps' own
statistics (support line, nights, volunteers, placement requests) plus one query here for the persons
supported by who they are; what Jour does not record is listed as missing, never guessed. A fixed number
of queries whatever the data size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from jour.calls.models import (
    NON_DATA_KINDS,
    AgeBand,
    Caller,
    Channel,
    RecurringContact,
    SupportContact,
    Topic,
    ViolenceType,
)
from jour.calls.stats import RULE_SUPPORT_CONTACTS, RULE_UNIQUE_PERSONS, contact_statistics
from jour.lib.months import local_bounds
from residents.stats import nights
from volunteers.stats import volunteer_statistics

from .models import RequestOutcome, StaffingYear, TurnedAwayReason
from .requests import RULE_REQUESTS, request_statistics

PERSONS = "persons"  # person counts: 1 and 2 may be shown as "<3"
PLAIN = "plain"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]  # first cell is the row label
    rule: str = ""
    kind: str = PERSONS


@dataclass
class UmbrellaStatistics:
    year: int
    tables: list[Table] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def value(self, key: str, row: int, column: int = 1):
        return self.table(key).rows[row][column]


# Who a supported person is: the caller category of her latest support contact in the period; a woman or
# girl by the age band of that contact (or of her recurring contact when the contact has none).
GIRL, WOMAN = "girl", "woman"
PERSON_CATEGORIES = [
    WOMAN,
    GIRL,
    Caller.MAN,
    Caller.TRANS,
    Caller.RELATIVE,
    Caller.PROFESSIONAL,
    Caller.OTHER,
    Caller.UNKNOWN,
]


def persons_by_category(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Unique persons supported in start..end by who they are, in one query (the persons rule of the calls app)."""
    since, until = local_bounds(start, end)
    sql = f"""
        SELECT caller, minor, count(*)
          FROM (
              SELECT DISTINCT ON (person) person, caller, minor
                FROM (
                    SELECT c.id, c.started_at, c.caller,
                           COALESCE(NULLIF(c.age_band, %(unknown)s), r.age_band) = %(u18)s AS minor,
                           CASE WHEN c.recurring_contact_id IS NOT NULL THEN 'r' || c.recurring_contact_id
                                WHEN c.resident_id IS NOT NULL THEN 'p' || c.resident_id
                                ELSE 'c' || c.id END AS person
                      FROM {SupportContact._meta.db_table} c
                      LEFT JOIN {RecurringContact._meta.db_table} r ON r.id = c.recurring_contact_id
                     WHERE c.started_at >= %(since)s AND c.started_at < %(until)s
                       AND NOT (c.kind = ANY(%(non_data)s))
                ) AS contacts
               ORDER BY person, started_at DESC, id DESC
          ) AS persons
         GROUP BY caller, minor
    """  # noqa: S608 - table names from the models, values are parameters
    counts = {category: 0 for category in PERSON_CATEGORIES}
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "since": since,
                "until": until,
                "unknown": AgeBand.UNKNOWN.value,
                "u18": AgeBand.UNDER_18.value,
                "non_data": [str(kind) for kind in NON_DATA_KINDS],
            },
        )
        for caller, minor, n in cursor.fetchall():
            if caller == Caller.WOMAN:
                counts[GIRL if minor else WOMAN] += n
            else:
                counts[caller if caller in counts else Caller.OTHER] += n
    return counts


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def umbrella_statistics(*, year: int) -> UmbrellaStatistics:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = UmbrellaStatistics(year=year)
    contacts = contact_statistics(start=start, end=end)
    channel_labels = _labels(Channel)
    result.tables.append(
        Table(
            "contacts",
            _("Support contacts by channel"),
            [_("Channel"), _("Support contacts")],
            [[_("Support contacts, total"), contacts.support_contacts]]
            + [[channel_labels[channel], contacts.by_channel.get(channel, 0)] for channel in Channel.values],
            rule=str(RULE_SUPPORT_CONTACTS),
            kind=PLAIN,
        )
    )
    persons = persons_by_category(start=start, end=end)
    caller_labels = _labels(Caller)
    category_labels = {
        WOMAN: _("Women"),
        GIRL: _("Girls (under 18)"),
        Caller.MAN: _("Men"),
        Caller.TRANS: _("Trans persons"),
        Caller.RELATIVE: _("Relatives or friends"),
        Caller.PROFESSIONAL: _("Professionals"),
        Caller.OTHER: caller_labels[Caller.OTHER],
        Caller.UNKNOWN: caller_labels[Caller.UNKNOWN],
    }
    result.tables.append(
        Table(
            "persons",
            _("Persons supported"),
            [_("Persons"), _("Number")],
            [[_("Unique persons, total"), sum(persons.values())]]
            + [[category_labels[category], persons[category]] for category in PERSON_CATEGORIES],
            rule=" ".join(
                [
                    str(RULE_UNIQUE_PERSONS),
                    _(
                        "Each person counts once, as who made contact in her latest support contact of the year; "
                        "women subjected to violence under 18 by the age band of that contact (or of her recurring "
                        "contact) count as girls."
                    ),
                ]
            ),
        )
    )
    violence_labels = _labels(ViolenceType)
    result.tables.append(
        Table(
            "reasons",
            _("Reasons for contact"),
            [_("Reason"), _("Support contacts")],
            [[violence_labels[value], contacts.violence_types.get(value, 0)] for value in ViolenceType.values]
            + [[_("Children, custody, residence and contact"), contacts.topics.get(Topic.CHILDREN, 0)]],
            rule=_("Support contacts naming each type of violence or the topic; one contact may name several."),
            kind=PLAIN,
        )
    )
    housed = nights(start=start, end=end)
    average = (
        (Decimal(housed.adults) / Decimal(housed.adult_persons)).quantize(Decimal("0.1"))
        if housed.adult_persons
        else "\u2013"
    )
    result.tables.append(
        Table(
            "residents",
            _("Residents of the protected housing"),
            [_("Residents"), _("Persons")],
            [[_("Women"), housed.adult_persons], [_("Children"), housed.child_persons]],
            rule=_("Persons with a stay overlapping the year, each counted once however many stays she had."),
        )
    )
    result.tables.append(
        Table(
            "nights",
            _("Nights in the protected housing"),
            [_("Nights"), _("Number")],
            [
                [_("Women's nights"), housed.adults],
                [_("Children's nights"), housed.children],
                [_("Average nights per woman"), average],
            ],
            rule=_(
                "Nights inside the year: a stay from 1 to 3 March is 2 nights, an open stay counts up to last night, "
                "each child its own nights. The average is the women's nights divided by the number of women."
            ),
            kind=PLAIN,
        )
    )
    requests = request_statistics(start=start, end=end)
    reason_labels = _labels(TurnedAwayReason)
    result.tables.append(
        Table(
            "requests",
            _("Requests for a place"),
            [_("Requests"), _("Requests"), _("Adults"), _("Children")],
            [
                [_("Requests, total"), requests.requests, requests.adults, requests.children],
                [_("Offered a place"), requests.offered, requests.offered_adults, requests.offered_children],
                [
                    _("Turned away"),
                    requests.turned_away,
                    requests.turned_away_adults,
                    requests.turned_away_children,
                ],
            ]
            + [
                [f"\u2013 {reason_labels[reason]}", requests.turned_away_by_reason.get(reason, 0), "", ""]
                for reason in TurnedAwayReason.values
            ]
            + [
                [_("Referred to another jour"), requests.by_outcome.get(RequestOutcome.REFERRED, 0), "", ""],
                [_("Withdrawn"), requests.by_outcome.get(RequestOutcome.WITHDRAWN, 0), "", ""],
            ],
            rule=str(RULE_REQUESTS),
        )
    )
    volunteers = volunteer_statistics(start=start, end=end)
    staffing = StaffingYear.objects.filter(year=year).first()
    rows = [
        [_("Active contact women"), volunteers.active_volunteers],
        [_("Contact women's volunteer hours"), volunteers.volunteer_hours],
    ]
    if staffing is None:
        result.missing.append(_("Staff and other volunteers: not entered for the year"))
    else:
        rows += [
            [_("Other active volunteers"), staffing.other_volunteers],
            [_("Their volunteer hours"), staffing.other_volunteer_hours],
            [_("Volunteers, total"), volunteers.active_volunteers + staffing.other_volunteers],
            [_("Volunteer hours, total"), volunteers.volunteer_hours + staffing.other_volunteer_hours],
            [_("Employees"), staffing.employees],
            [_("Full-time equivalents"), staffing.full_time_equivalents],
        ]
    result.tables.append(
        Table(
            "staff",
            _("Volunteers and staff"),
            [_("Volunteers and staff"), _("Number")],
            rows,
            rule=_(
                "Contact women active now or with a meeting held in the year, and the hours of their meetings held; "
                "other volunteers, employees and full-time equivalents as entered by the coordinator for the year."
            ),
            kind=PLAIN,
        )
    )
    result.missing += [
        _("Men and trans persons in the protected housing: Jour does not record a resident's gender"),
        _("The perpetrator's gender: Jour records the relation, not the gender"),
    ]
    return result
