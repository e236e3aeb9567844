"""Ranking on a fixed set of candidates, the hard rules, and proposals (also crafted POSTs)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.residents.factories import ResidentFactory, StayFactory
from volunteers.matching import Wishes, rank_candidates
from volunteers.models import HelpArea, Match, MatchStatus

from .factories import MatchFactory, VolunteerProfileFactory, attend, circle_with_sessions, eligible_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return ResidentFactory(first_name="Noor", languages=["ar", "sv"])


@pytest.fixture
def candidates(django_user_model):
    """Four eligible contact women with known profiles, plus some who must never appear."""

    def make(first_name, **kwargs):
        profile = eligible_volunteer(**kwargs)
        profile.user.first_name = first_name
        profile.user.save()
        return profile

    return {
        # Arabic + walks + fika + 2 times + interest: 30 + 20 + 10 + 5 = 65
        "amal": make(
            "Amal",
            languages=["ar", "sv"],
            help_areas=[HelpArea.WALKS, HelpArea.FIKA],
            availability=["mon_evening", "tue_evening", "sat_morning"],
            interests="matlagning och promenader",
        ),
        # Arabic only: 30
        "berit": make("Berit", languages=["ar"], help_areas=[HelpArea.JOBS], availability=["fri_morning"]),
        # Swedish + walks + 1 time: 30 + 10 + 5 = 45
        "cecilia": make("Cecilia", languages=["sv", "en"], help_areas=[HelpArea.WALKS], availability=["mon_evening"]),
        # Somali only: no shared language → excluded
        "dalia": make("Dalia", languages=["so"], help_areas=[HelpArea.WALKS, HelpArea.FIKA]),
        # Full: capacity 1 with an active match → excluded
        "eva": make("Eva", languages=["ar"], capacity=1),
    }


WISHES = Wishes(
    languages=("ar", "sv"),
    activities=(HelpArea.WALKS, HelpArea.FIKA),
    times=("mon_evening", "tue_evening"),
    interests="Matlagning",
)


def test_ranking_gives_the_expected_order_and_reasons(resident, candidates):
    MatchFactory(volunteer=candidates["eva"])  # uses her one place
    not_trained = VolunteerProfileFactory(languages=["ar"], pledge_signed_on=date(2026, 1, 1))
    attend(not_trained, circle_with_sessions(), count=7)

    ranked, excluded = rank_candidates(resident=resident, wishes=WISHES)

    assert [(c.volunteer.user.first_name, c.score) for c in ranked] == [("Amal", 65), ("Cecilia", 45), ("Berit", 30)]
    amal = ranked[0]
    assert amal.reasons == [
        "Talar arabiska, svenska (+30)",
        "Kan hjälpa till med promenader, fika (+20)",
        "Tillgänglig 2 av 2 önskade tider (+10)",
        "Gemensamma intressen: matlagning (+5)",
    ]
    assert ranked[2].reasons == ["Talar arabiska (+30)"]
    why = {e.volunteer.user.first_name: " ".join(e.reasons) for e in excluded}
    assert set(why) == {"Dalia", "Eva"}
    assert "gemensamt språk" in why["Dalia"]
    assert "Ingen plats kvar" in why["Eva"]
    assert not_trained.pk not in [c.volunteer.pk for c in ranked] + [e.volunteer.pk for e in excluded]


def test_an_interpreter_lifts_the_language_rule(resident, candidates):
    ranked, _excluded = rank_candidates(resident=resident, wishes=Wishes(languages=("ar",), interpreter_arranged=True))
    assert "Dalia" in [c.volunteer.user.first_name for c in ranked]


def test_an_earlier_match_with_her_excludes_the_volunteer(resident, candidates):
    MatchFactory(
        volunteer=candidates["amal"],
        resident=resident,
        status=MatchStatus.ENDED,
        ended_on=date(2026, 2, 1),
        end_reason="completed",
    )
    ranked, excluded = rank_candidates(resident=resident, wishes=WISHES)
    assert "Amal" not in [c.volunteer.user.first_name for c in ranked]
    assert any("redan" in " ".join(e.reasons) for e in excluded if e.volunteer == candidates["amal"])


def _post(client, resident, volunteer_pk, **extra):
    data = {"languages": ["ar"], "activities": ["walks"], "propose": str(volunteer_pk), **extra}
    return client.post(reverse("volunteers:matching", args=[resident.pk]), data)


def test_staff_propose_from_the_ranked_list(staff_client, staff, resident, candidates):
    page = staff_client.post(reverse("volunteers:matching", args=[resident.pk]), {"languages": ["ar", "sv"]})
    assert page.status_code == 200
    assert "Amal" in page.content.decode()
    response = _post(staff_client, resident, candidates["amal"].pk)
    match = Match.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:match_detail", args=[match.pk])
    assert (match.status, match.volunteer, match.resident, match.proposed_by) == (
        MatchStatus.PROPOSED,
        candidates["amal"],
        resident,
        staff,
    )
    assert match.wished_languages == ["ar"] and match.score == 40


def test_a_crafted_post_for_an_ineligible_volunteer_is_refused(staff_client, resident):
    seven = VolunteerProfileFactory(languages=["ar"], pledge_signed_on=date(2026, 1, 1))
    attend(seven, circle_with_sessions(), count=7)
    response = _post(staff_client, resident, seven.pk)
    assert response.status_code == 200
    assert "7 av 8" in response.content.decode()
    assert not Match.objects.exists()


def test_a_crafted_post_past_the_hard_rules_is_refused(staff_client, resident, candidates):
    response = _post(staff_client, resident, candidates["dalia"].pk)  # no shared language
    assert response.status_code == 200
    assert "gemensamt språk" in response.content.decode()
    assert not Match.objects.exists()


def test_a_crafted_post_for_a_missing_volunteer_is_404(staff_client, resident):
    assert _post(staff_client, resident, 999999).status_code == 404
    assert not Match.objects.exists()


def test_matching_screen_offers_the_residents_languages(staff_client, resident):
    StayFactory(resident=resident)
    page = staff_client.get(reverse("volunteers:matching", args=[resident.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["languages"] == ["ar", "sv"]
