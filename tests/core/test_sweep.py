"""The sweep: every form the crawler finds, as each role, submitted with malformed values (issue 16).

On the demo data, a crawler signs in as each role (anonymous, contact woman, staff, coordinator), follows the
links of every page (two pages per URL pattern) and collects every form. Each form is then submitted with its
own values but one field malformed — year 9999 and 1899 dates, 10 kB texts, NUL bytes, negative and huge
numbers, formula and markup payloads, forged choices and management counts, broken import files — and once
with every field malformed at once. Each submit runs in a savepoint rolled back afterwards, so every form
sees the same data. The sweep fails on:

- any 500;
- a half-save: a refused submit (the page shows an error) that changed a table of the apps' data;
- unescaped output: the markup payload back in a page as markup;
- an implausible date accepted;

and, after a last round that stores the payloads for real, on any page showing them unescaped and on any
CSV/XLSX export cell that would run as a formula. Every field kind must have been tried.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve

from jour.accounts.models import Role
from jour.demo.registry import rng_for, seeders
from jour.shelter.models import Municipality, ShelterProfile

from ..conftest import signed_in_client
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

MARKUP = "<b>jour-xss</b>"
FORMULA = '=HYPERLINK("http://example.invalid","jour-formula")'
NUL = "jour\x00nul"
TEN_KB = "Lång text " * 1024
MALFORMED: dict[str, list] = {
    "date": ["9999-12-31", "1899-12-31"],
    "datetime-local": ["9999-12-31T23:59", "1899-12-31T00:00"],
    "number": ["-1", "99999999999999999999999", "-99999999999999999999999", "1e308", "NaN", NUL],
    "text": [TEN_KB, NUL, FORMULA, MARKUP],
    "textarea": [TEN_KB, NUL, FORMULA, MARKUP],
    "search": [TEN_KB, NUL, MARKUP],
    "email": [TEN_KB, NUL, MARKUP],
    "password": [TEN_KB, NUL],
    "tel": [TEN_KB, NUL],
    "select": ["999999999999999999999", "-1", NUL, MARKUP],
    "checkbox": ["999999999999999999999", NUL],
    "radio": ["999999999999999999999", NUL],
    "hidden": ["-1", "99999999999999999999", NUL],
    "file": [b"\x00\xff\xfe not utf-8", b"[" * 100_000, b'{"name": "x\\u0000y", "places": 1e999}'],
}
IMPLAUSIBLE_DATES = {"9999-12-31", "1899-12-31", "9999-12-31T23:59", "1899-12-31T00:00"}
# Written by any request, also a refused one (the audit trail, the session, lockout counters, two-factor
# throttling, the statistics version triggers): not the apps' data.
NOT_APP_DATA = re.compile(r"^(audit_|django_session|axes_|otp_|calls_monthversion|calls_statisticsversion)")
ERROR_MARKUP = re.compile(r'class="[^"]*(invalid-feedback|is-invalid|errorlist|alert-danger)')
PAGES_PER_PATTERN = 2
NEVER_SUBMITTED = {"accounts:logout"}  # ends the session the sweep runs in


@dataclass
class Field:
    name: str
    kind: str
    value: str | None  # what the browser sends as it is (None: nothing, an unticked box)
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None

    @property
    def view_name(self) -> str:
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return "?"

    def key(self) -> tuple:
        return (self.view_name, self.method, tuple(sorted({f.name for f in self.fields})))

    def baseline(self) -> dict[str, list]:
        """The form as the page offers it, its empty fields filled plausibly: a valid submit where it can be,
        so that one malformed field is what the form has to refuse."""
        today = dt.date.today().isoformat()
        filler = {"text": "Svep", "textarea": "Svep", "date": today, "datetime-local": f"{today}T10:00", "number": "1"}
        data: dict[str, list] = defaultdict(list)
        for item in self.fields:
            if item.kind == "file":
                continue
            value = item.value
            if not value and item.kind in filler and not item.name.endswith("_FORMS"):
                value = filler[item.kind]
            elif not value and item.kind == "select":
                value = next((option for option in item.options if option), value)
            if value is not None:
                data[item.name].append(value)
        if self.submit:
            data[self.submit[0]].append(self.submit[1])
        return data


class FormParser(HTMLParser):
    """The forms of a page and the links out of it, as a browser would see them."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = Form(self.page, (attrs.get("method") or "get").lower(), attrs.get("action") or self.page)
            self.forms.append(self._form)
        if self._form is None or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image"):
                if name and self._form.submit is None:
                    self._form.submit = (name, attrs.get("value", ""))
                return
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                existing = next((f for f in self._form.fields if f.name == name and f.kind == kind), None)
                if existing is not None:
                    existing.options.append(value)
                    return
                self._form.fields.append(Field(name, kind, None, [value]))
                return
            self._form.fields.append(Field(name, kind, value, [value]))
        elif tag == "button" and name and self._form.submit is None:
            self._form.submit = (name, attrs.get("value", ""))
        elif tag == "select":
            self._select = Field(name, "select", None)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select.options.append(value)
            if "selected" in attrs or self._select.value is None:
                self._select.value = value
        elif tag == "textarea":
            self._textarea = Field(name, "textarea", "")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _crawlable(href: str) -> bool:
    path = urlsplit(href).path
    if path.startswith(("/static/", "/admin/")):
        return False
    try:
        return resolve(path).view_name not in NEVER_SUBMITTED
    except Resolver404:
        return False


@dataclass
class Sweep:
    failures: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    submits: int = 0
    forms: dict[tuple, Form] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    swept: set = field(default_factory=set)
    rotation: dict = field(default_factory=lambda: {k: itertools.cycle(v) for k, v in MALFORMED.items()})

    def fail(self, role: str, what: str) -> None:
        self.failures.append(f"{role}: {what}")


def _crawl(client: Client, role: str, sweep: Sweep, start: str = "/") -> dict[tuple, Form]:
    seen_per_pattern: Counter = Counter()
    queue, visited, forms = [start], set(), {}
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            sweep.fail(role, f"GET {url} → {response.status_code}")
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if "csv" in response.get("Content-Type", "") or "spreadsheet" in response.get("Content-Type", ""):
            sweep.exports.append(url)
        if "html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        sweep.pages.append(url)
        html = response.content.decode()
        parser = FormParser(url)
        parser.feed(html)
        for form in parser.forms:
            if form.view_name not in NEVER_SUBMITTED and form.view_name != "?":
                forms.setdefault(form.key(), form)
        for href in parser.links:
            href = href.split("#")[0]
            if not href or href in visited or not _crawlable(href):
                continue
            pattern = resolve(urlsplit(href).path).route
            if seen_per_pattern[pattern] < PAGES_PER_PATTERN:
                seen_per_pattern[pattern] += 1
                queue.append(href)
    return forms


def _app_writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return {name: count for name, count in cursor.fetchall() if not NOT_APP_DATA.match(name)}


def _send(client: Client, form: Form, data: dict[str, list], files: dict | None = None):
    if form.method == "post":
        payload = {key: values if len(values) != 1 else values[0] for key, values in data.items()}
        payload.update(files or {})
        return client.post(form.action, payload)
    path = urlsplit(form.action).path
    return client.get(path + "?" + urlencode([(k, v) for k, values in data.items() for v in values]))


def _check(client, role, form, data, sweep, *, what: str, files=None, implausible: str = "") -> None:
    """One submit in a savepoint rolled back afterwards."""
    session = client.cookies.get("sessionid")
    sweep.submits += 1
    with transaction.atomic():
        before = _app_writes()
        response = _send(client, form, data, files)
        after = _app_writes()
        where = f"{form.method.upper()} {form.action} ({form.view_name}) with {what}"
        body = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text") else ""
        if response.status_code >= 500:
            sweep.fail(role, f"{where} → {response.status_code}")
        elif MARKUP in body:
            sweep.fail(role, f"{where}: the markup payload is in the page unescaped")
        elif form.method == "post" and response.status_code == 200 and ERROR_MARKUP.search(body):
            changed = sorted(name for name, count in after.items() if count != before.get(name, 0))
            if changed:
                sweep.fail(role, f"{where}: refused, yet wrote {changed} (half-saved)")
        elif form.method == "post" and response.status_code == 302 and implausible:
            sweep.fail(role, f"{where}: the implausible date {implausible!r} was accepted")
        if response.status_code == 302 and response["Location"].startswith("/"):
            followed = client.get(response["Location"])
            if followed.status_code >= 500:
                sweep.fail(role, f"{where}, then GET {response['Location']} → {followed.status_code}")
            elif MARKUP in followed.content.decode(errors="replace"):
                sweep.fail(role, f"{where}, then GET {response['Location']}: the markup payload unescaped")
        transaction.set_rollback(True)
    if session is not None:
        client.cookies["sessionid"] = session.value


def _submit_malformed(client: Client, role: str, forms: dict[tuple, Form], sweep: Sweep) -> None:
    rotation = sweep.rotation
    for key, form in forms.items():
        # A form two roles share (most of staff's and the coordinator's) is swept by the first that finds it:
        # the same view and fields, the same code path; the suite's time goes to forms not yet swept.
        if key in sweep.swept:
            continue
        sweep.swept.add(key)
        everything = form.baseline()
        files = {}
        for item in form.fields:
            kind = item.kind if item.kind in MALFORMED else "text"
            sweep.kinds[kind] += 1
            # Each date with both implausible years; any other field once, with the next value of its kind
            # (across the sweep every value of every kind is sent).
            for value in MALFORMED[kind] if kind in ("date", "datetime-local") else [next(rotation[kind])]:
                data = form.baseline()
                if kind == "file":
                    upload = SimpleUploadedFile("import.json", value, content_type="application/json")
                    _check(client, role, form, data, sweep, what=f"{item.name}=<file>", files={item.name: upload})
                    continue
                data[item.name] = [value]
                implausible = value if value in IMPLAUSIBLE_DATES else ""
                _check(client, role, form, data, sweep, what=f"{item.name}={value[:30]!r}", implausible=implausible)
            if kind == "file":
                files[item.name] = SimpleUploadedFile("import.json", MALFORMED["file"][2])
            else:
                everything[item.name] = [MALFORMED[kind][0]]
        _check(client, role, form, everything, sweep, what="every field malformed", files=files)


def _junk_query_strings(client: Client, role: str, sweep: Sweep) -> None:
    junk = [("page", "-1"), ("page", "99999999999999999999"), ("page", NUL), ("q", TEN_KB), ("x", MARKUP)]
    patterns = {}
    for url in sweep.pages:
        patterns.setdefault(resolve(urlsplit(url).path).route, url)
    for url in patterns.values():
        path, query = urlsplit(url).path, parse_qsl(urlsplit(url).query)
        response = client.get(path + "?" + urlencode(query + junk))
        if response.status_code >= 500:
            sweep.fail(role, f"GET {path} with junk query → {response.status_code}")


def _export_cells(response) -> list[str]:
    kind = response.get("Content-Type", "")
    if "csv" in kind:
        text = response.content.decode("utf-8-sig", errors="replace")
        return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    return []


def _stored_payloads_are_harmless(client: Client, role: str, forms: dict[tuple, Form], sweep: Sweep) -> None:
    """Store the markup and formula payloads for real, then read every page and export of the role."""
    for form in forms.values():
        if form.method != "post":
            continue
        data = form.baseline()
        for item in form.fields:
            if item.kind in ("text", "textarea") and not item.name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
                data[item.name] = [f"{FORMULA} {MARKUP}"]
        session = client.cookies.get("sessionid")
        response = _send(client, form, data)
        if session is not None:
            client.cookies["sessionid"] = session.value
        if response.status_code >= 500:
            sweep.fail(role, f"storing the payloads through {form.view_name} → {response.status_code}")
    for url in dict.fromkeys(sweep.pages):
        response = client.get(url)
        if response.status_code >= 500:
            sweep.fail(role, f"GET {url} after the payloads → {response.status_code}")
        elif MARKUP in response.content.decode(errors="replace"):
            sweep.fail(role, f"GET {url}: a stored markup payload shown unescaped")
    for url in dict.fromkeys(sweep.exports):
        for cell in _export_cells(client.get(url)):
            if "jour-formula" in cell and cell[:1] in "=+-@\t\r":
                sweep.fail(role, f"GET {url}: an export cell would run as a formula: {cell[:40]!r}")


@pytest.fixture
def demo(db):
    profile = ShelterProfile.load()
    profile.name = "Kvinnojouren Svep"
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    users = {
        "samordnare": UserFactory(role=Role.COORDINATOR, username="samordnare"),
        "personal": UserFactory(role=Role.STAFF, username="personal"),
        "personal2": UserFactory(role=Role.STAFF, username="personal2"),
        "kontaktkvinna": UserFactory(role=Role.VOLUNTEER, username="kontaktkvinna"),
        "kontaktkvinna2": UserFactory(role=Role.VOLUNTEER, username="kontaktkvinna2"),
    }
    for seeder in seeders():
        seeder.seed(scale="demo", rng=rng_for(2026, seeder.name), users=users)
    return users


def test_no_form_gives_a_500_a_half_save_or_unescaped_output_as_any_role(demo):
    random.seed(16)
    clients = {
        "anonymous": Client(raise_request_exception=False),
        "contact woman": signed_in_client(demo["kontaktkvinna"], Client(raise_request_exception=False)),
        "staff": signed_in_client(demo["personal"], Client(raise_request_exception=False)),
        "coordinator": signed_in_client(demo["samordnare"], Client(raise_request_exception=False)),
    }
    sweep = Sweep()
    found: dict[str, dict] = {}
    for role, client in clients.items():
        sweep.pages = []
        sweep.exports = []
        found[role] = _crawl(client, role, sweep, start="/account/login/" if role == "anonymous" else "/")
        _submit_malformed(client, role, found[role], sweep)
        _junk_query_strings(client, role, sweep)
        if role == "coordinator":  # she reads every page and export: store the payloads, then read them all
            everyone = {key: form for forms in found.values() for key, form in forms.items()}
            _stored_payloads_are_harmless(client, role, everyone, sweep)
    assert sweep.failures == [], "\n".join(sweep.failures)

    # Every form the roles have was found, and every kind of field was tried.
    assert sum(len(forms) for forms in found.values()) >= 60, {r: len(f) for r, f in found.items()}
    assert set(sweep.kinds) >= {"date", "datetime-local", "number", "text", "textarea", "select", "checkbox"}
    assert set(sweep.kinds) >= {"hidden", "file", "password"}
