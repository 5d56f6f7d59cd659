"""An officer's path through the demo case, in a real browser against the live server."""

from pathlib import Path

import pytest
from django.urls import reverse

from remiss.consultations.models import SectionKind
from remiss.demo.services import CASE_NUMBER, DATA_DIR, HUDDINGE, HUDDINGE_FILE, SECTIONS

from .support import main_text, path_re, sha256_of, sign_in

FOCUS_AREAS = [spec for spec in SECTIONS if spec.kind == SectionKind.INRIKTNINGSOMRADE]


@pytest.mark.browser
def test_an_officer_can_sign_in_and_open_huddinges_answer(page, demo, officer, tmp_path):
    page.goto(reverse("accounts:login"))
    sign_in(page)
    page.wait_for_url(path_re(reverse("consultations:list")))

    page.get_by_role("row").filter(has_text=CASE_NUMBER).get_by_role("link").first.click()
    page.wait_for_url(path_re(reverse("consultations:detail", args=[demo.pk])))
    text = main_text(page)
    assert CASE_NUMBER in text
    assert [spec.number for spec in FOCUS_AREAS] == ["2.1", "2.2", "2.3", "2.4"]
    for spec in FOCUS_AREAS:
        assert f"{spec.number} {spec.title}" in text, f"focus area {spec.number} is not shown"
    recipient_list = page.locator("#recipients ~ table").first
    assert recipient_list.get_by_role("row").filter(has_text=HUDDINGE).count() == 1

    page.get_by_role("link", name=HUDDINGE, exact=True).click()
    answer = demo.responses.get(organisation__name=HUDDINGE)
    page.wait_for_url(path_re(reverse("responses:detail", args=[answer.pk])))
    assert "Södertörns Högskola" in main_text(page)

    shown = page.locator("xpath=//dt[normalize-space()='SHA-256']/following-sibling::dd[1]")
    shown_sha256 = shown.inner_text().strip()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=HUDDINGE_FILE).click()
    download = download_info.value
    assert download.suggested_filename == HUDDINGE_FILE
    saved = tmp_path / "downloaded"
    download.save_as(saved)
    downloaded = saved.read_bytes()

    expected = sha256_of(Path(DATA_DIR / HUDDINGE_FILE).read_bytes())
    assert sha256_of(downloaded) == shown_sha256
    assert shown_sha256 == expected


@pytest.mark.browser
def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(page, demo, officer):
    wanted = reverse("consultations:detail", args=[demo.pk])
    page.goto(wanted)
    page.wait_for_url(path_re(reverse("accounts:login")))
    assert page.url.endswith(f"?next={wanted}")
    assert page.locator("#id_username").is_visible()
    assert CASE_NUMBER not in main_text(page)

    sign_in(page)
    page.wait_for_url(path_re(wanted))
    assert CASE_NUMBER in main_text(page)


@pytest.mark.browser
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(signed_in, demo):
    page = signed_in
    page.goto(reverse("consultations:list"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            return {
                tag: element.tagName,
                href: element.getAttribute("href"),
                left: element.getBoundingClientRect().left,
            };
        }"""
    )
    assert focused["tag"] == "A" and focused["href"] == "#main", f"first Tab stop: {focused}"
    assert focused["left"] >= 0, "the focused skip link is off screen"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), (
        "Tab after the skip link should continue inside main"
    )
