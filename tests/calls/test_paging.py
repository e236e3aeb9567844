"""The contact list counts at most COUNT_CAP rows; above that it pages with Previous and Next (issue 9)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from jour.calls import paging, views
from jour.calls.models import SupportContact
from jour.calls.paging import CappedPaginator

from .factories import SupportContactFactory

STHLM = ZoneInfo("Europe/Stockholm")
LIST = reverse("calls:contact_list")


@pytest.fixture
def twelve(staff):
    return [
        SupportContactFactory(staff=staff, started_at=dt.datetime(2026, 1, 1 + i, 9, tzinfo=STHLM), channel=channel)
        for i, channel in enumerate(["phone"] * 9 + ["chat"] * 3)
    ]


def _newest_first():
    return SupportContact.objects.order_by("-started_at", "-id")


def test_under_the_cap_it_is_django_paginator(twelve):
    ours, django = CappedPaginator(_newest_first(), 5, cap=12), Paginator(_newest_first(), 5)
    assert (ours.count, ours.num_pages, ours.capped) == (12, 3, False)
    for number in (1, 2, 3):
        a, b = ours.page(number), django.page(number)
        assert (list(a), a.has_next(), a.has_previous(), a.start_index(), a.end_index()) == (
            list(b),
            b.has_next(),
            b.has_previous(),
            b.start_index(),
            b.end_index(),
        )
    assert ours.get_page(99).number == 3


def test_above_the_cap_it_counts_no_further_and_still_walks_every_page(twelve, django_assert_num_queries):
    paginator = CappedPaginator(_newest_first(), 5, cap=4)
    with django_assert_num_queries(2):  # the capped count and the page's rows (one more than a page)
        first = paginator.page(1)
        assert paginator.capped and paginator.count == 5
    assert (first.has_next(), first.has_previous(), first.start_index(), first.end_index()) == (True, False, 1, 5)
    seen = list(first)
    page = first
    while page.has_next():
        page = paginator.page(page.next_page_number())
        seen += list(page)
    assert page.number == 3 and not page.has_next() and page.has_previous()
    assert (page.start_index(), page.end_index()) == (11, 12)
    assert seen == list(_newest_first())


def test_above_the_cap_a_bad_page_number_gives_the_first_or_the_last_page(twelve):
    paginator = CappedPaginator(_newest_first(), 5, cap=4)
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page("0").number == 3  # Django's rule: out of range is the last page
    last = paginator.get_page("99")
    assert last.number == 3 and len(last) == 2
    assert paginator.get_page("1" + "0" * 22).number == 3  # beyond any OFFSET PostgreSQL takes: not a 500


def test_a_huge_page_number_on_the_list_is_its_last_page(staff_client, twelve, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    response = staff_client.get(LIST, {"page": "1" + "0" * 22})
    assert response.status_code == 200 and response.context["page"].number == 3


def test_the_list_page_above_the_cap(staff_client, twelve, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    staff_client.get(LIST)  # the session's first request
    with django_assert_max_num_queries(20) as uncapped:
        staff_client.get(LIST)
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    with django_assert_max_num_queries(len(uncapped)):  # the same queries
        html = staff_client.get(LIST).content.decode()
    assert "Fler än 10 rader" in html and "Sida 1<" in html and "Föregående" not in html
    assert "?page=2" in html  # Next
    response = staff_client.get(LIST, {"page": 2})
    assert len(response.context["page"]) == 2
    html = response.content.decode()
    assert "?page=1" in html and "?page=3" not in html  # Previous, no Next

    # A filter brings the list under the cap: the exact total and the page count again.
    html = staff_client.get(LIST, {"channel": "phone"}).content.decode()
    assert "9 rader" in html and "Fler än" not in html


def test_the_next_link_keeps_the_filters(staff_client, twelve, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    html = staff_client.get(LIST, {"channel": "phone", "page": "1"}).content.decode()
    assert "Fler än 3 rader" in html and "?channel=phone&amp;page=2" in html
