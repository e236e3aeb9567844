from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from jour.audit.log import record
from jour.audit.models import Action
from jour.crypto import encrypted_fields, rotate

BATCH = 1000


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key in FIELD_ENCRYPTION_KEYS (after a key rotation)."

    def handle(self, *args, **options):
        counts = {}
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields:
                counts[model._meta.label_lower] = rotate_table(model, fields)
                self.stdout.write(f"  {model._meta.label_lower}: {counts[model._meta.label_lower]} rows")
        record(None, Action.CHANGE, object_type="privacy.encryptionkeys", object_id="rotation", detail={"rows": counts})
        self.stdout.write(self.style.SUCCESS("All encrypted fields now use the newest key."))


def rotate_table(model, fields: list[str]) -> int:
    """Rotates the stored tokens in batches; values are decrypted only inside MultiFernet.rotate."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    assignments = ", ".join(f"{column} = %s" for column in columns)
    done, last_pk = 0, None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            after = f"WHERE {pk} > %s" if last_pk is not None else ""
            cursor.execute(
                f"SELECT {pk}, {', '.join(columns)} FROM {table} {after} ORDER BY {pk} LIMIT {BATCH} FOR UPDATE",  # noqa: S608
                [last_pk] if last_pk is not None else [],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            for row_pk, *values in rows:
                rotated = [rotate(value) if value else value for value in values]
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*rotated, row_pk])  # noqa: S608
            done += len(rows)
            last_pk = rows[-1][0]
