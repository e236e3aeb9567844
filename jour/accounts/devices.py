"""Jour's own two-factor devices, so that no second-factor secret is stored in clear.

django-otp's TOTP and static-token plugins keep the TOTP key and the backup codes as plain text: a database
dump would let anyone generate her codes. Here the TOTP key is encrypted with FIELD_ENCRYPTION_KEYS
(jour.crypto) and a backup code is kept only as its keyed hash (BLIND_INDEX_KEY): it is checked, never
read back. They are django-otp devices like the plugins' (django_otp.match_token, user_has_device and the
OTP middleware find them), with the plugins' verification logic. Migration 0005 moves existing devices
over and drops the plugins' tables.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from os import urandom
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from jour.crypto import EncryptedCharField, keyed_hash, keyed_hashes

BACKUP_CODE_PURPOSE = "accounts.backup_code"


def new_totp_key() -> str:
    return urandom(20).hex()


class AuthenticatorAppDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app (FreeOTP, Aegis…). The shared secret is encrypted at rest."""

    key = EncryptedCharField(max_length=80, default=new_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # a code is accepted once: only later time steps verify

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self) -> str:
        """The otpauth:// URL of the QR code (the Key Uri Format authenticator apps read)."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        params = urlencode(
            {"secret": b32encode(self.bin_key), "algorithm": "SHA1", "digits": self.digits, "period": self.step}
        )
        return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """Her one-time backup codes, each kept only as a keyed hash and deleted when used."""

    class Meta(Device.Meta):
        verbose_name = "backup codes"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def replace_codes(self, count: int) -> list[str]:
        """New codes (shown to her once); the old ones stop working."""
        codes = [b32encode(urandom(5)).decode().lower() for _ in range(count)]
        self.codes.all().delete()
        BackupCode.objects.bulk_create(BackupCode(device=self, code_hash=BackupCode.hash(code)) for code in codes)
        return codes

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        # Every configured key's hash: codes made before a BLIND_INDEX_KEY rotation still work.
        hashes = keyed_hashes(str(token).strip().lower(), purpose=BACKUP_CODE_PURPOSE)
        match = self.codes.filter(code_hash__in=hashes).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, related_name="codes", on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, db_index=True)

    @staticmethod
    def hash(code: str) -> str:
        return keyed_hash(code, purpose=BACKUP_CODE_PURPOSE)
