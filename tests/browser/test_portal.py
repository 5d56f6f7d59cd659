"""The respondent portal in Chromium: every page passes axe, the accessibility statement is one
link away, no officer menu shows, and a whole answer can be written and submitted by keyboard."""

import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from remiss.portal.models import PortalAnswer, Position

from .support import WCAG_21_AA, axe_report, main_text, path_re

MAX_TABS = 120


@pytest.fixture
def case(transactional_db):
    from remiss.portal.tests.conftest import make_case

    cache.clear()
    yield make_case()
    cache.clear()


def axe_violations(page) -> list[dict]:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def assert_portal_page(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name} ({page.url}):\n{axe_report(violations)}"
    footer_link = page.locator("footer").get_by_role("link")
    assert footer_link.first.get_attribute("href") == reverse("accessibility"), name
    assert page.locator("header nav").count() == 0, f"{name} shows the officer menu"
    assert page.locator("form.logout").count() == 0, f"{name} shows the officer's log-out"


def open_answer(page, token) -> PortalAnswer:
    page.goto(reverse("portal:start", args=[token]))
    answer = PortalAnswer.objects.get(
        recipient__invitations__token_hash__isnull=False,
        recipient__organisation__name="Exempelby kommun",
    )
    page.wait_for_url(path_re(reverse("portal:answer", args=[answer.pk])))
    return answer


def focused_matches(page, selector: str) -> bool:
    return page.evaluate(
        "(s) => document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element matching the selector has focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} was never reached with {key}")


@pytest.mark.browser
def test_every_portal_page_passes_axe_and_links_the_accessibility_statement(
    request, page, case, settings
):
    # Signed in as an officer: the portal still shows no officer menu.
    request.getfixturevalue("signed_in")
    page.goto(reverse("portal:start", args=["okand-lank-" + "x" * 30]))
    assert "lank" not in main_text(page)
    assert_portal_page(page, "link-invalid")

    answer = open_answer(page, case.kommun_token)
    assert_portal_page(page, "answer")

    page.locator("#id_contact_email").fill("inte-en-adress")
    page.get_by_role("button", name="Spara som utkast").or_(
        page.locator("button[value=save]")
    ).first.click()
    page.wait_for_selector(".error-summary")
    assert_portal_page(page, "answer-with-errors")

    # A colleague saves in between: the next save shows both texts instead of overwriting.
    PortalAnswer.objects.filter(pk=answer.pk).update(
        version=F("version") + 1, summary="Kollegans sammanfattning"
    )
    page.locator("#id_contact_email").fill("karin@exempelby.example")
    page.locator("#id_summary").fill("Min sammanfattning")
    page.locator("button[value=save]").click()
    page.wait_for_selector(".conflict")
    assert "Kollegans sammanfattning" in main_text(page)
    assert_portal_page(page, "answer-with-conflict")

    page.locator(f"input[name=position][value={Position.TILLSTYRKER}]").check()
    page.locator("button[value=review]").click()
    page.wait_for_url(path_re(reverse("portal:review", args=[answer.pk])))
    assert_portal_page(page, "review")

    # No task runs (as before a worker takes it): the receipt says the PDF copy follows.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(path_re(reverse("portal:receipt", args=[answer.pk])))
    assert page.locator(".pdf-pending").count() == 1
    assert_portal_page(page, "receipt-pdf-pending")

    consultation = case.consultation
    consultation.open_to_all = True
    consultation.save()
    page.goto(reverse("portal:open_request", args=[consultation.pk]))
    assert_portal_page(page, "open-request")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_portal_page(page, "open-request-with-errors")


@pytest.mark.browser
def test_a_whole_answer_is_written_and_submitted_with_the_keyboard_alone(page, case, mailoutbox):
    answer = open_answer(page, case.kommun_token)
    consultation = case.consultation
    section = consultation.sections.get(number="2")

    # The position: Tab into the group, then the arrow key moves the choice to the second one.
    tab_to(page, "input[name=position]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert (
        page.evaluate("() => document.querySelector('input[name=position]:checked').value")
        == Position.TILLSTYRKER_MED_SYNPUNKTER
    )

    tab_to(page, "#id_summary")
    page.keyboard.type("Vi välkomnar strategin men saknar insatser för små företag.")
    tab_to(page, f"#id_section_{section.pk}")
    page.keyboard.type("Satsa på testbäddar i hela länet.")
    tab_to(page, "#id_participation")
    page.keyboard.type("Vi vill leda arbetet med kompetensförsörjning i södra länet.")
    # One step back and forth with Shift+Tab: the general comments come before participation.
    tab_to(page, "#id_general_comments", backwards=True)
    page.keyboard.type("Tack för möjligheten att lämna synpunkter.")
    tab_to(page, "#id_contact_name")
    page.keyboard.type("Karin Exempel")
    tab_to(page, "#id_contact_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("karin@exempelby.example")
    tab_to(page, "#id_decided_by")
    page.keyboard.type("Kommunstyrelsen")

    tab_to(page, "button[value=review]")
    page.keyboard.press("Enter")
    page.wait_for_url(path_re(reverse("portal:review", args=[answer.pk])))
    text = main_text(page)
    assert "Exempelby kommun tillstyrker förslaget med följande synpunkter." in text
    assert "Satsa på testbäddar i hela länet." in text

    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(path_re(reverse("portal:receipt", args=[answer.pk])))

    answer.refresh_from_db()
    assert answer.is_submitted
    assert answer.position == Position.TILLSTYRKER_MED_SYNPUNKTER
    assert answer.general_comments == "Tack för möjligheten att lämna synpunkter."
    assert answer.decided_by == "Kommunstyrelsen"
    # The task ran inline: the receipt gives the original's hash and offers the PDF copy.
    assert answer.receipt_sha256 in main_text(page)
    assert answer.pdf_sha256 and answer.pdf_sha256 in main_text(page)
    assert_portal_page(page, "receipt")
    assert len(mailoutbox) == 1
    assert answer.pdf_sha256 in mailoutbox[0].body
