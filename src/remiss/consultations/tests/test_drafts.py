"""A draft's parts proposed from a real Word or PDF file, its versions and their comparison."""

import io

import pytest
from docx import Document

from remiss.consultations.drafts import (
    DraftUnreadable,
    draft_compare,
    draft_propose_sections,
    draft_version_record,
    sections_create,
)
from remiss.consultations.services import consultation_create, organisation_create
from remiss.rendering import html_to_pdf

pytestmark = pytest.mark.django_db

DRAFT = [
    ("1 Utgångsläge och utmaningar", "Stockholmsregionen är Sveriges tillväxtmotor."),
    ("2 Strategisk inriktning", "Strategin har fyra inriktningsområden."),
    ("2.1 Forskning och innovation", "Regionen ska stärka forskning och innovation."),
    ("2.2 Små och medelstora företag", "Företagen behöver kapital och rådgivning."),
    ("3 Genomförande och uppföljning", "Handlingsplaner tas fram med regionens aktörer."),
]


def draft_docx() -> bytes:
    document = Document()
    document.add_heading("Näringslivs- och tillväxtstrategi för Stockholmsregionen", 0)
    for heading, text in DRAFT:
        document.add_heading(heading, level=heading.count(".") + 1)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def draft_pdf() -> bytes:
    body = "".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in DRAFT)
    return html_to_pdf(
        f"<html lang='sv'><head><title>Utkast</title></head><body>{body}</body></html>"
    )


@pytest.mark.parametrize("make, name", [(draft_docx, "utkast.docx"), (draft_pdf, "utkast.pdf")])
def test_the_parts_are_proposed_from_the_numbered_headings(make, name):
    proposed = draft_propose_sections(name, make())
    assert [(p.number, p.title, p.parent_number) for p in proposed] == [
        ("1", "Utgångsläge och utmaningar", None),
        ("2", "Strategisk inriktning", None),
        ("2.1", "Forskning och innovation", "2"),
        ("2.2", "Små och medelstora företag", "2"),
        ("3", "Genomförande och uppföljning", None),
    ]
    assert "fyra inriktningsområden" in proposed[1].text
    assert proposed[0].kind == "kapitel" and proposed[2].kind == "avsnitt"


def test_a_damaged_file_is_refused_with_its_code():
    with pytest.raises(DraftUnreadable) as error:
        draft_propose_sections("utkast.docx", b"PK\x03\x04 broken")
    assert error.value.code


def test_versions_are_frozen_and_compared_part_by_part(handlaggare):
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    consultation = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2020-0780", title="Strategi"
    )
    data = draft_docx()
    sections_create(
        actor=handlaggare,
        consultation=consultation,
        proposed=draft_propose_sections("utkast.docx", data),
    )
    assert consultation.sections.get(number="2.1").parent.number == "2"
    sent = draft_version_record(
        actor=handlaggare,
        consultation=consultation,
        kind="remissversion",
        source_filename="utkast.docx",
        source_data=data,
    )
    assert len(sent.source_sha256) == 64 and len(sent.sections) == 5
    section = consultation.sections.get(number="2.2")
    section.text = "Företagen behöver kapital, rådgivning och kompetens."
    section.save()
    consultation.sections.get(number="3").delete()
    adopted = draft_version_record(
        actor=handlaggare,
        consultation=consultation,
        kind="antagen",
        decided_by_body="Regionfullmäktige",
    )
    changes = {c.number: c for c in draft_compare(sent.sections, adopted.sections)}
    assert changes["1"].status == "unchanged"
    assert changes["2.2"].status == "changed"
    assert ("+", "kompetens.") in changes["2.2"].diff
    assert ("-", "rådgivning.") in changes["2.2"].diff
    assert changes["3"].status == "removed"
    # The first version did not change with the live tree.
    assert sent.sections[3]["text"] == "Företagen behöver kapital och rådgivning."
