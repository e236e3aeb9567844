import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from jour.audit.models import AuditEvent
from residents.models import Resident

PERSONNUMMER = "19850312-2384"


def raw_personnummer(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer FROM residents_resident WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def resident(db):
    return Resident.objects.create(first_name="Amina", last_name="Testsson", personnummer=PERSONNUMMER)


def test_encrypted_fields_are_unreadable_in_raw_sql(resident):
    stored = raw_personnummer(resident.pk)
    assert stored.startswith("fernet:")
    assert "19850312" not in stored and "2384" not in stored
    assert Resident.objects.get(pk=resident.pk).personnummer == PERSONNUMMER


def test_readable_after_key_rotation_and_reencryption(resident, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    before = raw_personnummer(resident.pk)
    new_key = Fernet.generate_key().decode()

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]  # step 1: the new key first, the old still readable
    assert Resident.objects.get(pk=resident.pk).personnummer == PERSONNUMMER
    call_command("reencrypt_fields", stdout=open("/dev/null", "w"))
    after = raw_personnummer(resident.pk)
    assert after != before and after.startswith("fernet:")

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # step 2: the old key is dropped
    assert Resident.objects.get(pk=resident.pk).personnummer == PERSONNUMMER
    assert AuditEvent.objects.filter(object_type="privacy.encryptionkeys").exists()

    settings.FIELD_ENCRYPTION_KEYS = [old_key]  # the old key alone can no longer read anything
    with pytest.raises(InvalidToken):
        Resident.objects.get(pk=resident.pk)
