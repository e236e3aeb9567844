"""A production upgrade encrypts the names and texts already stored in clear, fills the blind index, and
can be reversed (residents/migrations/0004, `jour.crypto.encrypt_existing`)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jour.crypto import PREFIX
from residents.models import Resident

from ..db import swapped_credentials

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("residents", "0003_stay_indexes")]


def migrate(targets):
    with swapped_credentials("DATABASE_OWNER_URL"):  # migrations are the owner role's, as in production
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_an_upgrade_encrypts_what_was_stored_in_clear_and_a_downgrade_decrypts_it():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    room = old.get_model("residents", "Room").objects.create(name="Rum 1", beds=2)
    residents = [
        old.get_model("residents", "Resident").objects.create(
            case_number=f"B-2025-{n:03d}", first_name=f"Amina{n}", last_name="Karlsson", alias="Sol" if n else ""
        )
        for n in range(3)
    ]
    child = old.get_model("residents", "Child").objects.create(mother=residents[0], first_name="Noah", birth_year=2019)
    stay = old.get_model("residents", "Stay").objects.create(
        resident=residents[0], room=room, intake="2025-01-01", case_worker_contact="Socialkontoret, Anna"
    )
    assert raw("residents_resident", "first_name", residents[0].pk) == "Amina0"

    migrate(latest)
    for resident in residents:
        assert raw("residents_resident", "first_name", resident.pk).startswith(PREFIX)
        assert raw("residents_resident", "last_name", resident.pk).startswith(PREFIX)
    assert raw("residents_resident", "alias", residents[0].pk) == ""  # empty stays empty
    assert raw("residents_child", "first_name", child.pk).startswith(PREFIX)
    assert raw("residents_stay", "case_worker_contact", stay.pk).startswith(PREFIX)
    upgraded = Resident.objects.get(pk=residents[1].pk)
    assert (upgraded.first_name, upgraded.last_name, upgraded.alias) == ("Amina1", "Karlsson", "Sol")
    assert list(Resident.objects.search("amina2").values_list("pk", flat=True)) == [residents[2].pk]

    # A downgrade gives the clear values back; upgrading again encrypts them anew.
    token = raw("residents_resident", "first_name", residents[0].pk)
    migrate(BEFORE)
    assert raw("residents_resident", "first_name", residents[0].pk) == "Amina0"
    assert raw("residents_child", "first_name", child.pk) == "Noah"
    migrate(latest)
    assert raw("residents_resident", "first_name", residents[0].pk) != token  # a fresh token, same name
    assert Resident.objects.get(pk=residents[0].pk).first_name == "Amina0"
