# Indexes for the board, the resident list and the nights per month at national scale (issue 9).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("residents", "0002_stay_rules")]

    operations = [
        migrations.AddIndex(
            model_name="stay",
            index=models.Index(fields=["intake", "resident"], name="residents_stay_intake_res"),
        ),
        migrations.AddIndex(
            model_name="stay",
            index=models.Index(fields=["resident", "intake"], name="residents_stay_res_intake"),
        ),
        migrations.AddIndex(
            model_name="stay",
            index=models.Index(fields=["discharge"], name="residents_stay_discharge"),
        ),
    ]
