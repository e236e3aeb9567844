"""Gunicorn's access log without the keys that two kinds of path carry.

The access log (journald, and wherever the host ships it) shows each request's status, method and path. Two
paths hold a key rather than an id: the coordinator's one-time link for a forgotten password
(/account/reset/<uid>/<token>/, valid for three days) and a contact woman's calendar feed
(/volunteers/calendar/<token>.ics, valid until she renews it; her calendar app fetches it every hour). Anyone
who reads the log could set the password or read her meetings. Those paths are logged up to the key.
Used by deploy/systemd/jour.service.in (`--logger-class`); tests/operations/test_access_log.py.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# The URL prefixes of jour/urls.py (account/, volunteers/) and of the two views; the test reverses the real URLs.
KEYED_PATH = re.compile(r"^(/account/reset/|/volunteers/calendar/)[^ ]+")
HIDDEN = r"\1…"


def without_keys(text: str) -> str:
    return KEYED_PATH.sub(HIDDEN, text) if text else text


class AccessLogWithoutKeys(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = without_keys(atoms.get("U") or "")
        method, _space, rest = (atoms.get("r") or "").partition(" ")
        atoms["r"] = f"{method} {without_keys(rest)}" if rest else atoms.get("r")
        return atoms
