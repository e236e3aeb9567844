import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def load(apps, schema_editor):
    Municipality = apps.get_model("shelter", "Municipality")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    Municipality.objects.bulk_create(
        [Municipality(code=r["code"], name=r["name"], county_code=r["county_code"], county_name=r["county_name"]) for r in rows],
        update_conflicts=True, unique_fields=["code"], update_fields=["name", "county_code", "county_name"],
    )


class Migration(migrations.Migration):
    dependencies = [("shelter", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
