"""The respondent's tjänsteskrivelse (domain brief §1.6, R19): read back from the real DOCX."""

import io
from datetime import date

import pytest
from docx import Document

from remiss.portal.models import (
    PortalAnswer,
    PortalAttachment,
    PortalSectionComment,
    Position,
)
from remiss.portal.tjansteskrivelse import (
    HEADINGS,
    tjansteskrivelse_docx,
    tjansteskrivelse_filename,
)

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ON = date(2021, 1, 12)


@pytest.fixture
def huddinge(demo_case):
    return demo_case.recipients.get(organisation__name="Huddinge kommun")


@pytest.fixture
def answer(demo_case, huddinge):
    answer = PortalAnswer.objects.create(
        consultation=demo_case,
        recipient=huddinge,
        position=Position.TILLSTYRKER_MED_SYNPUNKTER,
        summary="Huddinge kommun ställer sig i huvudsak bakom strategin.\n\n"
        "Kommunen vill särskilt lyfta Flemingsberg.",
        general_comments="Strategin bör ta större hänsyn till södra länsdelen.",
        participation="Kommunen deltar gärna i arbetet med handlingsplanerna.",
        contact_name="Karin Handläggare",
        contact_email="karin.handlaggare@huddinge.se",
    )
    sections = {section.number: section for section in demo_case.sections.all()}
    # Made in the reverse order, so the document's order comes from the section numbers.
    PortalSectionComment.objects.create(
        answer=answer, section=sections["4"], text="Uppföljningen bör ske årligen."
    )
    PortalSectionComment.objects.create(
        answer=answer,
        section=sections["2.1"],
        text="Flemingsberg bör nämnas som forsknings- och innovationsmiljö.",
    )
    PortalSectionComment.objects.create(answer=answer, section=sections["2.2"], text="  ")
    PortalAttachment.objects.create(
        answer=answer,
        filename="Karta Flemingsberg.pdf",
        media_type="application/pdf",
        size=1234,
        sha256="0" * 64,
    )
    return answer


def read(answer, **kwargs) -> Document:
    return Document(io.BytesIO(tjansteskrivelse_docx(answer, on=ON, **kwargs)))


def headings(document, *levels: int) -> list[tuple[str, str]]:
    names = {f"Heading {level}" for level in levels}
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name in names]


def following(document, heading: str) -> list[str]:
    """The text of the paragraphs after a Heading 2 up to the next Heading 2."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2":
            inside = paragraph.text == heading
            continue
        if inside:
            texts.append(paragraph.text)
    return texts


def test_the_headings_come_in_the_order_of_a_tjansteskrivelse(answer):
    document = read(answer)
    title = (
        "Yttrande över Remissversion av Näringslivs- och tillväxtstrategi för "
        "Stockholmsregionen (Region Stockholms dnr RS 2020-0780)"
    )
    assert headings(document, 1) == [("Heading 1", title)]
    assert [text for _, text in headings(document, 2)] == list(HEADINGS)
    assert [text for _, text in headings(document, 2) if text in HEADINGS] == [
        "Förslag till beslut",
        "Sammanfattning",
        "Beskrivning av ärendet",
        "Förvaltningens synpunkter",
        "Ekonomiska och juridiska konsekvenser",
        "Bilagor",
        "Beslutet ska skickas till",
    ]
    subheadings = [text for _, text in headings(document, 3)]
    assert subheadings == [
        "2.1 Stärk och utveckla forskning och innovation och smart specialisering",
        "4 Genomförande och uppföljning – processen framåt med handlingsplaner och "
        "genomförandeplaner",
        "Övriga synpunkter",
        "Medverkan i genomförandet",
    ]
    assert document.core_properties.title == title
    assert document.core_properties.language == "sv-SE"


def test_the_header_block_and_sections_are_filled_in_from_the_answer(answer):
    document = read(answer)
    top = [p.text for p in document.paragraphs[:5]]
    assert top == [
        "Huddinge kommun",
        "Tjänsteskrivelse",
        "Datum: 12 januari 2021",
        "Diarienummer: ________________________",
        "Handläggare: Karin Handläggare, karin.handlaggare@huddinge.se",
    ]
    assert following(document, "Förslag till beslut") == [
        "Kommunstyrelsen föreslås besluta att",
        "1. överlämna förvaltningens yttrande till Region Stockholm som kommunens svar på "
        "remissen.",
    ]
    assert following(document, "Sammanfattning") == [
        "Huddinge kommun ställer sig i huvudsak bakom strategin.",
        "Kommunen vill särskilt lyfta Flemingsberg.",
    ]
    description = following(document, "Beskrivning av ärendet")
    assert description[0].startswith("Region Stockholm har skickat ”Remissversion av ")
    assert "senast fredagen den 5 mars 2021" in description[0]
    assert "Region Stockholms diarienummer för remissen är RS 2020-0780." in description[0]
    assert any(text.startswith("Näringslivs- och tillväxtstrategin") for text in description)
    views = following(document, "Förvaltningens synpunkter")
    assert views[0] == (
        "Kommunen tillstyrker förslaget med de synpunkter som framförs i detta ärende."
    )
    assert "Flemingsberg bör nämnas som forsknings- och innovationsmiljö." in views
    assert "Uppföljningen bör ske årligen." in views
    assert "Strategin bör ta större hänsyn till södra länsdelen." in views
    assert "Kommunen deltar gärna i arbetet med handlingsplanerna." in views
    consequences = following(document, "Ekonomiska och juridiska konsekvenser")
    assert consequences[0].startswith("Att kontrollera:")
    assert consequences[1] == (
        "Förslaget bedöms inte medföra några direkta ekonomiska eller juridiska konsekvenser "
        "för kommunen."
    )
    assert [comment.text for comment in document.comments] == [
        "Förslag att kontrollera: bedöm konsekvenserna för er organisation."
    ]
    attachments = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in attachments] == [
        "Karta Flemingsberg.pdf",
        "Remiss: Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen",
    ]
    assert following(document, "Beslutet ska skickas till") == [
        "Region Stockholm, registrator.lsf@sll.se (ange diarienummer RS 2020-0780)"
    ]


def test_the_page_header_numbers_pages_with_word_fields(answer):
    document = read(answer)
    header = document.sections[0].header
    assert header.paragraphs[0].text.startswith("Huddinge kommun\tTjänsteskrivelse\tSida 1 (1)")
    xml = header._element.xml
    instructions = [node.text.strip() for node in header._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [node.get(f"{W}fldCharType") for node in header._element.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2
    assert "Sida" in xml


def test_without_a_summary_a_sentence_is_made_from_the_position(answer):
    answer.summary = ""
    answer.position = Position.AVSTYRKER
    answer.decided_by = "Kommunstyrelsens arbetsutskott"
    answer.save()
    document = read(answer)
    [summary] = following(document, "Sammanfattning")
    assert summary == (
        "Region Stockholm har skickat remissen ”Remissversion av Näringslivs- och "
        "tillväxtstrategi för Stockholmsregionen” till kommunen. Förvaltningen föreslår att "
        "kommunen avstyrker förslaget."
    )
    assert following(document, "Förslag till beslut")[0] == (
        "Kommunstyrelsens arbetsutskott föreslås besluta att"
    )
    assert following(document, "Förvaltningens synpunkter")[0] == "Kommunen avstyrker förslaget."


def test_an_answer_without_summary_or_position_still_has_a_summary(answer):
    answer.summary = ""
    answer.position = ""
    answer.save()
    [summary] = following(read(answer), "Sammanfattning")
    assert summary.startswith("Region Stockholm har skickat remissen ”Remissversion")
    assert summary.endswith("Förvaltningens synpunkter framgår av detta ärende.")


def test_an_open_answer_without_a_recipient_uses_the_given_name(demo_case):
    answer = PortalAnswer.objects.create(
        consultation=demo_case,
        respondent_name="Företagarna i Stockholm",
        respondent_kind="intresseorganisation",
        position=Position.INGA_SYNPUNKTER,
    )
    document = read(answer)
    assert document.paragraphs[0].text == "Företagarna i Stockholm"
    assert following(document, "Förvaltningens synpunkter") == [
        "Företagarna i Stockholm har inte några synpunkter på förslaget."
    ]
    assert following(document, "Förslag till beslut")[1].endswith(
        "som Företagarna i Stockholms svar på remissen."
    )
    assert following(document, "Bilagor") == [
        "Remiss: Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen"
    ]


def test_the_file_is_named_by_the_case_number_and_the_body(answer, demo_case):
    assert tjansteskrivelse_filename(answer) == (
        "RS 2020-0780 Huddinge kommun tjänsteskrivelse.docx"
    )
    other = PortalAnswer.objects.create(
        consultation=demo_case, respondent_name="Bygg/Fastighet: Norr"
    )
    demo_case.case_number_raw = "N2015/08441/RS"
    demo_case.save()
    other.refresh_from_db()
    assert tjansteskrivelse_filename(other) == (
        "N2015-08441-RS Bygg-Fastighet- Norr tjänsteskrivelse.docx"
    )
