"""The cached follow-up document also follows the tables of the regulation app it reads (reporting/versions.py):
question 7's placement requests and question 9's children's placements, plans and views."""

from django.db import migrations

from reporting.versions import track, untrack

# Copied, not imported from READS: a migration keeps the SQL it was written with.
CHILD_STAY = (
    "(SELECT s.intake FROM residents_childstay c JOIN residents_stay s ON s.id = c.stay_id "
    "WHERE c.id = r.child_stay_id)",
    "(SELECT s.discharge FROM residents_childstay c JOIN residents_stay s ON s.id = c.stay_id "
    "WHERE c.id = r.child_stay_id)",
)
TABLES = {
    "regulation_placementrequest": ("r.received_at", "r.received_at"),
    "regulation_childplacement": CHILD_STAY,
    "regulation_childplan": CHILD_STAY,
    "regulation_childview": CHILD_STAY,
}


class Migration(migrations.Migration):
    dependencies = [("reporting", "0005_data_block_children"), ("regulation", "0002_permitted_places")]

    operations = [
        migrations.RunSQL(
            "".join(track(table, rows) for table, rows in TABLES.items()),
            "".join(untrack(table) for table in TABLES),
        )
    ]
