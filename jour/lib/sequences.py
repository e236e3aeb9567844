"""Numbers handed out per year (case numbers B-2026-014, recurring codes K-2026-0137): one row per year.

class CaseNumberCounter(YearlySequence): ...
CaseNumberCounter.next_number(2026)  # 1, 2, 3 … in that year, never twice, whatever runs at the same time
"""

from __future__ import annotations

from django.db import connection, models

from .sql import table as sql_table


class YearlySequence(models.Model):
    """The last number handed out in each year. A concrete subclass is one table of (year, last)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @classmethod
    def next_number(cls, year: int) -> int:
        """The year's next number. One upsert (INSERT … ON CONFLICT DO UPDATE), which locks the year's row until
        the transaction ends: two transactions creating at the same moment can never get the same number."""
        table = sql_table(cls)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 - the table name only
                f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
                [year],
            )
            return cursor.fetchone()[0]

    @classmethod
    def continue_after(cls, last_per_year: dict[int, int]) -> None:
        """Numbers were given outside next_number() (a bulk load): continue after the highest of each year."""
        table = sql_table(cls)
        with connection.cursor() as cursor:
            for year, last in last_per_year.items():
                cursor.execute(
                    f"INSERT INTO {table} (year, last) VALUES (%s, %s) "  # noqa: S608 - the table name only
                    f"ON CONFLICT (year) DO UPDATE SET last = GREATEST({table}.last, EXCLUDED.last)",
                    [year, last],
                )
