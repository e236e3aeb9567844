"""Issue 14: residents are found by first name through a keyed blind index, never by decrypting the table.

Her first name is a Fernet token in the database; beside it is the HMAC-SHA256 of the normalised name
under BLIND_INDEX_KEY. A search is an exact match on that hash: one index lookup, no decryption.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jour.crypto import PREFIX, blind_index, keyed_hash, normalise_name
from residents.models import Resident

from ..residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, first_name_index FROM residents_resident WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_first_name_is_stored_encrypted_beside_its_keyed_hash():
    amina = ResidentFactory(first_name="Amina")
    name, index = stored(amina.pk)
    assert name.startswith(PREFIX) and "Amina" not in name
    assert index == keyed_hash("amina", purpose="residents.resident.first_name") and len(index) == 64
    # The hash is keyed: without BLIND_INDEX_KEY nobody computes it from a guessed name.
    import hashlib

    assert index != hashlib.sha256(b"amina").hexdigest()


@pytest.mark.parametrize("typed", ["Amina", "amina", "  AMINA ", "Ａｍｉｎａ"])
def test_search_matches_the_normalised_whole_first_name(typed):
    amina = ResidentFactory(first_name="Amina")
    ResidentFactory(first_name="Aminata")
    assert list(Resident.objects.search(typed)) == [amina]


def test_search_finds_no_part_of_a_name_and_never_the_surname():
    ResidentFactory(first_name="Anna Maria", last_name="Lind")
    assert list(Resident.objects.search("Anna")) == []
    assert list(Resident.objects.search("Lind")) == []
    assert Resident.objects.search("anna   maria").count() == 1  # inner spaces collapsed


def test_the_search_reads_the_index_not_the_names():
    ResidentFactory(first_name="Amina")
    with CaptureQueriesContext(connection) as queries:
        assert Resident.objects.search("amina").values_list("pk", flat=True).count() == 1
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert '"first_name_index" IN' in sql and '"first_name" ' not in sql


def test_a_changed_name_is_found_by_its_new_name(staff_client):
    resident = ResidentFactory(first_name="Amina")
    resident.first_name = "Samira"
    resident.save(update_fields=["first_name"])
    assert list(Resident.objects.search("samira")) == [resident]
    assert list(Resident.objects.search("amina")) == []


def test_a_key_rotation_keeps_search_working(settings):
    from django.core.management import call_command

    amina = ResidentFactory(first_name="Amina")
    old = settings.BLIND_INDEX_KEYS[0]
    settings.BLIND_INDEX_KEYS = ["a-new-blind-index-key-of-at-least-32-chars", old]
    assert list(Resident.objects.search("amina")) == [amina]  # matched under the old key meanwhile
    call_command("reencrypt_fields", stdout=open("/dev/null", "w"))
    assert stored(amina.pk)[1] == blind_index("Amina", purpose="residents.resident.first_name")
    settings.BLIND_INDEX_KEYS = ["a-new-blind-index-key-of-at-least-32-chars"]
    assert list(Resident.objects.search("amina")) == [amina]


def test_the_search_term_is_encrypted_in_the_session(staff_client):
    from django.contrib.sessions.models import Session

    staff_client.post(reverse("residents:index"), {"q": "Amina"})
    (session,) = [s for s in Session.objects.all() if "residents_search" in s.get_decoded()]
    assert session.get_decoded()["residents_search"].startswith(PREFIX)
    assert "Amina" not in str(session.get_decoded())


def test_normalisation():
    assert normalise_name("  Åsa\u00a0 MARIA ") == "åsa maria"
    assert normalise_name("Straße") == normalise_name("STRASSE")
    assert blind_index("", purpose="x") == "" and blind_index("   ", purpose="x") == ""


def test_the_app_refuses_to_start_without_a_blind_index_key():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "SECRET_KEY": "a-secret-key-for-this-check-only-with-enough-characters",
        "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS[0],
    }
    command = [sys.executable, "manage.py", "check"]
    missing = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "jour.privacy.E001" in missing.stderr
    short = subprocess.run(
        command, cwd=settings.BASE_DIR, env={**env, "BLIND_INDEX_KEY": "too-short"}, capture_output=True, text=True
    )
    assert short.returncode != 0 and "jour.privacy.E002" in short.stderr
