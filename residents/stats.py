"""Nights and occupancy of the protected housing, computed in SQL.

A stay is the date range [intake, discharge): the night from day d to d+1 belongs to day d, so a stay
from 30 December to 2 January has two nights in the old year and one in the new. An open stay counts
its nights up to `today` (the night starting today is not yet spent). The follow-up report, the
board and the directory all call these functions; nothing else counts nights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from jour.lib.months import month_starts
from jour.lib.sql import table

from .models import Child, ChildStay, Resident, Room, Stay


@dataclass(frozen=True)
class Nights:
    adults: int
    children: int
    adult_persons: int
    child_persons: int

    @property
    def total(self) -> int:
        return self.adults + self.children

    @property
    def persons(self) -> int:
        return self.adult_persons + self.child_persons


@dataclass(frozen=True)
class MonthNights:
    month: date  # first day of the month
    adults: int
    children: int

    @property
    def total(self) -> int:
        return self.adults + self.children


# Optional filters are SQL parameters: NULL means "any", so the SQL text is constant.
def _params(
    *,
    start: date,
    end: date,
    today: date | None,
    placed_by_social_services: bool | None,
    municipality_code: str | None,
    home_municipality_code: str | None,
) -> dict:
    return {
        "start": start,
        "end": end,
        "today": today or timezone.localdate(),
        "placed": placed_by_social_services,
        "municipality": municipality_code,
        "home_municipality": home_municipality_code,
    }


def nights(
    *,
    start: date,
    end: date,
    placed_by_social_services: bool | None = None,
    municipality_code: str | None = None,
    home_municipality_code: str | None = None,
    today: date | None = None,
) -> Nights:
    """Nights spent from `start` to `end` (both nights included), per adult and per child.

    Filters: placed by social services or not; the placing municipality's code; the code of the
    municipality she lived in before (home municipality). Persons count each woman or child once.
    """
    params = _params(
        start=start,
        end=end,
        today=today,
        placed_by_social_services=placed_by_social_services,
        municipality_code=municipality_code,
        home_municipality_code=home_municipality_code,
    )
    sql = f"""
        WITH hit AS (
            SELECT s.id, s.resident_id,
                   daterange(s.intake, COALESCE(s.discharge, GREATEST(%(today)s::date, s.intake)), '[)')
                   * daterange(%(start)s, %(end)s, '[]') AS r
              FROM {table(Stay)} s
             WHERE daterange(s.intake, COALESCE(s.discharge, GREATEST(%(today)s::date, s.intake)), '[)')
                   && daterange(%(start)s, %(end)s, '[]')
                   AND (%(placed)s::boolean IS NULL OR s.placed_by_social_services = %(placed)s::boolean)
                   AND (%(municipality)s::text IS NULL OR s.placing_municipality_id = %(municipality)s::text)
                   AND (%(home_municipality)s::text IS NULL OR s.home_municipality_id = %(home_municipality)s::text)
        )
        SELECT
            COALESCE((SELECT SUM(upper(r) - lower(r)) FROM hit), 0),
            COALESCE((SELECT SUM(upper(hit.r) - lower(hit.r))
                        FROM hit JOIN {table(ChildStay)} cs ON cs.stay_id = hit.id), 0),
            (SELECT COUNT(DISTINCT resident_id) FROM hit),
            (SELECT COUNT(DISTINCT cs.child_id) FROM hit JOIN {table(ChildStay)} cs ON cs.stay_id = hit.id)
    """  # noqa: S608 - table names from _meta, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        adults, children, adult_persons, child_persons = cursor.fetchone()
    return Nights(int(adults), int(children), int(adult_persons), int(child_persons))


def unknown_placement_or_home(*, start: date, end: date, today: date | None = None) -> Nights:
    """Stays overlapping the period that question 7 cannot place: placement unknown, or not placed by social
    services with no home municipality. The report shows them as not counted instead of silently leaving them out.
    """
    sql = f"""
        WITH hit AS (
            SELECT s.id, s.resident_id,
                   daterange(s.intake, COALESCE(s.discharge, GREATEST(%(today)s::date, s.intake)), '[)')
                   * daterange(%(start)s, %(end)s, '[]') AS r
              FROM {table(Stay)} s
             WHERE daterange(s.intake, COALESCE(s.discharge, GREATEST(%(today)s::date, s.intake)), '[)')
                   && daterange(%(start)s, %(end)s, '[]')
                   AND (s.placed_by_social_services IS NULL
                        OR (s.placed_by_social_services = false AND s.home_municipality_id IS NULL))
        )
        SELECT
            COALESCE((SELECT SUM(upper(r) - lower(r)) FROM hit), 0),
            COALESCE((SELECT SUM(upper(hit.r) - lower(hit.r))
                        FROM hit JOIN {table(ChildStay)} cs ON cs.stay_id = hit.id), 0),
            (SELECT COUNT(DISTINCT resident_id) FROM hit),
            (SELECT COUNT(DISTINCT cs.child_id) FROM hit JOIN {table(ChildStay)} cs ON cs.stay_id = hit.id)
    """  # noqa: S608 - table names from _meta, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end, "today": today or timezone.localdate()})
        adults, children, adult_persons, child_persons = cursor.fetchone()
    return Nights(int(adults), int(children), int(adult_persons), int(child_persons))


def nights_per_month(
    *,
    start: date,
    end: date,
    placed_by_social_services: bool | None = None,
    municipality_code: str | None = None,
    home_municipality_code: str | None = None,
    today: date | None = None,
) -> list[MonthNights]:
    """Nights per calendar month from `start` to `end` (inclusive), every month listed, for a chart."""
    params = _params(
        start=start,
        end=end,
        today=today,
        placed_by_social_services=placed_by_social_services,
        municipality_code=municipality_code,
        home_municipality_code=home_municipality_code,
    )
    # The months come from Python as an array: a generate_series() would be estimated at a thousand rows,
    # and the inflated cost estimate switches on JIT compilation, which costs more than the query.
    params["months"] = month_starts(start, end)
    # Each stay is clipped to the period once, then matched to the months it overlaps with date arithmetic
    # (cheaper than range operators). The WHERE's first line is implied by the range test (a stay's range
    # ends at or before its discharge) and lets the planner find the period's stays through the indexes on
    # intake and discharge instead of reading every stay ever.
    sql = f"""
        WITH st AS MATERIALIZED (
            SELECT GREATEST(s.intake, %(start)s::date) AS a,
                   LEAST(COALESCE(s.discharge, GREATEST(%(today)s::date, s.intake)), %(end)s::date + 1) AS b,
                   (SELECT count(*) FROM {table(ChildStay)} cs WHERE cs.stay_id = s.id) AS kids
              FROM {table(Stay)} s
             WHERE s.intake <= %(end)s::date AND (s.discharge IS NULL OR s.discharge > %(start)s::date)
                   AND (%(placed)s::boolean IS NULL OR s.placed_by_social_services = %(placed)s::boolean)
                   AND (%(municipality)s::text IS NULL OR s.placing_municipality_id = %(municipality)s::text)
                   AND (%(home_municipality)s::text IS NULL OR s.home_municipality_id = %(home_municipality)s::text)
        ),
        months AS (
            SELECT m, (m + interval '1 month')::date AS next FROM unnest(%(months)s::date[]) AS m
        )
        SELECT months.m, COALESCE(SUM(part.n), 0), COALESCE(SUM(part.n * part.kids), 0)
          FROM months
          LEFT JOIN LATERAL (
              SELECT LEAST(st.b, months.next) - GREATEST(st.a, months.m) AS n, st.kids
                FROM st
               WHERE st.a < months.next AND st.b > months.m
          ) AS part ON true
         GROUP BY months.m
         ORDER BY months.m
    """  # noqa: S608 - table names from _meta, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [MonthNights(month, int(adults), int(children)) for month, adults, children in cursor.fetchall()]


@dataclass(frozen=True)
class CurrentStay:
    """A stay on the board: her first name and protection level, her children's first names (youngest last)."""

    resident_id: int
    first_name: str
    protection_level: str
    children: tuple[str, ...]

    @property
    def persons(self) -> int:
        return 1 + len(self.children)


@dataclass
class RoomOccupancy:
    room_id: int
    name: str
    beds: int
    stays: list[CurrentStay] = field(default_factory=list)

    @property
    def occupied(self) -> int:
        return sum(stay.persons for stay in self.stays)

    @property
    def free(self) -> int:
        return max(self.beds - self.occupied, 0)


@dataclass
class Occupancy:
    on: date
    beds: int
    occupied: int
    rate: float | None  # this year's occupancy rate, 0..1, from 1 January up to the night before `on`
    rooms: list[RoomOccupancy] = field(default_factory=list)
    months: list[MonthNights] = field(default_factory=list)  # this year's nights per month up to the night before

    @property
    def free(self) -> int:
        return sum(room.free for room in self.rooms)

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def occupancy(*, on: date | None = None) -> Occupancy:
    """Rooms in use with the stays of `on` (mother and children), free places, this year's nights per month
    and occupancy rate.

    The rate is bed-nights used / bed-nights available from 1 January to the night before `on`, with the
    beds of the rooms in use today; the nights used are the sum of the months. Three queries whatever the
    data size, reading plain values: a board of hundreds of rooms builds no model instances and decrypts
    nothing.
    """
    on = on or timezone.localdate()
    in_use = Room.objects.filter(is_active=True).order_by("name").values_list("id", "name", "beds")
    rooms = {room_id: RoomOccupancy(room_id, name, beds) for room_id, name, beds in in_use}
    # Her name and the children's names per stay in subqueries, through the primary key and the index on
    # the stay: joining instead makes the planner hash all residents, or every child link ever made.
    resident = Resident.objects.filter(pk=OuterRef("resident_id"))
    children = Child.objects.filter(child_stays__stay=OuterRef("pk")).order_by("birth_year", "id")
    stays = (
        Stay.objects.current(on)
        .annotate(
            first_name=Subquery(resident.values("first_name")),
            protection_level=Subquery(resident.values("protection_level")),
            children_names=ArraySubquery(children.values("first_name")),
        )
        .order_by("intake", "id")
        .values_list("room_id", "resident_id", "first_name", "protection_level", "children_names")
    )
    for room_id, resident_id, first_name, protection_level, children in stays:
        if room_id in rooms:  # a room no longer in use is not on the board, nor are its beds
            rooms[room_id].stays.append(CurrentStay(resident_id, first_name, protection_level, tuple(children)))
    room_rows = list(rooms.values())
    beds = sum(room.beds for room in room_rows)
    year_start = date(on.year, 1, 1)
    days = (on - year_start).days
    months = nights_per_month(start=year_start, end=on - timedelta(days=1), today=on) if days else []
    rate = sum(month.total for month in months) / (beds * days) if beds and days else None
    return Occupancy(
        on=on,
        beds=beds,
        occupied=sum(row.occupied for row in room_rows),
        rate=rate,
        rooms=room_rows,
        months=months,
    )


def free_places(*, on: date | None = None) -> int:
    """Free beds in the rooms in use on the given day (default today), in one query."""
    on = on or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COALESCE(SUM(GREATEST(r.beds - COALESCE(o.persons, 0), 0)), 0)
              FROM {table(Room)} r
              LEFT JOIN (
                  SELECT s.room_id, SUM(1 + (SELECT count(*) FROM {table(ChildStay)} cs WHERE cs.stay_id = s.id))
                         AS persons
                    FROM {table(Stay)} s
                   WHERE s.intake <= %(on)s AND (s.discharge IS NULL OR s.discharge > %(on)s)
                   GROUP BY s.room_id
              ) o ON o.room_id = r.id
             WHERE r.is_active
            """,  # noqa: S608 - table names from _meta, values are parameters
            {"on": on},
        )
        return int(cursor.fetchone()[0])
