"""Fixtures for the browser tests: one Debian chromium per session, a fresh context per test.

Playwright's sync API keeps an event loop running in the main thread, which makes Django refuse
ORM calls from the test unless DJANGO_ALLOW_ASYNC_UNSAFE is set; it has to be set before the
first query, hence at import time.
"""

import os
from pathlib import Path

import pytest

from .support import OFFICER_PASSWORD, OFFICER_USERNAME

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright. Never downloads a browser of its own."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; install Debian's package: apt install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A new, empty browser context (no cookies) on a Swedish computer, aimed at the live server."""
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo case RS 2020-0780. Loaded inside the test, after the root conftest has pointed
    FILES_DIR at this test's private store, so Huddinge's original lands there."""
    from remiss.demo.services import demo_load

    return demo_load().consultation


@pytest.fixture
def officer(transactional_db, django_user_model):
    return django_user_model.objects.create_user(
        username=OFFICER_USERNAME, password=OFFICER_PASSWORD, role="handlaggare"
    )


@pytest.fixture
def signed_in(page, officer, live_server):
    """The page's context carries a session for the officer (the login form is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(officer)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page
