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


def test_recently_decrypted_values_are_kept_briefly_in_memory_and_never_across_keys(settings, monkeypatch):
    from jour import crypto

    token = crypto.encrypt("Amina")
    crypto.forget_decrypted()
    assert crypto.decrypt(token) == "Amina"
    hits = crypto._decrypt_token.cache_info().hits
    assert crypto.decrypt(token) == "Amina"
    assert crypto._decrypt_token.cache_info().hits == hits + 1  # the second read is not decrypted again
    # After the period, every value is decrypted again (nothing stays longer than DECRYPTED_SECONDS).
    later = crypto.time.monotonic() + crypto.DECRYPTED_SECONDS
    monkeypatch.setattr(crypto.time, "monotonic", lambda: later)
    assert crypto.decrypt(token) == "Amina" and crypto._decrypt_token.cache_info().currsize == 1
    # A removed key is not worked around by the cache.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


def test_an_erasure_empties_the_cache_of_decrypted_values(resident):
    from jour import crypto
    from jour.privacy.registry import erase

    assert Resident.objects.get(pk=resident.pk).first_name == "Amina"
    assert crypto._decrypt_token.cache_info().currsize > 0
    erase("resident", resident, reason="request")
    assert crypto._decrypt_token.cache_info().currsize == 0
