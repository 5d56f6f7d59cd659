from remiss.textkit.extract import PDF, PLAIN_TEXT, detect_media_type, extract_pages


def test_plain_text_in_utf8_is_split_into_pages_on_form_feeds():
    extraction = extract_pages("svar.txt", "Sida ett\r\nrad två\fSida tre".encode())
    assert extraction.media_type == PLAIN_TEXT
    assert [(p.number, p.text) for p in extraction.pages] == [
        (1, "Sida ett\nrad två"),
        (2, "Sida tre"),
    ]
    assert extraction.error is None


def test_windows_1252_text_is_decoded_with_its_swedish_letters():
    extraction = extract_pages("svar.txt", "Yttrande från Åre kommun".encode("cp1252"))
    assert extraction.pages[0].text == "Yttrande från Åre kommun"


def test_a_pdf_is_recognised_by_its_bytes_and_reported_as_not_yet_readable():
    extraction = extract_pages("svar.txt", b"%PDF-1.7\n...")
    assert extraction.media_type == PDF
    assert extraction.pages == []
    assert extraction.error == "unsupported_format"


def test_media_type_falls_back_to_the_file_name():
    assert detect_media_type("bild.png", b"\x89PNG\r\n\x1a\n\x00") == "image/png"
