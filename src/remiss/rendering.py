"""Documents Remiss writes: Swedish dates in prose, and PDF from HTML without the network.

Every generated PDF (compilation, missiv, receipts, reports) goes through ``html_to_pdf``:
WeasyPrint with a fetcher that opens only ``data:`` URLs and the files of one given folder
(the document's stylesheet and images), tagged for screen readers (title, language,
structure), and with ``archival=True`` as PDF/A-3a: PDF/A for preservation (Riksarkivet's
rules name PDF/A), level "a" so that it stays tagged.
"""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
SWEDISH_WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
ARCHIVE_VARIANT = "pdf/a-3a"


def swedish_date(day: date | None) -> str:
    """'5 mars 2021', as Swedish prose writes a date (ISO stays for tables)."""
    if day is None:
        return ""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def swedish_weekday(day: date) -> str:
    return SWEDISH_WEEKDAYS[day.weekday()]


def local_files_fetcher(root: Path | None):
    from weasyprint.urls import URLFetcher

    class LocalFilesOnly(URLFetcher):
        """``data:`` URLs and files inside ``root``; everything else is refused."""

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if root is None or not path.is_relative_to(root.resolve()):
                    raise ValueError(f"Only the document's own files may be read: {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"Nothing is fetched from the network: {url}")
            return super().fetch(url, headers)

    return LocalFilesOnly(allowed_protocols=("file", "data"), fail_on_errors=False)


def html_to_pdf(html: str, *, archival: bool = False, files: Path | None = None) -> bytes:
    """A tagged PDF of the HTML (PDF/A-3a when ``archival``); relative URLs resolve in ``files``."""
    from weasyprint import HTML  # imported when a PDF is made: it loads pango
    from weasyprint.urls import path2url

    base_url = path2url(str(files)) + "/" if files is not None else None
    document = HTML(string=html, base_url=base_url, url_fetcher=local_files_fetcher(files))
    if archival:
        return document.write_pdf(pdf_variant=ARCHIVE_VARIANT, pdf_tags=True)
    return document.write_pdf(pdf_tags=True)
