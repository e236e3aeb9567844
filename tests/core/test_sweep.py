"""The sweep: every form the crawler finds, as each role, submitted with malformed values (issue 16).

On the demo data, a crawler signs in as each role (anonymous, contact woman, staff, coordinator), follows the
links of every page (two pages per URL pattern, one where an earlier role crawled it) and collects every form.
Each form is then submitted with its own values but one field malformed, and once with every field malformed at
once. The malformed values come in classes — year 9999 and 1899 dates, 10 kB texts, NUL bytes, formula and
markup payloads, numbers out of range, forged choices, forged counts and ids, broken import files — and every
form gets each class that fits one of its fields at least once and each kind of field it has at least once, plus
a few more (field, value) pairs drawn at random. The draw is seeded (`JOUR_SWEEP_SEED`, default 16, named in a
failure) so a failure is reproducible; `JOUR_SWEEP_ALL=1` sends every value of every class to every field
instead (a deep run, ~10x longer). A form two roles share is swept once. Each submit runs in a savepoint rolled
back afterwards, so every form sees the same data. The sweep fails on:

- any 500;
- a half-save: a refused submit (the page shows an error) that changed a table of the apps' data;
- unescaped output: the markup payload back in a page as markup;
- an implausible date not refused next to its field (a filter's GET as much as a POST);

and, after a last round in which each role stores the payloads for real through her forms, on any page she
crawled or was sent to by a save showing them unescaped, and on any CSV/XLSX export cell that would run as a
formula. Every role must have found her forms, and every class and field kind must have been tried.

    make pytest PYTEST_ARGS="tests/core/test_sweep.py"                      # ~1 min, in make test
    JOUR_SWEEP_SEED=7 make pytest PYTEST_ARGS="tests/core/test_sweep.py"    # another draw
    JOUR_SWEEP_ALL=1 make pytest PYTEST_ARGS="tests/core/test_sweep.py"     # the deep run
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
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
TEXTUAL = ("text", "textarea", "search", "email", "password", "tel")
CHOICES = ("select", "checkbox", "radio")
# A class of malformed value → the kinds of field it is sent to → the values that stand for it.
MALFORMED: dict[str, dict[str, tuple]] = {
    "year 9999": {"date": ("9999-12-31",), "datetime-local": ("9999-12-31T23:59",)},
    "year 1899": {"date": ("1899-12-31",), "datetime-local": ("1899-12-31T00:00",)},
    "10 kB text": dict.fromkeys(TEXTUAL, (TEN_KB,)),
    "NUL byte": dict.fromkeys((*TEXTUAL, *CHOICES, "number", "hidden"), (NUL,)),
    # Both carry the markup: whichever the draw sends, an unescaped echo shows.
    "formula and markup": dict.fromkeys((*TEXTUAL, "select"), (MARKUP, f"{FORMULA} {MARKUP}")),
    "number out of range": {"number": ("-1", "99999999999999999999999", "-99999999999999999999999", "1e308", "NaN")},
    "forged choice": dict.fromkeys(CHOICES, ("999999999999999999999", "-1", MARKUP)),
    "forged count or id": {"hidden": ("-1", "99999999999999999999", NUL)},
    "broken import file": {
        "file": (b"\x00\xff\xfe not utf-8", b"[" * 100_000, b'{"name": "x\\u0000y", "places": 1e999}')
    },
}
KINDS = {kind for by_kind in MALFORMED.values() for kind in by_kind}


def _values(*classes: str) -> set:
    return {value for name in classes or MALFORMED for values in MALFORMED[name].values() for value in values}


IMPLAUSIBLE_DATES = _values("year 9999", "year 1899")
EXTRA_PER_FORM = 2  # (field, value) pairs drawn at random beyond each class and kind once
SEED = int(os.environ.get("JOUR_SWEEP_SEED", "16"))
EVERYTHING = os.environ.get("JOUR_SWEEP_ALL") == "1"
# Written by any request, also a refused one (the audit trail, the session, lockout counters, two-factor
# throttling, the statistics version triggers): not the apps' data.
NOT_APP_DATA = re.compile(r"^(audit_|django_session|axes_|otp_|calls_monthversion|calls_statisticsversion)")
FIELD_TAG = re.compile(r"<(?:input|select|textarea)\b[^>]*>")
ERROR_MARKUP = re.compile(r'class="[^"]*(invalid-feedback|is-invalid|errorlist|alert-danger)')
# Pages crawled per URL pattern: two (the second often in another state: a protected woman, another register),
# one where an earlier role crawled the pattern already (the coordinator on the staff's pages).
PAGES_PER_PATTERN = 2
NEVER_SUBMITTED = {"accounts:logout"}  # ends the session the sweep runs in
# Stored for real, these would act on the signed-in account rather than store a payload (her own two-factor
# reset signed the coordinator out of every page after it, her password, her language).
NEVER_STORED = {
    "accounts:login",
    "accounts:password_change",
    "accounts:backup_codes",
    "accounts:user_reset_2fa",
    "set_language",
}
NEVER_MALFORMED = {"csrfmiddlewaretoken"}  # a forged token is refused by Django before any of our code runs


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
    pages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # per role
    exports: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    swept: set = field(default_factory=set)
    classes: Counter = field(default_factory=Counter)
    values: set = field(default_factory=set)
    junk_swept: set = field(default_factory=set)
    crawled: set = field(default_factory=set)  # the URL patterns earlier roles crawled
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))

    def fail(self, role: str, what: str) -> None:
        self.failures.append(f"{role}: {what} [JOUR_SWEEP_SEED={SEED}]")


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
            sweep.exports[role].append(url)
        if "html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        sweep.pages[role].append(url)
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
            if seen_per_pattern[pattern] < (1 if pattern in sweep.crawled else PAGES_PER_PATTERN):
                seen_per_pattern[pattern] += 1
                queue.append(href)
    sweep.crawled |= set(seen_per_pattern)
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


def _refused_next_to(body: str, name: str) -> bool:
    """Whether the page shows the field of this name refused: the field marked invalid, or an error message
    between it and the next field."""
    tags = list(FIELD_TAG.finditer(body))
    for index, tag in enumerate(tags):
        if f'name="{name}"' not in tag.group(0):
            continue
        if "is-invalid" in tag.group(0) or 'aria-invalid="true"' in tag.group(0):
            return True
        if ERROR_MARKUP.search(body, tag.end(), tags[index + 1].start() if index + 1 < len(tags) else len(body)):
            return True
    return False


def _check(client, role, form, data, sweep, *, what: str, files=None, implausible: tuple[str, str] = ()) -> None:
    """One submit in a savepoint rolled back afterwards. `implausible`: the date field and its implausible value,
    which must be refused next to the field — by a filter's GET as by a POST."""
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
        if implausible and (
            response.status_code == 302 or response.status_code == 200 and not _refused_next_to(body, implausible[0])
        ):
            sweep.fail(role, f"{where}: the implausible date {implausible[1]!r} was accepted")
        if response.status_code == 302 and response["Location"].startswith("/"):
            followed = client.get(response["Location"])
            if followed.status_code >= 500:
                sweep.fail(role, f"{where}, then GET {response['Location']} → {followed.status_code}")
            elif MARKUP in followed.content.decode(errors="replace"):
                sweep.fail(role, f"{where}, then GET {response['Location']}: the markup payload unescaped")
        transaction.set_rollback(True)
    if session is not None:
        client.cookies["sessionid"] = session.value


def _kind(item: Field) -> str:
    return item.kind if item.kind in KINDS else "text"


def _malformed_submits(form: Form, rng: random.Random) -> list[tuple[Field, str, str | bytes]]:
    """The (field, class, value) triples a form is sent: each class that fits one of its fields once, on a kind
    of field not tried yet where there is one; year 9999 in every date field (the plausible window is a rule per
    field, and a date that far out overflows the arithmetic after it); each kind left once; then EXTRA_PER_FORM
    drawn at random."""
    pairs = [(item, name) for item in form.fields if item.name not in NEVER_MALFORMED for name in MALFORMED]
    pairs = [(item, name) for item, name in pairs if _kind(item) in MALFORMED[name]]
    if EVERYTHING:
        return [(item, name, value) for item, name in pairs for value in MALFORMED[name][_kind(item)]]
    rng.shuffle(pairs)
    chosen, kinds = [], set()
    for name in MALFORMED:
        fitting = [pair for pair in pairs if pair[1] == name]
        if fitting:
            pick = next((pair for pair in fitting if _kind(pair[0]) not in kinds), fitting[0])
            chosen.append(pick)
            kinds.add(_kind(pick[0]))
    chosen += [pair for pair in pairs if pair[1] == "year 9999" and pair not in chosen]
    for pair in pairs:
        if _kind(pair[0]) not in kinds:
            chosen.append(pair)
            kinds.add(_kind(pair[0]))
    chosen += [pair for pair in pairs if pair not in chosen][:EXTRA_PER_FORM]
    return [(item, name, rng.choice(MALFORMED[name][_kind(item)])) for item, name in chosen]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("import.json", content, content_type="application/json")


def _submit_malformed(client: Client, role: str, forms: dict[tuple, Form], sweep: Sweep) -> None:
    for key, form in forms.items():
        # A form two roles share (most of staff's and the coordinator's) is swept by the first that finds it:
        # the same view and fields, the same code path; the suite's time goes to forms not yet swept.
        if key in sweep.swept:
            continue
        sweep.swept.add(key)
        for item, name, value in _malformed_submits(form, sweep.rng):
            sweep.kinds[_kind(item)] += 1
            sweep.classes[name] += 1
            sweep.values.add(value)
            data = form.baseline()
            if isinstance(value, bytes):
                _check(client, role, form, data, sweep, what=f"{item.name}=<{name}>", files={item.name: _upload(value)})
                continue
            data[item.name] = [value]
            implausible = (item.name, value) if value in IMPLAUSIBLE_DATES else ()
            _check(client, role, form, data, sweep, what=f"{item.name}={value[:30]!r}", implausible=implausible)
        everything, files = form.baseline(), {}
        for item in form.fields:
            if item.name in NEVER_MALFORMED:
                continue
            value = sweep.rng.choice([v for by_kind in MALFORMED.values() for v in by_kind.get(_kind(item), ())])
            if isinstance(value, bytes):
                files[item.name] = _upload(value)
            else:
                everything[item.name] = [value]
        _check(client, role, form, everything, sweep, what="every field malformed", files=files)


def _junk_query_strings(client: Client, role: str, sweep: Sweep) -> None:
    junk = [("page", "-1"), ("page", "99999999999999999999"), ("page", NUL), ("q", TEN_KB), ("x", MARKUP)]
    patterns = {}
    for url in sweep.pages[role]:
        patterns.setdefault(resolve(urlsplit(url).path).route, url)
    for route, url in patterns.items():
        # A page two roles share answers the same junk through the same code: tried once.
        if route in sweep.junk_swept:
            continue
        sweep.junk_swept.add(route)
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


def _stored_payloads_are_harmless(
    client: Client, reader: Client, role: str, forms: dict[tuple, Form], sweep: Sweep
) -> None:
    """Store the markup and formula payloads for real through the role's forms, then read every page and
    export she crawled and every page a save led to — with `reader`, signed in afresh as her, since a form
    swept here may have changed her own session."""
    stored_at: list[str] = []
    for form in forms.values():
        if form.method != "post" or form.view_name in NEVER_STORED:
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
        elif response.status_code == 302 and response["Location"].startswith("/") and _crawlable(response["Location"]):
            stored_at.append(response["Location"])  # the page showing what was just stored, often not crawled
    for url in dict.fromkeys(sweep.pages[role] + stored_at):
        response = reader.get(url)
        if response.status_code == 302 and urlsplit(response["Location"]).path.startswith("/account/"):
            sweep.fail(role, f"GET {url} after the payloads was sent to sign in ({response['Location']}): unread")
        elif response.status_code >= 500:
            sweep.fail(role, f"GET {url} after the payloads → {response.status_code}")
        elif MARKUP in response.content.decode(errors="replace"):
            sweep.fail(role, f"GET {url}: a stored markup payload shown unescaped")
    for url in dict.fromkeys(sweep.exports[role]):
        for cell in _export_cells(reader.get(url)):
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
    accounts = {"contact woman": demo["kontaktkvinna"], "staff": demo["personal"], "coordinator": demo["samordnare"]}

    def client_for(role: str) -> Client:
        client = Client(raise_request_exception=False)
        return signed_in_client(accounts[role], client) if role in accounts else client

    clients = {role: client_for(role) for role in ("anonymous", *accounts)}
    sweep = Sweep()
    found: dict[str, dict] = {}
    for role, client in clients.items():
        found[role] = _crawl(client, role, sweep, start="/account/login/" if role == "anonymous" else "/")
        _submit_malformed(client, role, found[role], sweep)
        _junk_query_strings(client, role, sweep)
    # Last, since these saves are kept: each role stores the payloads through the forms she found first (the
    # coordinator's last: her erasures and deletions would hide what the others stored) and reads them back.
    stored = set()
    for role in accounts:
        own = {key: form for key, form in found[role].items() if key not in stored}
        stored |= set(own)
        _stored_payloads_are_harmless(clients[role], client_for(role), role, own, sweep)
    assert sweep.failures == [], "\n".join(sweep.failures)

    # Each role found her forms (a sign-in lost on the way would leave the crawler on the login page), and every
    # class and kind of field was tried.
    views = {role: {form.view_name for form in forms.values()} for role, forms in found.items()}
    assert "accounts:login" in views["anonymous"]
    assert "volunteers:my_meeting" in views["contact woman"]
    assert {"residents:resident_journal", "calls:contact_create", "plans:orientation"} <= views["staff"]
    assert {"audit:log", "accounts:user_create", "reporting:report_questions"} <= views["coordinator"]
    assert len(sweep.swept) >= 90, {role: len(forms) for role, forms in found.items()}
    assert set(sweep.kinds) >= {"date", "datetime-local", "number", "text", "textarea", "select", "checkbox"}
    assert set(sweep.kinds) >= {"hidden", "file", "password"}
    assert set(sweep.classes) == set(MALFORMED)
    if EVERYTHING:
        assert sweep.values == _values()
