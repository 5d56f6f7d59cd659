"""The annual follow-up report in Chromium: the demo's frozen 2022 report and a live year pass
axe's WCAG 2.1 A/AA rules, and the Word and PDF download links give the documents."""

import io

import pytest
from django.urls import reverse

from .support import axe_report, main_text, path_re, squeeze
from .test_accessibility import axe_violations


def report_path(consultation, year: int) -> str:
    return reverse("followup:report", args=[consultation.pk, year])


@pytest.mark.browser
@pytest.mark.parametrize("year", [2022, 2023], ids=["frozen", "live"])
def test_the_report_page_has_no_wcag_21_aa_violations(page, demo, signed_in, year):
    path = report_path(demo, year)
    page.goto(path)
    page.wait_for_url(path_re(path))
    assert page.locator("html").get_attribute("lang") == "sv"
    text = main_text(page)
    assert "2.4 Stärk och utveckla strategisk kompetensförsörjning" in text
    assert "Förvärvsfrekvens 20–64 år" in text
    assert page.locator("main svg[role=img]").count() == 4
    page.locator("main details summary").first.click()  # the numbers behind a chart
    violations = axe_violations(page)
    assert not violations, f"{path}:\n{axe_report(violations)}"


@pytest.mark.browser
def test_the_download_links_give_the_word_and_pdf_reports(page, demo, signed_in, tmp_path):
    docx = pytest.importorskip("docx")
    pypdfium2 = pytest.importorskip("pypdfium2")
    path = report_path(demo, 2022)
    page.goto(path)
    page.wait_for_url(path_re(path))
    downloads = {}
    for name in ("docx", "pdf"):
        href = reverse("followup:report_export", args=[demo.pk, 2022, name])
        with page.expect_download() as info:
            page.locator(f'main a[href="{href}"]').click()
        download = info.value
        assert download.suggested_filename == f"uppfoljning-2022-RS-2020-0780.{name}"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        downloads[name] = target.read_bytes()

    document = docx.Document(io.BytesIO(downloads["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "2.4 Stärk och utveckla strategisk kompetensförsörjning" in headings
    assert len(document.inline_shapes) == 4
    pdf = pypdfium2.PdfDocument(downloads["pdf"])
    try:
        text = squeeze(" ".join(p.get_textpage().get_text_bounded() for p in pdf))
        assert pdf.get_metadata_dict()["Title"].startswith("Uppföljning 2022: ")
    finally:
        pdf.close()
    assert "Södertörns högskola" in text
