"""Publishing the demo compilation and reading it as the public, in a real browser."""

import pytest
from django.urls import reverse

from remiss.compilation.assembly import compilation_assemble
from remiss.compilation.masking import MARKER
from remiss.compilation.models import Publication
from remiss.compilation.services import reply_save
from remiss.demo.services import CASE_NUMBER, HUDDINGE
from remiss.responses.models import Response

from .support import WCAG_21_AA, axe_report, main_text, path_re

REPLY = "Regionen delar kommunens bild av lärosätets betydelse för Södertörn."


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


def assert_accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name} ({page.url}):\n{axe_report(violations)}"


def reply_to_the_university_point(demo, officer) -> None:
    compilation = compilation_assemble(demo)
    entry = next(
        entry
        for block, entry in compilation.entries()
        if block.number == "2.4" and "universitet" in entry.text
    )
    reply_save(
        actor=officer,
        response=Response.objects.get(pk=entry.response_id),
        key=entry.key,
        text=REPLY,
        outcome="beaktas",
        reason="",
    )


@pytest.mark.browser
def test_an_officer_publishes_and_the_public_reads_it_without_signing_in(
    browser, live_server, signed_in, demo, officer
):
    reply_to_the_university_point(demo, officer)
    page = signed_in

    overview = reverse("compilation:overview", args=[demo.pk])
    page.goto(overview)
    assert page.locator("main svg").count() == 2
    assert_accessible(page, "overview")

    publication_url = reverse("compilation:publication", args=[demo.pk])
    page.goto(publication_url)
    assert HUDDINGE in main_text(page)  # the preview of the masking names the sender
    assert_accessible(page, "publication, not published")
    page.locator("form").filter(has=page.locator("input[value=publish]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_url(path_re(publication_url))
    page.locator("#withdraw-reason").wait_for()
    assert Publication.objects.current().filter(consultation=demo).count() == 1
    assert_accessible(page, "publication, published")

    public = browser.new_context(locale="sv-SE", base_url=live_server.url)
    try:
        visitor = public.new_page()
        visitor.set_default_timeout(10_000)
        visitor.goto(reverse("compilation:public_list"))
        visitor.get_by_role("link", name=demo.title).click()
        consultation_url = reverse("compilation:public_consultation", args=[demo.pk])
        visitor.wait_for_url(path_re(consultation_url))
        text = main_text(visitor)
        assert CASE_NUMBER in text
        assert "universitet" in text and REPLY in text
        assert visitor.locator("header nav").count() == 0  # no officer menu
        assert_accessible(visitor, "public consultation")

        visitor.get_by_role("row").filter(has_text=HUDDINGE).get_by_role("link").first.click()
        answer = demo.responses.get(organisation__name=HUDDINGE)
        document = answer.documents.first()
        document_url = reverse("compilation:public_document", args=[demo.pk, document.pk])
        visitor.wait_for_url(path_re(document_url))
        text = main_text(visitor)
        assert "Södertörns" in text and "offentlighetsprincipen" in text
        masked = (
            Publication.objects.current().get(consultation=demo).documents.get(document=document)
        )
        assert (MARKER in text) == bool(masked.masked)
        assert_accessible(visitor, "public document")
    finally:
        public.close()
