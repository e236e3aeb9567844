"""Issue 14 item 8: TOTP keys encrypted at rest and backup codes kept only as keyed hashes — what a
database dump shows of her second factor is useless without the keys."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from jour.accounts.devices import AuthenticatorAppDevice, BackupCodeDevice

from ..conftest import signed_in_client
from ..db import swapped_credentials
from ..factories import TEST_PASSWORD, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def _all_text_in(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")  # noqa: S608
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_totp_key_is_encrypted_in_the_database(staff):
    device = TOTPDeviceFactory(user=staff)
    stored = _all_text_in(AuthenticatorAppDevice._meta.db_table)
    assert device.key not in stored and device.key.upper() not in stored
    assert AuthenticatorAppDevice.objects.get(pk=device.pk).key == device.key  # read back through the key


def test_backup_codes_are_stored_only_as_keyed_hashes(staff):
    TOTPDeviceFactory(user=staff)
    codes = signed_in_client(staff).post(reverse("accounts:backup_codes")).context["codes"]
    assert len(codes) == 10
    stored = _all_text_in("accounts_backupcode")
    assert not [code for code in codes if code in stored]
    # And each still works once.
    client = Client()
    client.post(reverse("accounts:login"), {"username": staff.username, "password": TEST_PASSWORD})
    assert client.post(reverse("accounts:otp_verify"), {"token": codes[3]}).status_code == 302
    assert BackupCodeDevice.objects.get(user=staff).codes.count() == 9


def test_no_clear_text_second_factor_tables_remain():
    tables = connection.introspection.table_names()
    assert not [name for name in tables if name.startswith(("otp_totp_", "otp_static_"))]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_plugins_devices_and_drops_their_tables(staff):
    """An installation from before: django-otp's plugin tables with a TOTP key and backup codes in clear."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("jour.accounts.migrations.0005_encrypted_second_factors")
    key = "3132333435363738393031323334353637383930"
    with swapped_credentials("DATABASE_OWNER_URL"):  # migrations are the owner role's, as in production
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE otp_totp_totpdevice (id serial, user_id bigint, name text, confirmed bool, key text,"
                " step int, t0 bigint, digits int, tolerance int, drift int, last_t bigint)"
            )
            cursor.execute(
                "CREATE TABLE otp_static_staticdevice (id serial, user_id bigint, name text, confirmed bool)"
            )
            cursor.execute("CREATE TABLE otp_static_statictoken (id serial, device_id int, token text)")
            cursor.execute(
                "INSERT INTO otp_totp_totpdevice"
                " (user_id, name, confirmed, key, step, t0, digits, tolerance, drift, last_t)"
                " VALUES (%s, 'app', true, %s, 30, 0, 6, 1, 0, -1)",
                [staff.pk, key],
            )
            cursor.execute(
                "INSERT INTO otp_static_staticdevice (user_id, name, confirmed) VALUES (%s, 'backup', true)", [staff.pk]
            )
            cursor.execute(
                "INSERT INTO otp_static_statictoken (device_id, token) VALUES (1, 'abcd2345'), (1, 'efgh6789')"
            )
        with connection.schema_editor() as editor:
            migration.move_devices(apps, editor)
    assert AuthenticatorAppDevice.objects.get(user=staff).key == key
    assert key not in _all_text_in(AuthenticatorAppDevice._meta.db_table)
    device = BackupCodeDevice.objects.get(user=staff)
    assert device.codes.count() == 2 and device.verify_token("efgh6789")
    assert not [t for t in connection.introspection.table_names() if t.startswith(("otp_totp_", "otp_static_"))]
