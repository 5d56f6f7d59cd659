"""The annual follow-up report as Word (python-docx) and tagged PDF (WeasyPrint), in Swedish.

Both are built from a ``FollowupReport`` — the frozen one when the year has been frozen, else
the live assembly, marked as a draft — and query nothing more. The layout follows the
region's follow-up reports: the strategy and the year, a summary in numbers, what changed
since the year before, then per focus area a heading, a table of its insatser (Insats |
Ansvarig | Status | Kommentar), the points of answers behind them, and per indicator a chart
with a table of its values (År | Värde | Mål). The charts are the page's SVG: inline in the
PDF (with every number in their accessible name), as PNG pictures with alternative text in
Word.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation
from remiss.rendering import html_to_pdf, swedish_date

from .charts import indicator_chart_svg, swedish_number
from .models import AnnualReport
from .report import (
    BASIS_SNAPSHOT,
    BEHIND,
    NO_DATA,
    ON_TRACK,
    FollowupReport,
    IndicatorLine,
    InsatsLine,
    report_for_year,
)

STATIC_DIR = Path(__file__).resolve().parent / "static" / "followup"
TEMPLATE = "followup/report_document.html"
LANGUAGE = "sv-SE"

STATUS = {
    "planerad": "Planerad",
    "pagar": "Pågår",
    "klar": "Genomförd",
    "pausad": "Pausad",
    "avbruten": "Avbruten",
}
TRACK = {
    ON_TRACK: "I fas mot målet",
    BEHIND: "Efter målbanan",
    NO_DATA: "Underlag saknas för en bedömning",
}
SOURCES = {"scb": "SCB", "kolada": "Kolada", "eurostat": "Eurostat", "egen": "Egen uppgift"}

INSATS_HEADER = ("Insats", "Ansvarig", "Status", "Kommentar")
VALUES_HEADER = ("År", "Värde", "Mål")
SUMMARY = "Sammanfattning"
NO_PLAN = "Ingen handlingsplan är registrerad för inriktningsområdet."
NO_INSATSER = "Handlingsplanen har ännu inga insatser."
NO_INDICATORS = "Inga indikatorer är registrerade för inriktningsområdet."
NO_NARRATIVE = "Ingen rapport för året."
SOURCES_HEADING = "Synpunkter i remissvaren som insatserna svarar på"
PATH_NOTE = (
    "Målkolumnen visar den raka linjen från basvärdet till målet; en indikator är i fas när "
    "det senaste värdet når minst linjens värde det året (högst, när lägre är bättre)."
)
DEMO_NOTE = (
    "Rapporten innehåller exempeldata: handlingsplaner, insatser, rapporter och "
    "indikatorvärden markerade som exempel är påhittade för demonstrationen och är inte "
    "verkliga uppgifter."
)
DRAFT_NOTE = "Utkast: rapporten är inte fryst och kan ändras."


# --- Words shared by both documents ---------------------------------------------------------


def status_text(status: str) -> str:
    return STATUS.get(status, status)


def number_with_unit(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    number = swedish_number(value)
    return f"{number} {unit}" if unit else number


def period(start, end) -> str:
    if start and end:
        return f"{swedish_date(start)} – {swedish_date(end)}"
    if start:
        return f"från {swedish_date(start)}"
    if end:
        return f"till {swedish_date(end)}"
    return ""


def facts(report: FollowupReport, annual: AnnualReport | None) -> list[tuple[str, str]]:
    consultation = report.consultation
    lines = [
        ("Strategi", consultation.strategy_title),
        ("Uppföljningsår", str(report.year)),
        ("Ansvarig organisation", consultation.remitting_body),
        ("Remissens diarienummer", consultation.case_number),
    ]
    if consultation.adopted_on or consultation.adopted_by:
        adopted = " ".join(
            part
            for part in (
                swedish_date(consultation.adopted_on),
                f"av {consultation.adopted_by}" if consultation.adopted_by else "",
                f"({consultation.adoption_case_number})"
                if consultation.adoption_case_number
                else "",
            )
            if part
        )
        lines.append(("Antagen", adopted))
    if annual is not None:
        frozen = swedish_date(timezone.localdate(annual.frozen_at))
        if annual.frozen_by is not None:
            by = annual.frozen_by.get_full_name() or annual.frozen_by.get_username()
            frozen += f" av {by}"
        lines.append(("Rapporten fryst", frozen))
    else:
        lines.append(("Sammanställd", swedish_date(timezone.localdate(report.generated_at))))
    return lines


def summary_lines(report: FollowupReport) -> list[str]:
    insatser = [i for area in report.focus_areas for i in area.insatser]
    indicators = [line for area in report.focus_areas for line in area.indicators]
    statuses = Counter(i.status for i in insatser)
    tracks = Counter(line.track for line in indicators)
    lines = [
        f"{len(report.focus_areas)} inriktningsområden, {len(insatser)} insatser och "
        f"{len(indicators)} indikatorer följs upp för {report.year}."
    ]
    if insatser:
        lines.append(
            "Insatsernas status vid årets slut: "
            + ", ".join(
                f"{status_text(status).lower()} {statuses[status]}"
                for status in STATUS
                if statuses[status]
            )
            + "."
        )
        reported = sum(1 for i in insatser if i.narrative)
        lines.append(f"{reported} av {len(insatser)} insatser har rapporterats för året.")
    if indicators:
        lines.append(
            "Indikatorerna: "
            + ", ".join(f"{TRACK[t].lower()} {tracks[t]}" for t in TRACK if tracks[t])
            + "."
        )
    return lines


def changes_lines(report: FollowupReport) -> tuple[str, list[str]]:
    """The sentence saying what the comparison is against, and one line per change."""
    changes = report.changes
    if changes.basis == BASIS_SNAPSHOT:
        frozen = (
            f" (fryst {swedish_date(timezone.localdate(changes.previous_frozen_at))})"
            if changes.previous_frozen_at
            else ""
        )
        basis = f"Jämfört med den frysta rapporten för {changes.previous_year}{frozen}."
    else:
        basis = (
            f"Det finns ingen fryst rapport för {changes.previous_year}; jämförelsen bygger "
            "på historiken."
        )
    lines = [f"Ny insats: {label}" for label in changes.new_insatser]
    lines += [
        f"{change.insats}: {status_text(change.before)} → {status_text(change.after)}"
        for change in changes.status_changes
    ]
    for move in changes.indicator_moves:
        after = f"{number_with_unit(move.after.value, move.unit)} ({move.after.year})"
        if move.before is None:
            lines.append(f"{move.name}: nytt värde {after}")
        else:
            before = f"{number_with_unit(move.before.value, move.unit)} ({move.before.year})"
            lines.append(f"{move.name}: {before} → {after}")
    return basis, lines


def plan_heading(title: str) -> str:
    """'Handlingsplan: X', unless the plan's title already says so."""
    return title if title.lower().startswith("handlingsplan") else f"Handlingsplan: {title}"


def insats_cells(insats: InsatsLine) -> tuple[str, str, str, str]:
    title = insats.label
    planned = period(insats.planned_start, insats.planned_end)
    if planned:
        title += f"\nPlanerad: {planned}"
    if insats.actual_end:
        title += f"\nGenomförd: {period(insats.actual_start, insats.actual_end)}"
    elif insats.actual_start:
        title += f"\nStartad: {swedish_date(insats.actual_start)}"
    responsible = insats.responsible or "–"
    if insats.co_actors:
        responsible += "\nMed: " + ", ".join(insats.co_actors)
    status = status_text(insats.status)
    if insats.is_new:
        status += "\n(ny)"
    elif insats.status_changed:
        status += f"\n(tidigare {status_text(insats.status_before).lower()})"
    comment = insats.narrative or NO_NARRATIVE
    if insats.narrative and insats.narrative_by:
        comment += f"\n– {insats.narrative_by}"
    return title, responsible, status, comment


def indicator_facts(line: IndicatorLine) -> list[str]:
    parts = []
    if line.definition:
        parts.append(line.definition)
    source = SOURCES.get(line.source, line.source)
    if line.source_id:
        source += f" ({line.source_id})"
    if line.geography:
        source += f", geografi {line.geography}"
    parts.append(f"Källa: {source}." + (f" {line.attribution}" if line.attribution else ""))
    if line.base is not None:
        parts.append(f"Basvärde {line.base.year}: {number_with_unit(line.base.value, line.unit)}.")
    if line.target is not None:
        parts.append(f"Mål {line.target.year}: {number_with_unit(line.target.value, line.unit)}.")
    if line.latest is not None:
        latest = (
            f"Senaste värde ({line.latest.year}): {number_with_unit(line.latest.value, line.unit)}"
        )
        if line.change is not None and line.previous is not None:
            sign = "+" if line.change > 0 else ""
            latest += (
                f", förändring sedan {line.previous.year}: {sign}{swedish_number(line.change)}"
            )
        parts.append(latest + ".")
    else:
        parts.append("Inga värden ännu.")
    assessment = TRACK[line.track]
    if line.expected is not None and line.latest is not None:
        assessment += (
            f" (målbanan {line.latest.year}: {number_with_unit(line.expected, line.unit)})"
        )
    parts.append(f"Bedömning: {assessment}.")
    return parts


def path_value(line: IndicatorLine, year: int) -> float | None:
    """The value on the straight line from the base to the target in ``year``."""
    base, target = line.base, line.target
    if base is None or target is None or target.year <= base.year:
        return target.value if target is not None and year == target.year else None
    if year < base.year or year > target.year:
        return None
    return base.value + (target.value - base.value) * (year - base.year) / (target.year - base.year)


def value_rows(line: IndicatorLine) -> list[tuple[str, str, str]]:
    """(År, Värde, Mål) from the first value or base year to the target year."""
    values = {v.year: v.value for v in line.values}
    years = set(values)
    if line.base is not None:
        years.add(line.base.year)
    if line.target is not None:
        years.add(line.target.year)
    if not years:
        return []
    rows = []
    for year in range(min(years), max(years) + 1):
        value = values.get(year)
        if value is None and line.base is not None and year == line.base.year:
            value = line.base.value
        goal = path_value(line, year)
        if value is None and goal is None:
            continue
        rows.append(
            (
                str(year),
                number_with_unit(value, line.unit) if value is not None else "–",
                number_with_unit(goal, line.unit) if goal is not None else "",
            )
        )
    return rows


def chart(line: IndicatorLine, *, full_label: bool) -> str:
    return indicator_chart_svg(
        [(v.year, v.value) for v in line.values],
        title=line.name,
        unit=line.unit,
        target=(line.target.year, line.target.value) if line.target else None,
        base=(line.base.year, line.base.value) if line.base else None,
        full_label=full_label,
    )


def all_sources(area) -> list[tuple[str, str, str]]:
    """(insats label, body, point text) for every point behind the area's insatser."""
    return [
        (insats.label, source.body, source.point_text)
        for insats in area.insatser
        for source in insats.sources
    ]


# --- Word -----------------------------------------------------------------------------------


def _set_language(run_properties) -> None:
    """Swedish proofing language on a style's run properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header, repeated on every page (and read as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _describe_picture(document, title: str, svg: str) -> None:
    """The chart's <desc> (every number, in words) as the picture's alternative text."""
    start, end = svg.find("<desc>"), svg.find("</desc>")
    description = svg[start + len("<desc>") : end] if start >= 0 and end > start else title
    description = description.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("title", title)
    inline.docPr.set("descr", description)


def build_docx(report: FollowupReport, annual: AnnualReport | None) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    from remiss.compilation.exports.pdf import svg_to_png

    document = Document()
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.consultation.case_number
    properties.author = report.consultation.remitting_body
    properties.language = LANGUAGE
    properties.keywords = "uppföljning, handlingsplan, insatser, indikatorer"
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _set_language(normal.element.get_or_add_rPr())
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)

    def table(header, rows, widths):
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        _repeat_as_header(grid.rows[0])
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(grid.add_row().cells, row, strict=True):
                cell.text = text
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        document.add_paragraph()

    document.add_heading(report.title, level=0)
    for label, value in facts(report, annual):
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    if annual is None:
        document.add_paragraph().add_run(DRAFT_NOTE).italic = True
    if report.has_demo_data:
        document.add_paragraph().add_run(DEMO_NOTE).italic = True

    document.add_heading(SUMMARY, level=1)
    for sentence in summary_lines(report):
        document.add_paragraph(sentence)
    document.add_heading(f"Förändringar sedan {report.changes.previous_year}", level=1)
    basis, lines = changes_lines(report)
    document.add_paragraph(basis)
    if not lines:
        document.add_paragraph("Inga förändringar.")
    for line in lines:
        document.add_paragraph(line, style="List Bullet")

    for area in report.focus_areas:
        document.add_heading(area.heading, level=1)
        if not area.plans:
            document.add_paragraph(NO_PLAN).runs[0].italic = True
        for plan in area.plans:
            document.add_heading(plan_heading(plan.title), level=2)
            if plan.description:
                document.add_paragraph(plan.description)
            if not plan.insatser:
                document.add_paragraph(NO_INSATSER).runs[0].italic = True
                continue
            table(
                INSATS_HEADER,
                [insats_cells(insats) for insats in plan.insatser],
                (Cm(4.6), Cm(3.6), Cm(2.6), Cm(6.0)),
            )
        sources = all_sources(area)
        if sources:
            document.add_heading(SOURCES_HEADING, level=3)
            for label, body, text in sources:
                item = document.add_paragraph(style="List Bullet")
                item.add_run(f"{label} – {body}: ").bold = True
                item.add_run(f"”{text}”")
        if not area.indicators:
            document.add_paragraph(NO_INDICATORS).runs[0].italic = True
        for line in area.indicators:
            document.add_heading(f"Indikator: {line.name}", level=2)
            for sentence in indicator_facts(line):
                document.add_paragraph(sentence)
            svg = chart(line, full_label=True)
            document.add_picture(BytesIO(svg_to_png(svg)), width=Cm(15.5))
            _describe_picture(document, line.name, svg)
            document.add_paragraph(f"Diagram: {line.name}", style="Caption")
            rows = value_rows(line)
            if rows:
                table(VALUES_HEADER, rows, (Cm(3.0), Cm(5.0), Cm(5.0)))
                document.add_paragraph(PATH_NOTE).runs[0].italic = True

    output = BytesIO()
    document.save(output)
    return output.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def document_html(report: FollowupReport, annual: AnnualReport | None) -> str:
    basis, change_lines = changes_lines(report)
    return render_to_string(
        TEMPLATE,
        {
            "report": report,
            "annual": annual,
            "facts": facts(report, annual),
            "summary": summary_lines(report),
            "changes_basis": basis,
            "change_lines": change_lines,
            "areas": [
                {
                    "area": area,
                    "plans": [
                        {
                            "plan": plan,
                            "heading": plan_heading(plan.title),
                            "rows": [insats_cells(insats) for insats in plan.insatser],
                        }
                        for plan in area.plans
                    ],
                    "sources": all_sources(area),
                    "indicators": [
                        {
                            "line": line,
                            "facts": indicator_facts(line),
                            # The chart escapes every text it writes.
                            "chart": mark_safe(chart(line, full_label=True)),
                            "rows": value_rows(line),
                        }
                        for line in area.indicators
                    ],
                }
                for area in report.focus_areas
            ],
            "texts": {
                "insats_header": INSATS_HEADER,
                "values_header": VALUES_HEADER,
                "summary": SUMMARY,
                "no_plan": NO_PLAN,
                "no_insatser": NO_INSATSER,
                "no_indicators": NO_INDICATORS,
                "sources_heading": SOURCES_HEADING,
                "path_note": PATH_NOTE,
                "demo_note": DEMO_NOTE,
                "draft_note": DRAFT_NOTE,
            },
        },
    )


def build_pdf(report: FollowupReport, annual: AnnualReport | None) -> bytes:
    return html_to_pdf(document_html(report, annual), files=STATIC_DIR)


# --- Registry and the one entry point ---------------------------------------------------------


@dataclass(frozen=True)
class ReportFormat:
    name: str
    label: str
    media_type: str
    build: Callable[[FollowupReport, AnnualReport | None], bytes]


@dataclass(frozen=True)
class ReportFile:
    format: ReportFormat
    filename: str
    content: bytes
    report: FollowupReport
    frozen: bool


FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            build_docx,
        ),
        ReportFormat("pdf", "PDF", "application/pdf", build_pdf),
    )
}


def report_filename(report: FollowupReport, report_format: ReportFormat) -> str:
    """'uppfoljning-2022-RS-2020-0780.docx'."""
    case = re.sub(r"[^0-9A-Za-z]+", "-", report.consultation.case_number).strip("-")
    return f"uppfoljning-{report.year}-{case or 'utan-dnr'}.{report_format.name}"


def followup_report_export(
    *, actor: Any, consultation: Consultation, year: int, format: str
) -> ReportFile:
    """The year's report (frozen when frozen, else live) as a file; audited.

    Raises ``KeyError`` for an unknown format.
    """
    report_format = FORMATS[format]
    report, annual = report_for_year(consultation, year)
    content = report_format.build(report, annual)
    filename = report_filename(report, report_format)
    audit_record(
        actor=actor,
        action="followup.report_exported",
        obj=consultation,
        changes={
            "year": year,
            "format": report_format.name,
            "filename": filename,
            "frozen": annual is not None,
            "bytes": len(content),
        },
    )
    return ReportFile(report_format, filename, content, report, annual is not None)
