"""Every kind of bad input gives an error code, never an exception or a hang."""

import io
import zipfile

import pypdfium2 as pdfium
import pytest

from remiss.textkit.extract import ZIP, Limits, extract
from remiss.textkit.tests import builders
from remiss.textkit.tests.conftest import NO_OCR


def test_an_empty_file_is_empty():
    [found] = extract("svar.pdf", b"")
    assert found.error.code == "empty"
    assert found.pages == ()


def test_a_truncated_pdf_is_corrupt(huddinge_pdf):
    [found] = extract("svar.pdf", huddinge_pdf[: len(huddinge_pdf) // 2])
    assert found.error.code == "corrupt"
    assert found.media_type == "application/pdf"


def test_a_pdf_that_needs_a_password_is_encrypted():
    data = builders.encrypted_pdf(
        "Hemligt yttrande", user_password=b"hemligt", owner_password=b"agare"
    )
    # The file is a real encrypted PDF: it opens with the password and shows its text.
    document = pdfium.PdfDocument(data, password="hemligt")
    assert document[0].get_textpage().get_text_range() == "Hemligt yttrande"
    document.close()
    [found] = extract("svar.pdf", data)
    assert found.error.code == "encrypted"
    assert "password" in found.error.detail.lower()


@pytest.mark.parametrize(
    "executable",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), b"\x7fELF\x02\x01\x01"],
)
def test_an_executable_named_pdf_is_a_mismatched_type(executable):
    [found] = extract("yttrande.pdf", executable)
    assert found.error.code == "mismatched_type"
    assert found.pages == ()


def test_text_named_pdf_is_a_mismatched_type():
    [found] = extract("yttrande.pdf", b"Detta \xe4r ingen PDF.")
    assert found.error.code == "mismatched_type"


def test_an_executable_without_a_document_name_is_not_read():
    [found] = extract("program.exe", b"MZ\x90\x00\x03" + bytes(200))
    assert found.error.code == "unsupported_format"


def test_a_file_over_the_size_limit_is_not_parsed(huddinge_pdf):
    [found] = extract("svar.pdf", huddinge_pdf, limits=Limits(max_file_bytes=1000))
    assert found.error.code == "too_large"
    assert found.data == huddinge_pdf


def test_binary_junk_has_an_unknown_encoding():
    [found] = extract("svar.txt", bytes(range(256)) * 8)
    assert found.error.code == "unknown_encoding"


@pytest.mark.parametrize(
    "document_xml", [builders.BILLION_LAUGHS, builders.EXTERNAL_ENTITY], ids=["laughs", "xxe"]
)
def test_a_docx_with_a_dtd_is_refused_before_any_entity_is_expanded(document_xml):
    [found] = extract("svar.docx", builders.docx_with_document_xml(document_xml))
    assert found.error.code == "xml_forbidden"


def test_an_odt_with_a_dtd_is_refused():
    content = builders.ODT_CONTENT.replace(
        "<office:document-content", '<!DOCTYPE x [<!ENTITY e "e">]>\n<office:document-content', 1
    )
    [found] = extract("svar.odt", builders.odt_bytes(content))
    assert found.error.code == "xml_forbidden"


def test_a_docx_with_broken_xml_is_corrupt():
    [found] = extract("svar.docx", builders.docx_with_document_xml("<w:document><w:body>"))
    assert found.error.code == "corrupt"


def test_a_zip_named_docx_without_a_document_is_corrupt():
    [found] = extract("svar.docx", builders.zip_bytes({"a.txt": b"Hej"}))
    assert found.error.code == "corrupt"


def test_a_zip_bomb_stops_the_container_but_keeps_what_came_before():
    archive = builders.zip_bytes(
        {"a.txt": b"Yttrande", "nollor.txt": bytes(50 * 1024 * 1024), "b.txt": b"Sist"}
    )
    assert len(archive) < 200_000
    found = extract("svar.zip", archive)
    assert [(f.path, f.error and f.error.code) for f in found] == [
        ("svar.zip", "zip_bomb"),
        ("svar.zip/a.txt", None),
    ]


def test_all_unpacked_bytes_together_are_limited():
    archive = builders.zip_bytes({f"{n}.txt": b"x" * 600 for n in range(5)})
    found = extract("svar.zip", archive, limits=Limits(max_total_bytes=2000))
    assert found[0].error.code == "zip_bomb"
    assert len(found) == 1 + 3


def test_a_member_over_the_file_limit_is_too_large_and_the_rest_is_read():
    archive = builders.zip_bytes({"stor.txt": b"ab" * 3000, "liten.txt": b"Hej"})
    found = extract("svar.zip", archive, limits=Limits(max_file_bytes=5000))
    assert [(f.name, f.error and f.error.code) for f in found] == [
        ("svar.zip", None),
        ("stor.txt", "too_large"),
        ("liten.txt", None),
    ]


def test_containers_nested_too_deep_are_not_opened():
    archive = builders.zip_bytes({"svar.txt": b"Innerst"})
    for level in range(4):
        archive = builders.zip_bytes({f"niva{level}.zip": archive})
    found = extract("svar.zip", archive)
    assert [(f.path.count("/"), f.role, f.error and f.error.code) for f in found] == [
        (0, "container", None),
        (1, "container", None),
        (2, "container", None),
        (3, "container", "too_deep"),
    ]


def test_too_many_members_stops_the_container():
    archive = builders.zip_bytes({f"{n}.txt": f"Fil {n}".encode() for n in range(20)})
    found = extract("svar.zip", archive, limits=Limits(max_members=5))
    assert found[0].error.code == "too_many_members"
    assert len(found) == 1 + 5


def test_an_encrypted_zip_member_is_encrypted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"Hej")
    data = bytearray(buffer.getvalue())
    # Set the 'encrypted' flag in the local and central headers (zipfile cannot write one).
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    found = extract("svar.zip", bytes(data))
    assert found[0].media_type == ZIP
    assert found[1].error.code == "encrypted"


def test_a_member_that_lies_about_its_size_is_caught():
    archive = bytearray(builders.zip_bytes({"a.txt": b"Hej hej hej hej"}))
    archive[archive.rfind(b"PK\x01\x02") + 16 : archive.rfind(b"PK\x01\x02") + 20] = b"\0\0\0\0"
    found = extract("svar.zip", bytes(archive))
    assert found[1].error.code == "corrupt"


def test_an_image_only_pdf_with_ocr_switched_off_is_ocr_unavailable(scanned_pdf):
    [found] = extract("skannad.pdf", scanned_pdf, limits=NO_OCR)
    assert found.error.code == "ocr_unavailable"
    assert "switched off" in found.error.detail


def test_a_mixed_pdf_without_ocr_keeps_its_text_pages_and_says_what_is_missing(huddinge, mixed_pdf):
    [found] = extract("blandad.pdf", mixed_pdf, limits=NO_OCR)
    assert found.error.code == "ocr_unavailable"
    assert "1 of" in found.error.detail
    assert [page.text for page in found.pages] == [p.text for p in huddinge.pages] + [""]


def test_an_image_with_absurd_dimensions_is_too_large_without_running_ocr():
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2
    [found] = extract("bild.png", header + bytes(50))
    assert found.error.code == "too_large"


def test_an_email_bomb_of_attachments_is_limited():
    mail = builders.email_bytes({f"{n}.txt": (b"Hej", "text/plain") for n in range(10)})
    found = extract("svar.eml", mail, limits=Limits(max_members=3))
    assert found[0].error.code == "too_many_members"
    assert len(found) == 1 + 3
