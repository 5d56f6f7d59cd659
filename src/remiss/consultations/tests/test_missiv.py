"""The missiv: what it says (domain brief §1.3, R04), as Word and as a tagged PDF."""

import io

import pypdfium2
import pytest
from django.urls import reverse
from docx import Document

from remiss.consultations.missiv import (
    answer_file_stem,
    genitive,
    missiv_compose,
    missiv_docx,
    missiv_pdf,
)

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_the_missiv_of_the_demo_says_when_where_and_how_to_answer(demo_case):
    missiv = missiv_compose(demo_case)
    assert missiv.deadline_sentence == (
        "Remissvaren ska ha kommit in till Region Stockholm senast den 5 mars 2021."
    )
    assert any("registrator.lsf@sll.se" in line for line in missiv.how_to_answer)
    assert any("RS 2020-0780 i ämnesraden" in line for line in missiv.how_to_answer)
    assert "Region Stockholms webbplats" in missiv.publication
    assert "inbjudan att lämna synpunkter" in missiv.duty
    assert len(missiv.recipients) == demo_case.recipients.invited().count()
    assert "Huddinge kommun" in missiv.recipients
    [closed] = missiv.closed_parts
    assert closed.startswith("3 Stockholmsregionens forsknings- och innovationsstrategi")


def test_word_and_pdf_carry_the_same_letter(demo_case):
    missiv = missiv_compose(demo_case)
    word = docx_text(missiv_docx(missiv))
    pdf = pdf_text(missiv_pdf(missiv))
    for text in (word, pdf):
        assert "Remiss: " in text
        assert "senast den 5 mars 2021" in text
        assert "Huddinge kommun" in text
        assert "Delar som inte remitteras" in text
    numbered = Document(io.BytesIO(missiv_docx(missiv))).paragraphs
    assert sum(p.style.name == "List Number" for p in numbered) == len(missiv.recipients)


def test_the_pdf_is_tagged_swedish_and_titled(demo_case):
    data = missiv_pdf(missiv_compose(demo_case))
    pdf = pypdfium2.PdfDocument(data)
    assert pdf.get_metadata_dict()["Title"].startswith("Remiss: ")
    assert b"/StructTreeRoot" in data or b"StructTreeRoot" in _inflated(data)


def _inflated(data: bytes) -> bytes:
    import re
    import zlib

    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(out)


def test_names_and_genitives():
    assert genitive("Region Stockholm") == "Region Stockholms"
    assert genitive("Göteborgs stad") == "Göteborgs stads"
    assert genitive("Trafikverket") == "Trafikverkets"
    assert genitive("Lidingö stads") == "Lidingö stads"
    assert answer_file_stem("N2015/08441/RS", "Huddinge kommun") == "N2015-08441-RS Huddinge kommun"


def test_officers_download_the_missiv_and_others_cannot(client, demo_case, handlaggare):
    url = reverse("consultations:missiv", args=[demo_case.pk, "docx"])
    assert client.get(url).status_code == 302
    client.force_login(handlaggare)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "senast den 5 mars 2021" in docx_text(response.content)
    pdf = client.get(reverse("consultations:missiv", args=[demo_case.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("consultations:missiv", args=[demo_case.pk, "odt"])).status_code == 404
    )
