"""Plain text, detection of types from bytes, and the guarantees of extract()."""

import pytest

from remiss.textkit.extract import (
    DOCX,
    ERROR_CODES,
    ODT,
    PDF,
    PLAIN_TEXT,
    ZIP,
    Limits,
    detect_media_type,
    extract,
    extract_pages,
)
from remiss.textkit.tests import builders


def test_plain_text_in_utf8_is_split_into_pages_on_form_feeds():
    [found] = extract("svar.txt", "Sida ett\r\nrad två\fSida tre".encode())
    assert found.media_type == PLAIN_TEXT
    assert [(p.number, p.text) for p in found.pages] == [(1, "Sida ett\nrad två"), (2, "Sida tre")]
    assert found.error is None
    assert (found.path, found.name, found.container, found.role) == (
        "svar.txt",
        "svar.txt",
        None,
        "document",
    )


def test_a_byte_order_mark_is_not_part_of_the_text():
    [found] = extract("svar.txt", "\ufeffYttrande".encode())
    assert found.pages[0].text == "Yttrande"


def test_windows_1252_text_is_decoded_with_its_swedish_letters_and_quotes():
    [found] = extract("svar.txt", "Yttrande från Åre kommun – ”bra”".encode("cp1252"))
    assert found.pages[0].text == "Yttrande från Åre kommun – ”bra”"


def test_text_with_a_byte_windows_1252_leaves_undefined_is_read_as_latin_1():
    [found] = extract("svar.txt", b"Sm\xe5land \x81")
    assert found.pages[0].text == "Småland \x81"


def test_utf_16_with_a_byte_order_mark_is_text_not_binary():
    [found] = extract("svar.txt", "Yttrande från Öland".encode("utf-16"))
    assert found.pages[0].text == "Yttrande från Öland"


def test_html_is_read_as_text_without_its_markup():
    page = b"<!DOCTYPE html><html><head><style>p{}</style></head><body><h1>Yttrande</h1>"
    page += b"<p>Vi &auml;r positiva.</p><script>alert(1)</script></body></html>"
    [found] = extract("svar.html", page)
    assert found.media_type == "text/html"
    assert found.pages[0].text == "Yttrande\n\nVi är positiva."


def test_known_headings_and_heading_shaped_lines_in_text_are_found():
    text = (
        "Kommunstyrelsen\n\nSammanfattning\nKommunen stödjer förslaget.\n\n"
        "Synpunkter på kapitel 3\n"
        "Kapitlet om kompetensförsörjning behöver utvecklas mer än vad som nu görs.\n"
    )
    [found] = extract("svar.txt", text.encode())
    assert [h.text for h in found.headings] == ["Sammanfattning", "Synpunkter på kapitel 3"]


def test_a_text_file_with_nothing_but_spaces_has_no_text():
    [found] = extract("svar.txt", b" \n\n \f ")
    assert found.error.code == "no_text"
    assert found.pages == ()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"II*\x00\x08\x00", "image/tiff"),
        (b"Return-Path: <a@b.se>\nFrom: a@b.se\n\nHej", "message/rfc822"),
        (b"Yttrande\n", PLAIN_TEXT),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "application/msword"),
    ],
)
def test_the_media_type_comes_from_the_bytes_not_the_name(data, media_type):
    assert detect_media_type("svar.doc", data) == media_type


def test_office_packages_are_told_apart_from_plain_zip_files(docx_file, odt_file):
    assert detect_media_type("a.zip", docx_file) == DOCX
    assert detect_media_type("a.zip", odt_file) == ODT
    assert detect_media_type("a.docx", builders.zip_bytes({"a.txt": b"a"})) == ZIP


def test_a_document_with_the_wrong_extension_is_read_by_its_bytes(docx_file):
    [found] = extract("yttrande.pdf", docx_file)
    assert found.media_type == DOCX
    assert found.error is None
    assert "Huddinge kommun stödjer" in found.pages[0].text


def test_an_old_word_file_is_recognised_but_not_read():
    [found] = extract("svar.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert (found.media_type, found.error.code) == ("application/msword", "unsupported_format")


def test_a_path_in_the_name_is_reduced_to_the_file_name():
    [found] = extract("C:\\Users\\reg\\svar.txt", b"Hej")
    assert (found.path, found.name) == ("svar.txt", "svar.txt")


def test_the_first_versions_extract_pages_still_answers_in_its_shape():
    extraction = extract_pages("svar.txt", "Sida ett\fSida två".encode())
    assert extraction.media_type == PLAIN_TEXT
    assert [p.text for p in extraction.pages] == ["Sida ett", "Sida två"]
    assert extraction.error is None
    assert extract_pages("svar.pdf", b"%PDF-1.4 not a real pdf").error == "corrupt"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" * 3,
        b"PK\x03\x04" + bytes(200),
        b"PK\x05\x06" + bytes(18),
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff" + b"\xff" * 50,
        b"From: \x00\x01\x02",
        b"II*\x00\xff\xff\xff\xff",
    ],
)
def test_broken_files_give_an_error_code_and_never_raise(data):
    for found in extract("fil", data, limits=Limits(ocr=False)):
        assert found.error is None or found.error.code in ERROR_CODES
