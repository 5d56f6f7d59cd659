"""Generated PDFs read nothing but their own files, and Swedish dates read as prose."""

from datetime import date

import pypdfium2
import pytest

from remiss.compilation.exports.pdf import STATIC_DIR
from remiss.rendering import html_to_pdf, local_files_fetcher, swedish_date, swedish_weekday


def test_the_fetcher_refuses_the_network_and_files_outside_its_folder(tmp_path):
    fetcher = local_files_fetcher(STATIC_DIR)
    with pytest.raises(ValueError, match="network"):
        fetcher.fetch("http://127.0.0.1:9/style.css")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/font.woff")
    outside = tmp_path / "secret.css"
    outside.write_text("body {}")
    with pytest.raises(ValueError, match="own files"):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(ValueError, match="own files"):
        local_files_fetcher(None).fetch((STATIC_DIR / "document.css").as_uri())
    response = fetcher.fetch((STATIC_DIR / "document.css").as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_document_asking_for_the_network_still_renders_without_it():
    html = (
        "<html lang='sv'><head><title>Prov</title>"
        "<link rel='stylesheet' href='https://example.org/x.css'></head>"
        "<body><h1>Rubrik</h1><img src='http://127.0.0.1:9/bild.png' alt='Bild'></body></html>"
    )
    pdf = pypdfium2.PdfDocument(html_to_pdf(html))
    assert "Rubrik" in pdf[0].get_textpage().get_text_range()
    assert pdf.get_metadata_dict()["Title"] == "Prov"


def test_swedish_dates_in_prose():
    assert swedish_date(date(2021, 3, 5)) == "5 mars 2021"
    assert swedish_date(None) == ""
    assert swedish_weekday(date(2021, 3, 5)) == "fredag"
