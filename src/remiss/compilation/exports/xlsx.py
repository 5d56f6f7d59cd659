"""The compilation as a spreadsheet (openpyxl): points, bodies and counts on three sheets.

"Synpunkter" has one row per point and part (a point placed under two parts is on two rows),
with a bold, frozen header row and a filter. "Remissinstanser" lists every body of the annex,
"Sammanfattning" the case, the counts and the summary sentences. Text cells that would start a
formula get a leading apostrophe (see ``common.safe_cell``).
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from remiss.compilation.assembly import Compilation

from . import common

POINT_WIDTHS = (9, 36, 28, 20, 24, 16, 80, 7, 24, 60, 18, 50)
WRAPPED = {"Avsnittets rubrik", "Synpunkt", "Regionens kommentar", "Motivering"}
BODY_COLUMNS = (
    "Remissinstans",
    "Typ av remissinstans",
    "På sändlistan",
    "Status",
    "Ställningstagande",
    "Inkom",
    "Efter svarstiden",
)
BODY_WIDTHS = (40, 22, 14, 20, 28, 12, 16)


def build(compilation: Compilation) -> bytes:
    workbook = Workbook()
    points = workbook.active
    points.title = "Synpunkter"
    _fill(points, common.POINT_COLUMNS, common.point_rows(compilation), POINT_WIDTHS)
    _fill(workbook.create_sheet("Remissinstanser"), BODY_COLUMNS, _body_rows(compilation),
          BODY_WIDTHS)  # fmt: skip
    _add_summary(workbook.create_sheet("Sammanfattning"), compilation)
    workbook.properties.title = f"{common.DOCUMENT_TITLE}: {compilation.title}"
    workbook.properties.subject = compilation.case_number
    workbook.properties.language = "sv-SE"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _fill(sheet, columns, rows, widths) -> None:
    """A table: bold frozen header, filter, column widths, wrapped long texts."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([common.safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for index, (name, width) in enumerate(zip(columns, widths, strict=True), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = wrap if name in WRAPPED else top


def _body_rows(compilation: Compilation) -> list[list]:
    return [
        [
            body.name,
            body.kind_display,
            "Ja" if body.invited else "Nej",
            body.status_display,
            body.stance_display,
            body.received_on,
            "Ja" if body.late else "Nej",
        ]
        for body in compilation.bodies
    ]


def _add_summary(sheet, compilation: Compilation) -> None:
    sheet.append([common.DOCUMENT_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([common.safe_cell(compilation.title)])
    sheet.append([])
    for label, value in common.facts(compilation):
        sheet.append([label, common.safe_cell(value)])
    sheet.append([])
    sheet.append(["Uppgift", "Antal"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
    for label, value in common.count_lines(compilation):
        sheet.append([label, value])
    sheet.append([])
    for sentence in compilation.summary:
        sheet.append([common.safe_cell(sentence)])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40
