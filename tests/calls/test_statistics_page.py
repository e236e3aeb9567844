"""The statistics page and its CSV export."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.calls.stats import RULE_UNIQUE_PERSONS
from jour.shelter.models import Municipality, ShelterProfile

from .factories import SupportContactFactory

STHLM = ZoneInfo("Europe/Stockholm")
URL = reverse("calls:statistics")


def _data(staff):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    SupportContactFactory(
        staff=staff, started_at=dt.datetime(2026, 2, 1, 10, tzinfo=STHLM), residence="municipality",
        municipality_id="0136", violence_types=["physical"],
    )  # fmt: skip
    SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 3, 1, 10, tzinfo=STHLM), kind="prank")
    SupportContactFactory(staff=staff, started_at=dt.datetime(2025, 3, 1, 10, tzinfo=STHLM))


@time_machine.travel("2026-11-01 10:00 +0100", tick=False)
def test_default_is_this_year_with_rules_next_to_the_numbers_and_an_svg_without_javascript(staff_client, staff):
    _data(staff)
    response = staff_client.get(URL)
    stats = response.context["stats"]
    assert (stats.start, stats.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (stats.support_contacts, stats.non_data_contacts, stats.persons.total) == (1, 1, 1)
    html = response.content.decode()
    assert str(RULE_UNIQUE_PERSONS)[:40] in html and "Unika personer" in html
    assert html.count("<svg") >= 4 and "<rect" in html
    # Coordinates with a dot in Swedish too ("270,0" is no SVG number: the bars would not be drawn).
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="\d+\.\d"', html)
    assert not re.search(r'(x|y|width|height)="\d+,\d', html)
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert 'data-testid="support-contacts">1<' in html


def test_any_period(staff_client, staff):
    _data(staff)
    response = staff_client.get(URL, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.context["stats"].support_contacts == 1
    assert response.context["stats"].start == dt.date(2025, 1, 1)


@time_machine.travel("2026-11-01 10:00 +0100", tick=False)
def test_a_bad_period_shows_an_error_and_falls_back_to_this_year(staff_client, staff):
    response = staff_client.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert "Slutdatumet" in response.content.decode()
    assert response.context["stats"].start == dt.date(2026, 1, 1)


def test_csv_export_is_audited_and_holds_the_numbers(staff_client, staff):
    _data(staff)
    response = staff_client.get(reverse("calls:statistics_csv"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="stodlinjen-statistik-20260101-20261231.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Rad", "Värde"]
    table = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert table[("Kontakter", "Stödkontakter")] == "1"
    assert table[("Kontakter", "Räknas inte som stöd")] == "1"
    assert table[("Unika personer", "I kommunen")] == "1"
    assert table[("Våldsformer", "Fysiskt")] == "1"
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.object_type == "calls.supportcontact" and event.detail["format"] == "csv"
    assert event.detail["rows"] == len(rows) - 1
