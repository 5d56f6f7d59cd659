"""The compilation as PDF (tagged, for screen readers) and PDF/A (for the archive).

The HTML template ``compilation/document.html`` is rendered with the ``Compilation`` and laid
out by WeasyPrint. ``<html lang="sv">`` and ``<title>`` become the PDF's /Lang and title; with
``pdf_tags`` the PDF carries a structure tree (headings, tables, lists). The archival copy is
PDF/A-3a, the accessible level of PDF/A-3, which WeasyPrint tags as well. Fonts are embedded
(DejaVu, installed with the system). Nothing is fetched from the network: the URL fetcher only
opens files in the compilation's static folder.
"""

import re
from io import BytesIO
from pathlib import Path

import pypdfium2
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from remiss.compilation.assembly import Compilation
from remiss.rendering import html_to_pdf

from . import common

STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "compilation"
TEMPLATE = "compilation/document.html"


def document_html(compilation: Compilation) -> str:
    """The HTML that WeasyPrint lays out (its stylesheet is relative to ``STATIC_DIR``)."""
    return render_to_string(
        TEMPLATE,
        {
            "compilation": compilation,
            "document_title": f"{common.DOCUMENT_TITLE}: {compilation.title}",
            "facts": common.facts(compilation),
            "count_lines": common.count_lines(compilation),
            # The charts escape every text they write.
            "stance_chart": mark_safe(common.stance_chart(compilation)),
            "heat_map": mark_safe(common.heat_map(compilation)) if compilation.heat_map else "",
            "sections": [
                {
                    "block": block,
                    "level": min(block.depth + 2, 6),
                    "rows": [
                        (entry, common.quote(entry), common.decision(entry))
                        for entry in block.entries
                    ],
                }
                for block in compilation.sections
            ],
            "annex": {
                "answered": [common.body_line(b) for b in compilation.answered_bodies],
                "declined": [
                    common.body_line(b, with_status=True) for b in compilation.declined_bodies
                ],
                "spontaneous": [common.body_line(b) for b in compilation.spontaneous_bodies],
            },
            "texts": common,
        },
    )


def _write(html: str, *, archival: bool = False) -> bytes:
    return html_to_pdf(html, archival=archival, files=STATIC_DIR)


def build(compilation: Compilation) -> bytes:
    """A tagged PDF."""
    return _write(document_html(compilation))


def build_archival(compilation: Compilation) -> bytes:
    """PDF/A-3a: archival and tagged."""
    return _write(document_html(compilation), archival=True)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """An SVG as a PNG picture: WeasyPrint lays it out on a page its size, pdfium rasterises."""
    width, height = _svg_size(svg)
    html = (
        '<!doctype html><html lang="sv"><head><style>'
        f"@page {{ size: {width}px {height}px; margin: 0 }}"
        " html, body { margin: 0 } svg { display: block }"
        f"</style></head><body>{svg}</body></html>"
    )
    pdf = pypdfium2.PdfDocument(_write(html))
    try:
        image = pdf[0].render(scale=scale * 96 / 72).to_pil()
    finally:
        pdf.close()
    output = BytesIO()
    image.convert("RGB").save(output, format="PNG", dpi=(96 * scale, 96 * scale))
    return output.getvalue()


def _svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (float(match[1]), float(match[2])) if match else (640.0, 400.0)
