"""Files for the extraction tests, made once per test session (see builders.py)."""

import pytest

from remiss.textkit.extract import Limits, extract, ocr_available
from remiss.textkit.tests import builders


@pytest.fixture(scope="session")
def huddinge_pdf() -> bytes:
    return builders.text_pdf()


@pytest.fixture(scope="session")
def huddinge(huddinge_pdf):
    """The text-layer extraction of the Huddinge PDF."""
    return extract("huddinge.pdf", huddinge_pdf)[0]


@pytest.fixture(scope="session")
def scanned_pages(huddinge_pdf) -> list:
    return builders.scan_images(huddinge_pdf, [0, 1])


@pytest.fixture(scope="session")
def scanned_pdf(scanned_pages) -> bytes:
    return builders.image_only_pdf(scanned_pages)


@pytest.fixture(scope="session")
def mixed_pdf(huddinge_pdf, scanned_pdf) -> bytes:
    """The Huddinge PDF and then a scan of its second page."""
    return builders.mixed_pdf(huddinge_pdf, scanned_pdf, scanned_page=1)


@pytest.fixture(scope="session")
def docx_file() -> bytes:
    return builders.docx_bytes()


@pytest.fixture(scope="session")
def odt_file() -> bytes:
    return builders.odt_bytes()


@pytest.fixture
def needs_ocr():
    if not ocr_available():
        pytest.skip("tesseract with Swedish data is not installed (apt tesseract-ocr-swe)")


NO_OCR = Limits(ocr=False)
