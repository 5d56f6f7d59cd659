"""An officer sets up a consultation round in Chromium: the draft uploaded as Word, one proposed
part corrected, the sändlista imported, the missiv downloaded and the invitations sent. Every
page on the way passes axe's WCAG 2.1 A and AA rules.

Fields and buttons are found by id: their labels are translated."""

import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document

from .support import WCAG_21_AA, axe_report, main_text

DRAFT = [
    ("1 Utgångsläge", "Stockholmsregionen är Sveriges tillväxtmotor."),
    ("2 Strategisk inriktning", "Strategin har fyra inriktningsområden."),
    ("2.1 Forskning och innovation", "Regionen ska stärka forskning och innovation."),
    ("2.2 Små och medelstora företag", "Företagen behöver kapital och rådgivning."),
]
SANDLISTA = (
    "namn;typ;e-post\n"
    "Huddinge kommun;kommun;kommunstyrelsen@huddinge.se\n"
    "Nacka kommun;kommun;registrator@nacka.se\n"
    "Stockholms universitet;lärosäte;\n"
)


def draft_docx(path) -> None:
    document = Document()
    document.add_heading("Regional utvecklingsstrategi", 0)
    for heading, text in DRAFT:
        document.add_heading(heading, level=heading.count(".") + 1)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def assert_accessible(page, name: str) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    assert not violations, f"{name} ({page.url}):\n{axe_report(violations)}"


@pytest.mark.browser
def test_an_officer_sets_up_and_sends_a_consultation_round(page, signed_in, tmp_path, mailoutbox):
    from remiss.consultations.models import Consultation
    from remiss.consultations.services import organisation_create

    organisation_create(actor=None, name="Region Stockholm", kind="region")
    deadline = date.today() + timedelta(days=100)
    draft = tmp_path / "strategi.docx"
    draft_docx(draft)
    table = tmp_path / "sandlista.csv"
    table.write_text(SANDLISTA, encoding="utf-8")

    page.goto(reverse("consultations:list"))
    page.locator("#new-consultation").click()
    page.wait_for_url(re.compile(r"/remisser/ny/$"))
    assert_accessible(page, "create page")

    page.locator("#id_remitting_organisation").select_option(label="Region Stockholm")
    page.locator("#id_case_number_raw").fill("RS 2024-0101")
    page.locator("#id_title").fill("Regional utvecklingsstrategi")
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#id_answer_email").fill("registrator@regionstockholm.se")
    page.locator("#id_draft").set_input_files(str(draft))
    page.locator("#propose-button").click()
    page.locator("#proposal-status").wait_for()
    assert page.locator("#id_parts-2-title").input_value() == "Forskning och innovation"
    assert page.locator("#id_parts-3-parent_number").input_value() == "2"
    assert "strategi.docx" in page.locator("#held-draft").inner_text()
    assert_accessible(page, "proposed parts")

    page.locator("#id_parts-2-title").fill("Forskning, innovation och smart specialisering")
    page.locator("#create-button").click()
    page.wait_for_url(re.compile(r"/remisser/[0-9a-f-]{36}/$"))
    consultation = Consultation.objects.get(case_number_raw="RS 2024-0101")
    assert "Forskning, innovation och smart specialisering" in main_text(page)
    assert consultation.draft_versions.get().source_filename == "strategi.docx"

    sections = reverse("consultations:sections", args=[consultation.pk])
    page.locator(f"main a[href='{sections}']").click()
    page.wait_for_url(re.compile(re.escape(sections) + "$"))
    assert_accessible(page, "parts page")
    section = consultation.sections.get(number="2.2")
    index = list(consultation.sections.order_by("position", "number")).index(section)
    page.locator(f"#id_sections-{index}-text").fill(
        "Företagen behöver kapital, rådgivning och kompetens."
    )
    page.locator("#save-parts").click()
    page.wait_for_url(re.compile(re.escape(sections) + "$"))

    versions = reverse("consultations:versions", args=[consultation.pk])
    page.goto(versions)
    page.locator("#id_adopted-decided_on").fill("2024-06-15")
    page.locator("#id_adopted-decided_by_body").fill("Regionfullmäktige")
    page.locator("#adopted-form button[type=submit]").click()
    page.locator("#comparison").wait_for()
    inserted = " ".join(page.locator(".diff ins").all_inner_texts())
    deleted = " ".join(page.locator(".diff del").all_inner_texts())
    assert "kompetens." in inserted and "rådgivning." in deleted
    assert_accessible(page, "versions and comparison")

    page.goto(reverse("consultations:detail", args=[consultation.pk]))
    sandlista = reverse("consultations:sandlista", args=[consultation.pk])
    page.locator(f"main a[href='{sandlista}']").click()
    page.wait_for_url(re.compile(re.escape(sandlista) + "$"))
    page.locator("#id_import-file").set_input_files(str(table))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(sandlista) + "$"))
    rows = page.locator("#recipients tbody tr")
    assert rows.count() == 3
    assert_accessible(page, "sändlista")

    with page.expect_download() as download_info:
        page.locator("#missiv-pdf").click()
    missiv = download_info.value
    assert missiv.suggested_filename == "RS-2024-0101-missiv.pdf"
    assert open(missiv.path(), "rb").read(5) == b"%PDF-"

    page.locator("#send-all").click()
    page.wait_for_url(re.compile(re.escape(sandlista) + "$"))
    assert sorted(message.to[0] for message in mailoutbox) == [
        "kommunstyrelsen@huddinge.se",
        "registrator@nacka.se",
    ]
    assert all("(dnr RS 2024-0101)" in message.subject for message in mailoutbox)
    assert page.locator("#recipients td.state-sent").count() == 2
    assert page.locator("#recipients td.state-not_sent").count() == 1
    assert_accessible(page, "sändlista after sending")
