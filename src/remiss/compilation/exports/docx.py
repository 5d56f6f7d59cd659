"""The compilation as an editable Word document (python-docx), in Swedish.

The document follows the conventional remissammanställning: the case, a summary with counts
and a chart, one heading per part of the strategy with a table of the points and the region's
replies, and the annex listing the bodies. Headings use Word's heading styles, so the
navigation pane and a table of contents work; the chart has alternative text.
"""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from remiss.compilation.assembly import Compilation, SectionBlock

from . import common
from .pdf import svg_to_png

LANGUAGE = "sv-SE"


def build(compilation: Compilation) -> bytes:
    document = Document()
    _set_up(document, compilation)
    _add_heading_part(document, compilation)
    _add_summary(document, compilation)
    for block in compilation.sections:
        _add_section(document, block)
    _add_annex(document, compilation)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def _set_up(document, compilation: Compilation) -> None:
    """Core properties, Swedish proofing language, a readable body font."""
    properties = document.core_properties
    properties.title = f"{common.DOCUMENT_TITLE}: {compilation.title}"
    properties.subject = compilation.case_number
    properties.author = compilation.remitting_body
    properties.language = LANGUAGE
    properties.keywords = "remissammanställning, remissvar"
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _set_language(normal.element.get_or_add_rPr())
    # The default run properties decide the language of text in every style.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            _set_language(run_defaults.find(qn("w:rPr")))
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)


def _set_language(run_properties) -> None:
    if run_properties is None:
        return
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _add_heading_part(document, compilation: Compilation) -> None:
    document.add_heading(common.DOCUMENT_TITLE, level=0)
    subject = document.add_paragraph()
    subject.add_run(compilation.title).bold = True
    for label, value in common.facts(compilation):
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)


def _add_summary(document, compilation: Compilation) -> None:
    document.add_heading(common.SUMMARY, level=1)
    for sentence in compilation.summary:
        document.add_paragraph(sentence)
    for label, value in common.count_lines(compilation):
        document.add_paragraph(f"{label}: {value}", style="List Bullet")
    if compilation.stance_by_kind:
        svg = common.stance_chart(compilation)
        document.add_picture(BytesIO(svg_to_png(svg)), width=Cm(15.5))
        _describe_picture(document, common.STANCE_CHART_TITLE, _description(svg))
        caption = document.add_paragraph(common.STANCE_CHART_TITLE, style="Caption")
        caption.paragraph_format.space_after = Pt(12)


def _description(svg: str) -> str:
    """The chart's <desc>: the numbers it shows, in words, for the alternative text."""
    start, end = svg.find("<desc>"), svg.find("</desc>")
    text = svg[start + len("<desc>") : end] if start >= 0 and end > start else ""
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _describe_picture(document, title: str, description: str) -> None:
    """Alternative text on the picture just added (Word shows it as 'Alt text')."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("title", title)
    inline.docPr.set("descr", description)


def _add_section(document, block: SectionBlock) -> None:
    document.add_heading(block.heading, level=min(block.depth + 1, 9))
    if block.entries:
        for sentence in block.summary:
            document.add_paragraph(sentence)
    if block.considerations:
        label = document.add_paragraph()
        label.add_run(common.CONSIDERATIONS).bold = True
        for paragraph in block.considerations.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    if not block.entries:
        document.add_paragraph(common.NO_POINTS).runs[0].italic = True
        return
    _add_points_table(document, block)


def _add_points_table(document, block: SectionBlock) -> None:
    table = document.add_table(rows=1, cols=len(common.TABLE_HEADER))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, common.TABLE_HEADER, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for entry in block.entries:
        cells = table.add_row().cells
        cells[0].text = entry.body
        cells[1].text = common.quote(entry)
        cells[2].text = entry.reply
        _decision_cell(cells[3], entry)
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(3.4), Cm(6.6), Cm(4.6), Cm(2.8)), strict=True):
            cell.width = width
    document.add_paragraph()


def _decision_cell(cell, entry) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if entry.outcome_display:
        paragraph.add_run(entry.outcome_display).bold = True
    if entry.reason:
        if entry.outcome_display:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(entry.reason)


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header, repeated on every page (and read as headers)."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _add_annex(document, compilation: Compilation) -> None:
    document.add_page_break()
    document.add_heading(common.ANNEX, level=1)
    lists = (
        (common.ANSWERED, [common.body_line(b) for b in compilation.answered_bodies]),
        (
            common.NOT_ANSWERED,
            [common.body_line(b, with_status=True) for b in compilation.declined_bodies],
        ),
        (common.SPONTANEOUS, [common.body_line(b) for b in compilation.spontaneous_bodies]),
    )
    for heading, lines in lists:
        document.add_heading(heading, level=2)
        if not lines:
            document.add_paragraph(common.NONE)
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
