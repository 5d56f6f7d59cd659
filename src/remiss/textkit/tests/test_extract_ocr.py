"""OCR of scanned pages with tesseract: a noisy scan must come back nearly letter for letter."""

import re

import pytest
from rapidfuzz.distance import Levenshtein

from remiss.textkit.extract import PDF, Limits, extract, ocr_available
from remiss.textkit.formats.ocr import pnm_bytes
from remiss.textkit.tests import builders

pytestmark = pytest.mark.usefixtures("needs_ocr")


def character_error_rate(reference: str, recognised: str) -> float:
    reference, recognised = (re.sub(r"\s+", " ", text).strip() for text in (reference, recognised))
    return Levenshtein.distance(reference, recognised) / max(len(reference), 1)


def test_a_scanned_pdf_is_read_back_with_under_two_percent_character_errors(huddinge, scanned_pdf):
    [found] = extract("skannad.pdf", scanned_pdf)
    assert (found.media_type, found.error, found.ocr_used) == (PDF, None, True)
    assert [page.number for page in found.pages] == [1, 2]
    for scanned, original in zip(found.pages, huddinge.pages[:2], strict=True):
        assert character_error_rate(original.text, scanned.text) < 0.02
    assert "Sammanfattning" in [heading.text for heading in found.headings]


def test_only_the_scanned_page_of_a_mixed_pdf_is_ocrd(huddinge, mixed_pdf):
    [found] = extract("blandad.pdf", mixed_pdf, limits=Limits(ocr_dpi=200))
    assert (found.error, found.ocr_used) == (None, True)
    text_pages = len(huddinge.pages)
    assert [page.text for page in found.pages[:text_pages]] == [p.text for p in huddinge.pages]
    scanned = found.pages[text_pages]
    assert scanned.number == text_pages + 1
    assert character_error_rate(huddinge.pages[1].text, scanned.text) < 0.02


def test_a_scanned_image_is_read_with_ocr(scanned_pages):
    top = scanned_pages[0].crop((0, 0, scanned_pages[0].width, scanned_pages[0].height // 3))
    [found] = extract("skanning.png", builders.png_bytes(top))
    assert (found.media_type, found.error, found.ocr_used) == ("image/png", None, True)
    assert "daterat den 21 januari 2021" in found.pages[0].text


def test_a_page_that_takes_too_long_is_an_ocr_failure_not_a_hang(scanned_pdf):
    [found] = extract("skannad.pdf", scanned_pdf, limits=Limits(ocr_timeout_seconds=0.01))
    assert found.error.code == "ocr_failed"
    assert "longer than" in found.error.detail


def test_ocr_available_finds_swedish_and_not_a_made_up_language():
    assert ocr_available() is True
    assert ocr_available("xx_no_such_language") is False


def test_a_missing_language_gives_ocr_unavailable(scanned_pdf):
    [found] = extract("skannad.pdf", scanned_pdf, limits=Limits(ocr_language="xx_none"))
    assert found.error.code == "ocr_unavailable"


def test_a_grayscale_buffer_with_row_padding_becomes_a_valid_pgm():
    image = pnm_bytes(3, 2, 4, bytes([1, 2, 3, 0, 4, 5, 6, 0]))
    assert image == b"P5\n3 2\n255\n\x01\x02\x03\x04\x05\x06"
