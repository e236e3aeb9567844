"""The layout: the current section is marked for screen readers, the favicon exists, the administration is one menu."""

import re

from django.test import Client
from django.urls import reverse


def _current_links(html: str) -> list[str]:
    return re.findall(r'<a class="[^"]*active" aria-current="page" href="([^"]+)"', html)


def test_the_current_section_is_marked_with_aria_current(staff_client):
    html = staff_client.get(reverse("calls:contact_list")).content.decode()
    assert _current_links(html) == [reverse("calls:index")]
    html = staff_client.get(reverse("residents:board")).content.decode()
    assert _current_links(html) == [reverse("residents:index")]


def test_the_coordinators_administration_is_one_menu(coordinator_client, staff_client):
    html = coordinator_client.get(reverse("audit:log")).content.decode()
    assert 'data-testid="admin-menu"' in html
    assert _current_links(html) == [reverse("audit:log")]
    # Staff have no administration: the shelter page is a plain entry.
    html = staff_client.get(reverse("home")).content.decode()
    assert 'data-testid="admin-menu"' not in html
    assert f'href="{reverse("shelter:profile")}"' in html


def test_the_favicon_is_no_404(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in Client().get(reverse("accounts:login")).content.decode()


def test_every_label_starts_with_a_capital_letter(staff):
    from jour.calls.forms import SupportContactForm
    from residents.forms import StayForm
    from volunteers.forms import MeetingForm
    from volunteers.models import Match

    forms = [SupportContactForm(user=staff), StayForm(), MeetingForm(matches=Match.objects.none())]
    lower = [
        f"{form.__class__.__name__}.{b.name}: {b.label}" for form in forms for b in form if not b.label[:1].isupper()
    ]
    assert lower == []
    # The contact form's own field template shows the capitalised label too (it had "våldsformer").
    html = str(SupportContactForm(user=staff)["violence_types"].as_field_group())
    assert str(SupportContactForm(user=staff)["violence_types"].label) in html
