"""PDF, DOCX, ODT, e-mail and ZIP, each made for real in the test."""

import io
import zipfile
from email.message import EmailMessage

from remiss.textkit.extract import DOCX, EMAIL, ODT, PDF, ZIP, extract
from remiss.textkit.tests import builders
from remiss.textkit.tests.conftest import NO_OCR

KEY_SENTENCES = (
    "Kommunstyrelsens förvaltnings yttrande, daterat den 21 januari 2021,",
    "Huddinge kommun stödjer innehållet i Näringslivs- och",
    "Södertörns Högskola behöver utvecklas till ett universitet",
    "Region Stockholm",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_text_pdf_keeps_its_sentences_and_numbers_its_pages(huddinge):
    assert huddinge.media_type == PDF
    assert huddinge.error is None
    assert huddinge.ocr_used is False
    assert [page.number for page in huddinge.pages] == list(range(1, len(huddinge.pages) + 1))
    assert len(huddinge.pages) >= 3
    whole = _flat(" ".join(page.text for page in huddinge.pages))
    for sentence in KEY_SENTENCES:
        assert _flat(sentence) in whole
    assert "\r" not in whole
    assert huddinge.pages[0].text.startswith("Kommunstyrelsen\n")


def test_the_headings_of_a_pdf_are_found_by_their_size_with_levels(huddinge):
    found = {heading.text: heading for heading in huddinge.headings}
    assert found["Kommunstyrelsen"].level == 1
    assert found["Sammanfattning"].level == 2
    assert found["Kommunstyrelsens beslut"].level == 3
    assert found["Sammanfattning"].page == 1
    assert "Beslutet ska skickas till" in found
    assert not any(heading.text.startswith("Den 23 december") for heading in huddinge.headings)


def test_a_docx_has_pages_headings_tabs_line_breaks_and_tables(docx_file):
    [found] = extract("svar.docx", docx_file)
    assert (found.media_type, found.error) == (DOCX, None)
    assert [page.number for page in found.pages] == [1, 2]
    first, second = (page.text for page in found.pages)
    assert "Dnr\tKS-2020/2443.109\nAndra raden i samma stycke." in first
    assert "Södertörns högskola" in second
    assert "Inriktningsområde\tStällningstagande\nExport\tInstämmer" in second
    assert [(h.page, h.text, h.level) for h in found.headings] == [
        (1, "Yttrande över Näringslivs- och tillväxtstrategi", 1),
        (1, "Sammanfattning", 1),
        (2, "Förvaltningens synpunkter", 1),
        (2, "Kompetensförsörjning", 2),
    ]


def test_deleted_text_of_tracked_changes_is_left_out_and_inserted_text_kept():
    body = (
        f'<w:document {builders.W}><w:body><w:p><w:r><w:t xml:space="preserve">Vi </w:t></w:r>'
        "<w:del><w:r><w:delText>avstyrker</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>tillstyrker</w:t></w:r></w:ins>"
        '<w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve"> förslaget.</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:t>Bakgrund</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    [found] = extract("svar.docx", builders.docx_with_document_xml(body))
    assert [page.text for page in found.pages] == ["Vi tillstyrker", "förslaget.\nBakgrund"]
    assert [(h.page, h.text, h.level) for h in found.headings] == [(2, "Bakgrund", 2)]


def test_an_odt_has_headings_spaces_tabs_and_soft_page_breaks(odt_file):
    [found] = extract("svar.odt", odt_file)
    assert (found.media_type, found.error) == (ODT, None)
    assert [page.text for page in found.pages] == [
        "Yttrande från Nacka kommun\nDnr\tKFKS 2021/12\nDatum:   2021-02-01\n"
        "Sammanfattning\nNacka kommun ställer sig bakom förslaget.",
        "Första punkten i listan\nOmråde\tJa",
        "Bilagor\nBilaga 1. Karta",
    ]
    assert [(h.page, h.text, h.level) for h in found.headings] == [
        (1, "Yttrande från Nacka kommun", 1),
        (1, "Sammanfattning", 2),
        (3, "Bilagor", None),
    ]


def test_an_email_gives_its_body_and_then_its_attachments(huddinge_pdf, docx_file):
    mail = builders.email_bytes(
        {"yttrande.pdf": (huddinge_pdf, "application/pdf"), "svar.docx": (docx_file, DOCX)}
    )
    itself, pdf, word = extract("svar.eml", mail)
    assert (itself.role, itself.media_type, itself.error, itself.container) == (
        "email",
        EMAIL,
        None,
        None,
    )
    assert "Huddinge kommuns yttrande över remissen RS 2020-0780" in itself.pages[0].text
    assert "HTML-versionen" not in itself.pages[0].text
    info = itself.email
    assert (info.from_name, info.from_address) == ("Huddinge kommun", "registrator@huddinge.se")
    assert info.to == ("registrator.rs@regionstockholm.se",)
    assert info.subject == "Svar på remiss RS 2020-0780"
    assert info.date.isoformat() == "2021-01-28T09:30:00+00:00"
    assert info.message_id == "<svar-rs-2020-0780@huddinge.se>"
    assert (pdf.path, pdf.name, pdf.container, pdf.role) == (
        "svar.eml/yttrande.pdf",
        "yttrande.pdf",
        "svar.eml",
        "document",
    )
    assert pdf.data == huddinge_pdf
    assert "Södertörns Högskola" in _flat(" ".join(page.text for page in pdf.pages))
    assert (word.path, word.media_type, word.error) == ("svar.eml/svar.docx", DOCX, None)


def test_an_email_with_only_html_is_read_as_text():
    mail = (
        b"From: kommun@example.se\r\nTo: rs@example.se\r\nSubject: Svar\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + "<html><body><p>Vi har inga synpunkter.</p><p>Hälsningar</p></body></html>".encode()
    )
    [found] = extract("svar.eml", mail)
    assert found.pages[0].text == "Vi har inga synpunkter.\n\nHälsningar"


def test_a_forwarded_email_is_opened_as_an_email_inside_the_email(huddinge_pdf):
    inner = builders.email_bytes({"yttrande.pdf": (huddinge_pdf, "application/pdf")})
    outer = builders.email_bytes({"vidarebefordrat.eml": (inner, "message/rfc822")})
    paths = [(found.path, found.role) for found in extract("fwd.eml", outer)]
    assert paths == [
        ("fwd.eml", "email"),
        ("fwd.eml/vidarebefordrat.eml", "email"),
        ("fwd.eml/vidarebefordrat.eml/yttrande.pdf", "document"),
    ]


def test_a_forwarded_email_that_a_mailer_base64_encoded_is_still_opened(huddinge_pdf):
    inner = builders.email_bytes({"yttrande.pdf": (huddinge_pdf, "application/pdf")})
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "a@example.se", "Fwd: svar"
    outer.set_content("Se bifogat.")
    outer.add_attachment(inner, maintype="message", subtype="rfc822", filename="svar.eml")
    found = extract("fwd.eml", outer.as_bytes())
    assert [f.path for f in found] == [
        "fwd.eml",
        "fwd.eml/svar.eml",
        "fwd.eml/svar.eml/yttrande.pdf",
    ]
    assert found[1].email.subject == "Svar på remiss RS 2020-0780"


def test_a_zip_gives_itself_and_then_every_member_depth_first(huddinge_pdf, docx_file, odt_file):
    mail = builders.email_bytes({"yttrande.pdf": (huddinge_pdf, "application/pdf")})
    inner = builders.zip_bytes({"bilaga.txt": b"Bilaga 1."})
    archive = builders.zip_bytes(
        {
            "svar/huddinge.pdf": huddinge_pdf,
            "svar/nacka.odt": odt_file,
            "svar/tyresö.docx": docx_file,
            "__MACOSX/svar/._huddinge.pdf": b"junk",
            "svar/": b"",
            "svar/mejl.eml": mail,
            "svar/bilagor.zip": inner,
        }
    )
    found = extract("svar.zip", archive)
    inner_path = "svar.zip/svar/bilagor.zip"
    assert [(f.path, f.role, f.media_type, f.container) for f in found] == [
        ("svar.zip", "container", ZIP, None),
        ("svar.zip/svar/huddinge.pdf", "document", PDF, "svar.zip"),
        ("svar.zip/svar/nacka.odt", "document", ODT, "svar.zip"),
        ("svar.zip/svar/tyresö.docx", "document", DOCX, "svar.zip"),
        ("svar.zip/svar/mejl.eml", "email", EMAIL, "svar.zip"),
        ("svar.zip/svar/mejl.eml/yttrande.pdf", "document", PDF, "svar.zip/svar/mejl.eml"),
        ("svar.zip/svar/bilagor.zip", "container", ZIP, "svar.zip"),
        ("svar.zip/svar/bilagor.zip/bilaga.txt", "document", "text/plain", inner_path),
    ]
    assert all(f.error is None for f in found)
    assert found[1].data == huddinge_pdf
    assert found[1].name == "huddinge.pdf"


class _NameAsWritten(zipfile.ZipInfo):
    """A ZIP entry whose name is stored as given, without the UTF-8 flag (as many tools do)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits


def test_zip_names_written_in_utf8_without_the_flag_keep_their_letters():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as writer:
        writer.writestr(_NameAsWritten("Yttrande från Tyresö.txt".encode().decode("cp437")), b"Hej")
    member = extract("a.zip", buffer.getvalue())[1]
    assert (member.name, member.pages[0].text) == ("Yttrande från Tyresö.txt", "Hej")


def test_an_image_only_pdf_without_ocr_says_so(scanned_pdf):
    [found] = extract("skannad.pdf", scanned_pdf, limits=NO_OCR)
    assert found.error.code == "ocr_unavailable"
    assert found.pages == ()
    assert found.ocr_used is False
