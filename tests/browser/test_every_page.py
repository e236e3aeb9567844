"""Every role's main pages — every entry of her menu — at a phone's and two desktops' widths, in Chromium.

A page fails on horizontal page overflow, on "Logga ut" out of view, on a console error, on a 4xx/5xx
response, on a request leaving 127.0.0.1 (the `page` fixture) and on any serious or critical axe-core
violation (axe is vendored in axe-playwright-python's wheel: nothing is downloaded at run time).

With JOUR_SCREENSHOTS=1 the walk also writes each role's start page to docs/images (see README).
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings

from jour.accounts.models import User
from jour.shelter.models import Municipality

from ..conftest import signed_in_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "laptop": (1280, 720), "desktop": (1366, 768)}
ROLES = ("samordnare", "personal", "kontaktkvinna")
SERIOUS = {"serious", "critical"}
IMAGES = Path(settings.BASE_DIR) / "docs" / "images"


@pytest.fixture
def demo(settings):
    """The demo data every `make run` shows: realistic records on every page, for every role."""
    settings.DEMO = True
    # Transactional tests empty every table afterwards, the migrations' municipalities and topics too.
    if not Municipality.objects.exists():
        import_module("jour.shelter.migrations.0002_load_municipalities").load(apps, None)
    # What `seed_demo --scale demo` does (the command exists only where the demo app is installed).
    from jour.demo.accounts import seed_accounts
    from jour.demo.registry import rng_for, seeders

    users = seed_accounts()
    for seeder in seeders():
        seeder.seed(scale="demo", rng=rng_for(2026, seeder.name), users=users)
    return {user.username: user for user in User.objects.filter(username__in=ROLES)}


def _sign_in(page, live_server, user) -> None:
    client = signed_in_client(user)
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


class Problems:
    """Console errors and failed responses seen while the page loads."""

    def __init__(self, page, origin: str):
        self.seen: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.seen.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.seen.append(f"script error: {error}"))
        page.on(
            "response",
            lambda response: response.status >= 400 and self.seen.append(f"{response.status} {response.url}"),
        )

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def _menu_urls(page, start: str) -> list[str]:
    """The start page and every entry of the main menu, the administration menu's included."""
    hrefs = page.eval_on_selector_all(
        "[data-testid=main-nav] a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys([start, *(h for h in hrefs if h.startswith("/"))]))


def _layout_problems(page, width: int, height: int) -> list[str]:
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
        )
        problems.append(f"page scrolls sideways by {overflow} px: {wide}")
    logout = page.get_by_test_id("logout")
    box = logout.bounding_box() if logout.count() else None
    if box is None or not logout.is_visible():
        problems.append("logout is not shown")
    elif box["x"] < 0 or box["x"] + box["width"] > width or box["y"] + box["height"] > height:
        problems.append(f"logout is outside the viewport: {box}")
    return problems


def _axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_fits_every_width_and_passes_axe(page, live_server, demo, username):
    user = demo[username]
    _sign_in(page, live_server, user)
    problems = Problems(page, live_server.url)
    found: dict[str, list[str]] = {}

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live_server.url}/")
    # The contact woman's start is her meetings: "/" sends her there.
    start = urlsplit(page.url).path
    urls = _menu_urls(page, start)
    assert len(urls) >= 2 or username == "kontaktkvinna", urls
    for url in urls:
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}{url}", wait_until="load")
            assert urlsplit(page.url).path == urlsplit(url).path, f"{url} went to {page.url}"
            page_problems = problems.take() + _layout_problems(page, width, height)
            if name == "laptop":
                page_problems += _axe_problems(page)
            if url == start and os.environ.get("JOUR_SCREENSHOTS") and name in ("phone", "desktop"):
                IMAGES.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=IMAGES / f"start-{user.role}-{name}.png", full_page=name == "desktop")
            if page_problems and os.environ.get("JOUR_DEBUG_SHOTS"):
                page.screenshot(path=f"/tmp/ui-shot-{username}-{url.strip('/').replace('/', '-')}-{width}.png")
            if page_problems:
                found[f"{url} at {width} px"] = page_problems
    assert found == {}, "\n".join(f"{where}: {p}" for where, ps in found.items() for p in ps)
