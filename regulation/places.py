"""The permit's places against their use, per premises and night, counted in SQL as the database rule counts.

A person takes a place on the night from day d to d + 1 when her stay [intake, discharge) covers d; each
accompanying child takes one too unless the permit says otherwise. Nights after `today` are not counted
(an open stay has no end yet), as residents.stats does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from jour.lib.months import month_starts
from jour.lib.sql import table
from residents.models import ChildStay, Stay

from .models import Permit, Premises, PremisesRoom


def _persons() -> str:
    """The persons of one stay in the premises: the woman and, when the permit counts them (the default), her
    children."""
    return (
        f"1 + CASE WHEN COALESCE((SELECT children_take_places FROM {table(Permit)} WHERE id = 1), true) "  # noqa: S608 - table names from _meta, values are parameters
        f"THEN (SELECT count(*) FROM {table(ChildStay)} cs WHERE cs.stay_id = s.id) ELSE 0 END"
    )


@dataclass(frozen=True)
class PremisesUsage:
    premises_id: int
    name: str
    places: int
    used: int

    @property
    def free(self) -> int:
        return max(self.places - self.used, 0)


def usage_on(on: date | None = None) -> list[PremisesUsage]:
    """Permitted and used places of every premises on the night starting `on` (default today), in one query."""
    on = on or timezone.localdate()
    sql = f"""
        SELECT p.id, p.name, p.places,
               COALESCE((SELECT SUM({_persons()})
                           FROM {table(Stay)} s JOIN {table(PremisesRoom)} pr ON pr.room_id = s.room_id
                          WHERE pr.premises_id = p.id
                            AND s.intake <= %(on)s AND (s.discharge IS NULL OR s.discharge > %(on)s)), 0)
          FROM {table(Premises)} p
         ORDER BY p.name, p.id
    """  # noqa: S608 - constant SQL, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {"on": on})
        return [PremisesUsage(pk, name, places, int(used)) for pk, name, places, used in cursor.fetchall()]


@dataclass
class MonthUsage:
    month: date  # first day of the month
    nights: int = 0  # nights of the month counted (up to the night before today)
    place_nights: int = 0  # permitted places × nights counted
    used_nights: int = 0  # places taken, summed over those nights
    peak: int = 0  # the most places taken on one night
    nights_over: int = 0  # nights with more persons than places (before the rule, or places lowered since)

    @property
    def rate_percent(self) -> int | None:
        return round(100 * self.used_nights / self.place_nights) if self.place_nights else None


@dataclass
class PremisesYear:
    premises_id: int
    name: str
    places: int
    months: list[MonthUsage] = field(default_factory=list)

    @property
    def peak(self) -> int:
        return max((m.peak for m in self.months), default=0)

    @property
    def used_nights(self) -> int:
        return sum(m.used_nights for m in self.months)

    @property
    def place_nights(self) -> int:
        return sum(m.place_nights for m in self.months)

    @property
    def rate_percent(self) -> int | None:
        return round(100 * self.used_nights / self.place_nights) if self.place_nights else None


def usage_by_month(*, start: date, end: date, today: date | None = None) -> list[PremisesYear]:
    """Per premises and month of start..end: nights, place-nights, used place-nights, the peak night.

    One query whatever the number of stays: the nights of the period (at most a year or two of days) are
    matched to the stays of the premises' rooms overlapping it. Nights from `today` on are not counted.
    The places are today's: the permit's history of places is in its change log, not applied backwards.
    """
    today = today or timezone.localdate()
    last = min(end, today - timedelta(days=1))
    premises = list(_premises())
    result = [PremisesYear(pk, name, places) for pk, name, places in premises]
    if last < start or not premises:
        for row in result:
            row.months = [MonthUsage(month) for month in month_starts(start, end)]
        return result
    days = [start + timedelta(days=n) for n in range((last - start).days + 1)]
    sql = f"""
        WITH st AS MATERIALIZED (
            SELECT pr.premises_id, s.intake, s.discharge, {_persons()} AS persons
              FROM {table(Stay)} s JOIN {table(PremisesRoom)} pr ON pr.room_id = s.room_id
             WHERE s.intake <= %(last)s AND (s.discharge IS NULL OR s.discharge > %(start)s)
        )
        SELECT st.premises_id, d.day, SUM(st.persons)
          FROM unnest(%(days)s::date[]) AS d(day)
          JOIN st ON st.intake <= d.day AND (st.discharge IS NULL OR st.discharge > d.day)
         GROUP BY st.premises_id, d.day
    """  # noqa: S608 - constant SQL, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "last": last, "days": days})
        used = {(premises_id, day): int(n) for premises_id, day, n in cursor.fetchall()}
    for row in result:
        months = {month: MonthUsage(month) for month in month_starts(start, end)}
        for day in days:
            month = months[day.replace(day=1)]
            n = used.get((row.premises_id, day), 0)
            month.nights += 1
            month.place_nights += row.places
            month.used_nights += n
            month.peak = max(month.peak, n)
            month.nights_over += n > row.places
        row.months = list(months.values())
    return result


def _premises():
    return Premises.objects.order_by("name", "id").values_list("id", "name", "places")
