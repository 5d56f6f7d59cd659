"""Documents Remiss writes: Swedish dates in prose, and PDF from HTML without the network.

Every generated PDF (compilation, missiv, receipts, reports) goes through ``html_to_pdf``:
WeasyPrint with a fetcher that allows only ``file:`` and ``data:`` URLs, tagged for screen
readers (title, language, structure), and with ``archival=True`` as PDF/A-3a: PDF/A for
preservation (Riksarkivet's rules name PDF/A), level "a" so that it stays tagged.
"""

from datetime import date

SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
SWEDISH_WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def swedish_date(day: date | None) -> str:
    """'5 mars 2021', as Swedish prose writes a date (ISO stays for tables)."""
    if day is None:
        return ""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def swedish_weekday(day: date) -> str:
    return SWEDISH_WEEKDAYS[day.weekday()]


def html_to_pdf(html: str, *, archival: bool = False, base_url: str | None = None) -> bytes:
    """A tagged PDF of the HTML, PDF/A-3a when ``archival``; nothing fetched from a network."""
    from weasyprint import HTML, URLFetcher  # imported when a PDF is made: it loads pango

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    if archival:
        return document.write_pdf(pdf_variant="pdf/a-3a")
    return document.write_pdf(pdf_tags=True)
