"""Bulk loading with PostgreSQL COPY: rows as tuples, ids allocated here, defaults filled from the model.

Used by the large and national demo scales (jour/demo/bulk.py and the apps' demo.py). Only for generated data: no model
save(), no signals. The database's constraints and triggers still run on every row (COPY fires them),
so a generator mistake fails loudly instead of leaving bad data behind.

Encrypted columns are encrypted here (a value already a token is written as it is) and every blind
index whose source column is given is computed, so generators write clear values like the ORM would.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

from jour.crypto import PREFIX, EncryptedTextField, blind_index_fields, encrypt

NULL = r"\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
FLUSH_BYTES = 8 * 1024 * 1024


def text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, list | tuple):
        # Choice codes only (letters, digits, _ and -): no quoting needed inside the array literal.
        return "{" + ",".join(value) + "}"
    raise TypeError(f"cannot COPY {type(value).__name__}")


class Loader:
    """Allocates ids per table and streams rows into COPY in chunks."""

    def __init__(self):
        self._next: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.now = timezone.now()

    def ids(self, model: type[models.Model], n: int) -> range:
        """n fresh primary keys for the model's table (the sequence is moved past them in finish())."""
        table = model._meta.db_table
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                self._next[table] = cursor.fetchone()[0] + 1
        first = self._next[table]
        self._next[table] = first + n
        return range(first, first + n)

    def _defaults(self, model, columns: Sequence[str]) -> tuple[list[str], list[str]]:
        """The columns not given, with a constant COPY text each: the model default, now, or NULL."""
        extra, values = [], []
        for field in model._meta.concrete_fields:
            if field.attname in columns or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self.now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} has no default: give it")
            extra.append(field.column)
            values.append(text(value))
        return extra, values

    @staticmethod
    def _protected(model, columns: list[str], rows: Iterable[Sequence]) -> tuple[list[str], Iterable[Sequence]]:
        """Columns and rows as stored: encrypted columns encrypted, blind indexes added from their source."""
        fields = {f.attname: f for f in model._meta.concrete_fields}
        encrypted = [i for i, name in enumerate(columns) if isinstance(fields[name], EncryptedTextField)]
        indexes = [
            (field, columns.index(field.source))
            for field in blind_index_fields(model)
            if field.source in columns and field.attname not in columns
        ]
        if not encrypted and not indexes:
            return columns, rows

        def protect(row: Sequence) -> list:
            stored = list(row)
            for i in encrypted:
                value = stored[i]
                if value and not value.startswith(PREFIX):
                    stored[i] = encrypt(value)
            return stored + [field.value_for(row[source]) for field, source in indexes]

        return columns + [field.attname for field, _source in indexes], map(protect, rows)

    def copy(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        """COPY rows (tuples in the order of columns, attnames, values in clear) into the model's table;
        returns the count."""
        table = model._meta.db_table
        columns, rows = self._protected(model, list(columns), rows)
        by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
        extra, constants = self._defaults(model, columns)
        names = [connection.ops.quote_name(name) for name in [by_attname[c] for c in columns] + extra]
        suffix = ("\t" + "\t".join(constants)) if constants else ""
        sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(names)}) FROM STDIN"
        count = 0
        buffer = io.StringIO()
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg2's own cursor, for copy_expert
            for row in rows:
                buffer.write("\t".join(map(text, row)) + suffix + "\n")
                count += 1
                if buffer.tell() > FLUSH_BYTES:
                    buffer.seek(0)
                    raw.copy_expert(sql, buffer)
                    buffer = io.StringIO()
            if buffer.tell():
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
        self.counts[table] = self.counts.get(table, 0) + count
        return count

    def move_sequences(self) -> None:
        """Move every touched table's id sequence past the rows COPYed so far. Ids handed out later start
        after whatever is then in the table, so rows saved through the ORM in between cannot collide."""
        with connection.cursor() as cursor:
            for table in self._next:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(COALESCE(MAX(id), 0), 1)) "  # noqa: S608
                    f"FROM {connection.ops.quote_name(table)}",
                    [table],
                )
        self._next.clear()

    def finish(self) -> None:
        """Move the id sequences, then refresh the planner's statistics of every table loaded into."""
        self.move_sequences()
        with connection.cursor() as cursor:
            for table in self.counts:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
