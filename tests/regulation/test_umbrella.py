"""The umbrella statistics of a year, on a fixed dataset, against numbers computed by hand (the table below).

Year 2025, seen from 1 March 2026.

Support line (data kinds only; c9 is a silent call, c10 is from 2024):
    n    person  channel  caller        age     violence / topics
    c1   r1      phone    woman         –       physical, psychological
    c2   r1      chat     woman         –       psychological / children
    c3   r2      sms      woman         –       sexual                     (r2's code: under 18 → a girl)
    c4   –       email    relative      –       physical
    c5   –       phone    professional  –       –                          (kind information)
    c6   –       meeting  man           –       psychological
    c7   –       chat     trans         –       digital
    c8   –       phone    woman         18–25   honour / children
    c12  r3      phone    relative      –       –                          (5 Jan)
    c13  r3      phone    woman         –       –                          (1 Jun: her latest, so a woman)
  → 10 support contacts: phone 5, e-mail 1, chat 2, SMS 1, meeting 1.
  → 8 persons: women r1, r3, c8 = 3; girls r2 = 1; men 1; trans 1; relatives 1; professionals 1.
  → physical 2, psychological 3, sexual 1, digital 1, honour 1; children/custody 2.

Housing:
    W1  1–21 Mar (20 nights) with two children (40), and 1–11 Jun (10 nights) alone
    W2  20 Dec 2024 – 10 Jan 2025: 9 nights in 2025, with one child (9)
    W3  25 Dec 2025, still here: 7 nights in 2025
  → women 3, children 3; women's nights 20 + 10 + 9 + 7 = 46, children's 49; 46 / 3 = 15,3 per woman.

Requests (q8 is from 31 Dec 2024):
    q1 turned away, full (1 + 2)   q2 turned away, competence (1)   q3 admitted (1 + 1)   q4 offered, not taken (1)
    q5 referred (1)                q6 withdrawn (1)                 q7 pending (1)
  → 7 requests, 7 adults, 3 children; offered 2 (2 + 1); turned away 2 (2 + 2): full 1, competence 1.

Volunteers: two contact women with held meetings in 2025 (2 h and 1,5 h; one has ended since);
staffing entered: 4 employees, 3,5 full-time equivalents, 6 other volunteers with 420 hours.
  → active contact women 2, their hours 3,5; volunteers 8, hours 423,5.
"""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from jour.audit.models import Action, AuditEvent
from jour.calls.models import Residence
from jour.shelter.models import Municipality, ShelterProfile
from regulation.models import RequestOutcome, RequestSource, StaffingYear, TurnedAwayReason
from regulation.output import umbrella_document
from regulation.umbrella import umbrella_statistics
from tests.calls.factories import RecurringContactFactory, SupportContactFactory
from tests.residents.factories import ChildFactory, ChildStayFactory, StayFactory
from tests.volunteers.factories import MatchFactory, MeetingFactory, VolunteerProfileFactory, held
from volunteers.models import VolunteerStatus

from .factories import PlacementRequestFactory

TZ = ZoneInfo("Europe/Stockholm")


def at(y, m, d, hh=10):
    return dt.datetime(y, m, d, hh, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


@pytest.fixture
def year(db, staff):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    home = {"residence": Residence.MUNICIPALITY, "municipality_id": "0136"}
    r1 = RecurringContactFactory(created_by=staff, age_band="26-35", **home)
    r2 = RecurringContactFactory(created_by=staff, age_band="u18", **home)
    r3 = RecurringContactFactory(created_by=staff, **home)

    def contact(when, channel, caller, kind="support", **kw):
        for key, value in home.items():
            kw.setdefault(key, value)
        return SupportContactFactory(staff=staff, started_at=when, channel=channel, caller=caller, kind=kind, **kw)

    contact(at(2025, 2, 1), "phone", "woman", recurring_contact=r1, violence_types=["physical", "psychological"])
    contact(
        at(2025, 2, 8), "chat", "woman", recurring_contact=r1, violence_types=["psychological"], topics=["children"]
    )
    contact(at(2025, 3, 1), "sms", "woman", recurring_contact=r2, violence_types=["sexual"])
    contact(at(2025, 4, 1), "email", "relative", violence_types=["physical"])
    contact(at(2025, 4, 2), "phone", "professional", kind="information")
    contact(at(2025, 5, 1), "meeting", "man", violence_types=["psychological"])
    contact(at(2025, 5, 2), "chat", "trans", violence_types=["digital"])
    contact(at(2025, 6, 1), "phone", "woman", age_band="18-25", violence_types=["honour"], topics=["children"])
    contact(at(2025, 6, 2, 23), "phone", "unknown", kind="silent")
    contact(at(2024, 12, 31), "phone", "woman", violence_types=["physical"])
    contact(at(2025, 1, 5), "phone", "relative", recurring_contact=r3)
    contact(at(2025, 6, 1), "phone", "woman", recurring_contact=r3)

    w1 = StayFactory(intake=dt.date(2025, 3, 1), discharge=dt.date(2025, 3, 21))
    for _n in range(2):
        ChildStayFactory(stay=w1, child=ChildFactory(mother=w1.resident))
    StayFactory(resident=w1.resident, room=w1.room, intake=dt.date(2025, 6, 1), discharge=dt.date(2025, 6, 11))
    w2 = StayFactory(intake=dt.date(2024, 12, 20), discharge=dt.date(2025, 1, 10))
    ChildStayFactory(stay=w2, child=ChildFactory(mother=w2.resident))
    StayFactory(intake=dt.date(2025, 12, 25))

    def request(when, outcome, adults=1, children=0, **kw):
        answered = None if outcome == RequestOutcome.PENDING else when + dt.timedelta(hours=2)
        return PlacementRequestFactory(
            created_by=staff,
            received_at=when,
            answered_at=answered,
            outcome=outcome,
            adults=adults,
            children=children,
            **kw,
        )

    request(at(2025, 2, 1), RequestOutcome.TURNED_AWAY, children=2, turned_away_reason=TurnedAwayReason.FULL)
    request(
        at(2025, 3, 1),
        RequestOutcome.TURNED_AWAY,
        turned_away_reason=TurnedAwayReason.COMPETENCE,
        source=RequestSource.HERSELF,
    )
    request(at(2025, 4, 1), RequestOutcome.ADMITTED, children=1)
    request(at(2025, 5, 1), RequestOutcome.DECLINED)
    request(at(2025, 6, 1), RequestOutcome.REFERRED, source=RequestSource.OTHER_JOUR)
    request(at(2025, 7, 1), RequestOutcome.WITHDRAWN, source=RequestSource.HERSELF)
    request(at(2025, 8, 1), RequestOutcome.PENDING)
    request(at(2024, 12, 31, 23), RequestOutcome.TURNED_AWAY, turned_away_reason=TurnedAwayReason.FULL)

    active = VolunteerProfileFactory(status=VolunteerStatus.ACTIVE)
    held(MeetingFactory(match=MatchFactory(volunteer=active), starts_at=at(2025, 5, 5)), "2")
    ended = VolunteerProfileFactory(status=VolunteerStatus.ENDED)
    held(MeetingFactory(match=MatchFactory(volunteer=ended), starts_at=at(2025, 9, 9)), "1.5")
    StaffingYear.objects.create(
        year=2025, employees=4, full_time_equivalents=Decimal("3.5"), other_volunteers=6, other_volunteer_hours=420
    )


def _rows(statistics, key) -> dict:
    return {row[0]: row[1:] for row in statistics.table(key).rows}


def test_the_umbrella_statistics_of_the_year_match_the_hand_computed_values(year):
    stats = umbrella_statistics(year=2025)
    contacts = _rows(stats, "contacts")
    assert contacts["Stödkontakter, totalt"] == [10]
    assert [contacts[label][0] for label in ("Telefon", "E-post", "Chatt", "Sms", "Personligt möte")] == [5, 1, 2, 1, 1]
    persons = _rows(stats, "persons")
    assert persons["Unika personer, totalt"] == [8]
    assert [persons[label][0] for label in ("Kvinnor", "Flickor (under 18)", "Män", "Transpersoner")] == [3, 1, 1, 1]
    assert [persons[label][0] for label in ("Släktingar eller vänner", "Yrkesverksamma")] == [1, 1]
    reasons = _rows(stats, "reasons")
    assert [reasons[label][0] for label in ("Fysiskt", "Psykiskt", "Sexuellt", "Digitalt", "Hedersrelaterat")] == [
        2,
        3,
        1,
        1,
        1,
    ]
    assert reasons["Barn, vårdnad, boende och umgänge"] == [2]
    assert _rows(stats, "residents") == {"Kvinnor": [3], "Barn": [3]}
    assert _rows(stats, "nights") == {
        "Kvinnornas dygn": [46],
        "Barnens dygn": [49],
        "Genomsnittligt antal dygn per kvinna": [Decimal("15.3")],
    }
    requests = _rows(stats, "requests")
    assert requests["Förfrågningar, totalt"] == [7, 7, 3]
    assert requests["Erbjöds plats"] == [2, 2, 1]
    assert requests["Avvisade"] == [2, 2, 2]
    assert requests["– Ingen ledig plats"][0] == 1 and requests["– Saknar den kompetens som behövs"][0] == 1
    assert requests["Hänvisad till en annan jour"][0] == 1 and requests["Återtagna"][0] == 1
    staff = _rows(stats, "staff")
    assert staff["Aktiva kontaktkvinnor"] == [2] and staff["Kontaktkvinnornas ideella timmar"] == [Decimal("3.5")]
    assert staff["Ideella, totalt"] == [8] and staff["Ideella timmar, totalt"] == [Decimal("423.5")]
    assert staff["Anställda"] == [4] and staff["Heltidstjänster"] == [Decimal("3.5")]


def test_small_person_counts_are_suppressed_as_in_the_follow_up(year):
    document = umbrella_document(year=2025, suppress=True)
    persons = {row[0]: row[1] for row in next(t for t in document["tables"] if t["key"] == "persons")["rows"]}
    assert persons["Kvinnor"] == "3" and persons["Flickor (under 18)"] == "<3" and persons["Män"] == "<3"
    nights = {row[0]: row[1] for row in next(t for t in document["tables"] if t["key"] == "nights")["rows"]}
    assert nights["Genomsnittligt antal dygn per kvinna"] == "15,3"  # no person count: never suppressed
    shown = umbrella_document(year=2025, suppress=False)
    persons = {row[0]: row[1] for row in next(t for t in shown["tables"] if t["key"] == "persons")["rows"]}
    assert persons["Män"] == "1"


def test_the_page_and_its_files_carry_the_rules_and_are_audited(year, coordinator_client, staff_client):
    page = staff_client.get(reverse("regulation:statistics"), {"year": "2025", "suppress": "on"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unika personer" in html and "förfrågningar" in html.lower()
    assert staff_client.get(reverse("regulation:statistics_csv"), {"year": "2025"}).status_code == 404
    response = coordinator_client.get(reverse("regulation:statistics_csv"), {"year": "2025", "suppress": "on"})
    assert response["Content-Disposition"] == 'attachment; filename="paraplystatistik-2025.csv"'
    text = response.content.decode("utf-8-sig")
    assert "Förfrågningar om plats;Avvisade;Förfrågningar;<3" in text  # 2 requests: suppressed
    response = coordinator_client.get(reverse("regulation:statistics_pdf"), {"year": "2025", "suppress": "on"})
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Paraplystatistik 2025" in pdf_text and "Unika personer, totalt" in pdf_text
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="regulation.umbrellastatistics")
    assert sorted(e.detail["format"] for e in exports) == ["csv", "pdf"]


def test_the_year_costs_the_same_queries_with_more_data(year, staff):
    with CaptureQueriesContext(connection) as small:
        umbrella_statistics(year=2025)
    for n in range(30):
        SupportContactFactory(staff=staff, started_at=at(2025, 10, 1 + n % 28), channel="phone", caller="woman")
        PlacementRequestFactory(created_by=staff, received_at=at(2025, 11, 1 + n % 28))
    with CaptureQueriesContext(connection) as large:
        umbrella_statistics(year=2025)
    assert len(large) == len(small)
