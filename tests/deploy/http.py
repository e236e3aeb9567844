"""A small HTTP client for the installed servers: over gunicorn's unix socket (as Caddy talks to it, with the
proxy's headers) or over TCP, keeping cookies by hand (the session cookie is Secure behind the proxy)."""

from __future__ import annotations

import base64
import http.client
import re
import socket
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django_otp.oath import totp


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float = 30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(str(self.path))


class Browser:
    def __init__(self, *, host: str, unix_socket: Path | None = None, port: int | None = None, https: bool):
        self.host, self.unix_socket, self.port, self.https = host, unix_socket, port, https
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"{'https' if self.https else 'http'}://{self.host}" + (f":{self.port}" if self.port else "")

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body)."""
        if self.unix_socket:
            connection = UnixConnection(self.unix_socket)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": self.host + (f":{self.port}" if self.port else "")}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"  # what the TLS proxy adds
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode()
        connection.close()
        return response.status, response.getheader("Location") or "", text

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict, page: str | None = None) -> tuple[int, str, str]:
        """Submit the form of `page` (else of a fresh GET of `path`) with its CSRF token."""
        if page is None:
            status, _location, page = self.get(path)
            assert status == 200, (path, status, page[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def log_in_with_two_factor(self, username: str, password: str, secret: str | None = None) -> str:
        """Through the real login and two-factor pages. Enrols TOTP when the account has none yet and returns
        its secret (the key the set-up page shows); with `secret`, answers the verification page with it."""
        status, location, _ = self.post_form("/account/login/", {"username": username, "password": password})
        assert status == 302, f"login answered {status}"
        path = urlsplit(location).path
        while True:  # the start page sends her on to the second factor
            status, location, page = self.get(path)
            if status != 302:
                break
            path = urlsplit(location).path
        assert status == 200 and path.startswith("/account/2fa/"), (path, status)
        if secret is None:
            assert path == "/account/2fa/setup/", path
            secret = unescape(re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1))
            # The same page's form: every visit of the set-up page makes a new key.
            status, _, page = self.post_form(path, {"token": code_for(secret)}, page=page)
            assert status == 200 and 'data-testid="backup-codes"' in page, page[:500]
        else:
            # The next step's code (within the device's tolerance): the current one may be spent already, a
            # TOTP code is accepted once (the enrolment may have used it seconds ago).
            status, location, page = self.post_form(path, {"token": code_for(secret, drift=1)}, page=page)
            assert status == 302, page[:1000]
        return secret


def code_for(secret_b32: str, drift: int = 0) -> str:
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key, drift=drift):06d}"
