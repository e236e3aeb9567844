from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from jour.audit.log import record
from jour.audit.models import Action
from jour.crypto import PREFIX, blind_index_fields, decrypt, encrypted_fields, rotate

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the newest key in FIELD_ENCRYPTION_KEYS and recompute every "
        "blind index under the newest BLIND_INDEX_KEY (after a key rotation)."
    )

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
    """Rotates the stored tokens in batches and recomputes the table's blind indexes from their (decrypted)
    sources under the newest hash key; values are decrypted only in memory, one batch at a time."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    indexes = [field for field in blind_index_fields(model) if field.source in fields]
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    targets = columns + [quote(field.column) for field in indexes]
    sources = [fields.index(field.source) for field in indexes]
    assignments = ", ".join(f"{column} = %s" for column in targets)
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
                for field, source in zip(indexes, sources, strict=True):
                    clear = values[source]
                    rotated.append(field.value_for(decrypt(clear) if clear and clear.startswith(PREFIX) else clear))
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*rotated, row_pk])  # noqa: S608
            done += len(rows)
            last_pk = rows[-1][0]
