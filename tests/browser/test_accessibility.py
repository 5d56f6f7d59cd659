"""Every page passes axe-core's WCAG 2.1 A and AA rules, in Swedish and in English."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from remiss.demo.services import HUDDINGE

from .support import WCAG_21_AA, axe_report, path_re


@dataclass(frozen=True)
class Page:
    name: str
    signed_in: bool

    def path(self, consultation) -> str:
        match self.name:
            case "login":
                return reverse("accounts:login")
            case "consultation-list":
                return reverse("consultations:list")
            case "consultation-detail" | "consultation-detail-in-english":
                return reverse("consultations:detail", args=[consultation.pk])
            case "answer-detail":
                answer = consultation.responses.get(organisation__name=HUDDINGE)
                return reverse("responses:detail", args=[answer.pk])
            case "organisation-list":
                return reverse("consultations:organisations")
            case "accessibility-statement-anonymous" | "accessibility-statement-signed-in":
                return reverse("accessibility")
            case "analysis-overview":
                return reverse("analysis:overview", args=[consultation.pk])
            case "analysis-answer":
                answer = consultation.responses.get(organisation__name=HUDDINGE)
                return reverse("analysis:response", args=[answer.pk])
            case "analysis-section":
                section = consultation.sections.get(number="2.4")
                return reverse("analysis:section", args=[section.pk])
            case "analysis-theme":
                theme = consultation.analysis_runs.first().themes.first()
                return reverse("analysis:theme", args=[theme.pk])
            case "intake-upload":
                return reverse("responses:intake", args=[consultation.pk])
            case "intake-run":
                return reverse("responses:intake_run", args=[delivery(consultation).pk])
        raise AssertionError(self.name)


PAGES = [
    Page("login", signed_in=False),
    Page("consultation-list", signed_in=True),
    Page("consultation-detail", signed_in=True),
    Page("answer-detail", signed_in=True),
    Page("organisation-list", signed_in=True),
    Page("accessibility-statement-anonymous", signed_in=False),
    Page("accessibility-statement-signed-in", signed_in=True),
    Page("consultation-detail-in-english", signed_in=True),
    Page("intake-upload", signed_in=True),
    Page("analysis-overview", signed_in=True),
    Page("analysis-answer", signed_in=True),
    Page("analysis-section", signed_in=True),
    Page("analysis-theme", signed_in=True),
    Page("intake-run", signed_in=True),
]


def delivery(consultation):
    """A finished delivery with a registered answer and a file that could not be read."""
    from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute

    files = [
        IncomingFile("tyreso.txt", "Tyresö kommun\n\nTyresö kommun tillstyrker.\n".encode()),
        IncomingFile("tom.pdf", b""),
    ]
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=files)
    return intake_run_execute(run=run, files=files)


def axe_violations(page) -> list[dict]:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def switch_language(page, code: str) -> None:
    """Use the language switch in the footer, as a visitor would."""
    footer = page.locator("footer")
    footer.locator("select[name=language]").select_option(code)
    footer.locator("form").filter(has=page.locator("select[name=language]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_function(f"() => document.documentElement.lang === {code!r}")


@pytest.mark.browser
@pytest.mark.parametrize("target", PAGES, ids=lambda target: target.name)
def test_the_page_has_no_wcag_21_aa_violations(request, page, demo, target):
    if target.signed_in:
        request.getfixturevalue("signed_in")
    path = target.path(demo)
    page.goto(path)
    page.wait_for_url(path_re(path))
    assert page.locator("html").get_attribute("lang") == "sv", "Swedish is the default"

    if target.name.endswith("-in-english"):
        switch_language(page, "en")
        page.wait_for_url(path_re(path))
        assert page.locator("html").get_attribute("lang") == "en"

    violations = axe_violations(page)
    assert not violations, f"{target.name} ({path}):\n{axe_report(violations)}"


@pytest.mark.browser
def test_the_page_speaks_the_language_it_declares(page, transactional_db):
    """WCAG 3.1.1, which axe cannot judge: lang="sv" must come with Swedish text. The English
    texts are the app's own msgids (not in Django's catalogues), so the Swedish page must not
    show them and the English one must."""
    page.goto(reverse("accessibility"))
    heading = page.get_by_role("heading", level=1)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert heading.inner_text().strip() != "Accessibility statement", (
        'the page declares lang="sv" but shows English text: is the Swedish catalogue '
        "(src/remiss/locale/sv/LC_MESSAGES/django.mo) missing or not compiled?"
    )

    switch_language(page, "en")
    assert heading.inner_text().strip() == "Accessibility statement"
    page.goto(reverse("accounts:login"))
    assert page.locator("html").get_attribute("lang") == "en", "the choice should be remembered"
