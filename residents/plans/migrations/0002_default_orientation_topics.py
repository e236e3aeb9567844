"""Default society-orientation topics, from how Kvinnojouren Huddinge works (issue 5). Shelters edit the list."""

from django.db import migrations

DEFAULT_TOPICS = [
    "Svenska språket",
    "Datorkunskap",
    "Mobilt BankID",
    "Lagar och rättigheter i Sverige",
    "Seder och traditioner",
    "Vardagsrutiner: mat",
    "Vardagsrutiner: motion",
    "Cykla",
    "Skriva CV",
    "Söka jobb",
    "Skriva in sig på Arbetsförmedlingen",
]


def add_topics(apps, schema_editor):
    OrientationTopic = apps.get_model("plans", "OrientationTopic")
    for position, name in enumerate(DEFAULT_TOPICS, start=1):
        OrientationTopic.objects.get_or_create(name=name, defaults={"position": position * 10})


def remove_topics(apps, schema_editor):
    OrientationTopic = apps.get_model("plans", "OrientationTopic")
    OrientationTopic.objects.filter(name__in=DEFAULT_TOPICS, progress__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
