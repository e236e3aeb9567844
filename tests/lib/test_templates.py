"""The one form page and the one pagination bar (jour/lib/templates/lib/)."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from jour.calls.models import SupportContact
from jour.calls.paging import CappedPaginator


def _pagination(page, query: str = "") -> str:
    request = RequestFactory().get(f"/list/{query}")
    with translation.override("sv"):
        return render_to_string("lib/pagination.html", {"page": page, "request": request})


def test_the_bar_counts_the_rows_and_keeps_the_query():
    html = _pagination(Paginator(list(range(45)), 20).get_page(2), "?q=x&page=2")
    assert "45 rader" in html and "Sida 2 av 3" in html
    assert 'href="?q=x&amp;page=1"' in html and 'href="?q=x&amp;page=3"' in html


def test_one_page_shows_only_the_count():
    html = _pagination(Paginator(["a"], 20).get_page(1))
    assert "1 rad" in html and "pagination" not in html


def test_a_capped_list_says_more_than_and_has_no_page_total(db):
    paginator = CappedPaginator(SupportContact.objects.none(), 20, cap=0)
    paginator.__dict__["count"] = 1  # one row beyond a cap of none: "more"
    html = _pagination(paginator.get_page(1))
    assert "Fler än 0 rader" in html and "Sida 1<" in html and " av " not in html


class _Form(forms.Form):
    name = forms.CharField(label="Namn")


def test_the_form_page_has_its_title_the_form_and_cancel_back(rf, db):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("sv"):
        html = render_to_string(
            "lib/form.html", {"form": _Form(), "title": "Nytt ämne", "back": "home"}, request=request
        )
    assert '<h1 class="h3">Nytt ämne</h1>' in html and 'name="name"' in html and "csrfmiddlewaretoken" in html
    assert 'href="/">Avbryt</a>' in html


def test_the_form_page_shows_a_subtitle_and_a_hint_and_cancels_to_a_url(rf, db):
    request = rf.get("/")
    request.user = AnonymousUser()
    context = {"form": _Form(), "title": "T", "subtitle": "Underrubrik", "hint": "Ett tips", "back_url": "/x/?y=1"}
    html = render_to_string("lib/form.html", context, request=request)
    assert '<p class="text-muted">Underrubrik</p>' in html and '<p class="small text-muted">Ett tips</p>' in html
    assert 'href="/x/?y=1">' in html
