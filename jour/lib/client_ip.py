"""The client's address, as the trusted proxy in front of gunicorn saw it.

Behind N proxies (`PROXY_COUNT`), each appending the address it received the request from to
X-Forwarded-For, the client is the N-th address from the right; anything further left was written by the
client and can be forged. Without proxies (PROXY_COUNT=0) it is REMOTE_ADDR. django-axes (lockout) and the
audit log both ask this one function, so the lockout counts real clients and the log shows them.

(django-ipware counts proxies differently: it wants the proxy's own address in the header and answers None
for the "client" a single nginx or Caddy sends; hence these few lines.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        # Not through the whole proxy chain (a health check on 127.0.0.1, a misconfigured proxy).
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
