"""Read a table an officer uploads (CSV or XLSX) into rows of text, or say exactly why not.

Used for sändlistor and indicator values. CSV comes from Swedish Excel (semicolon, cp1252 or
UTF-8 with a byte-order mark) as often as from elsewhere (comma, tab, UTF-8), so the encoding
and the delimiter are recognised. XLSX is read with openpyxl in read-only mode; the first sheet
is the table. Every cell becomes a stripped string; dates become ISO dates and whole numbers
lose their ".0". Errors carry a code (the application turns it into a Swedish message) and
the row and column they concern. No Django here.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_ROWS = 100_000


@dataclass(frozen=True)
class TableRow:
    number: int  # the row's number in the file, the header being row 1
    values: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty value among the given column names."""
        for name in names:
            value = self.values.get(name, "")
            if value:
                return value
        return ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]  # normalised: lower case, single spaces
    rows: tuple[TableRow, ...] = field(default=())


class TableError(Exception):
    """Why a table could not be read: ``code`` is one of CODES."""

    CODES = (
        "unsupported_format",  # neither CSV nor XLSX
        "unreadable",  # a broken XLSX or binary junk in a CSV
        "unknown_encoding",
        "empty",  # no header row
        "no_rows",  # a header but no data
        "duplicate_column",
        "too_many_rows",
    )

    def __init__(self, code: str, *, row: int | None = None, column: str = ""):
        super().__init__(code if row is None else f"{code} (row {row}, column {column!r})")
        self.code = code
        self.row = row
        self.column = column


def normalise_header(name: str) -> str:
    return " ".join(str(name).replace("\ufeff", "").split()).casefold()


def read_table(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """The rows of a CSV or XLSX file; raises TableError."""
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if suffix == "xlsx" or data[:4] == b"PK\x03\x04":
        grid = _xlsx_grid(data)
    elif suffix in ("csv", "txt", "tsv", ""):
        grid = _csv_grid(data)
    else:
        raise TableError("unsupported_format")
    return _table(grid, max_rows=max_rows)


def _csv_grid(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise TableError("unreadable")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise TableError("unknown_encoding")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_grid(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only when an XLSX arrives

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError("unreadable") from error
    except Exception as error:  # openpyxl raises its own InvalidFileException and others
        raise TableError("unreadable") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(grid: list[list[str]], *, max_rows: int) -> Table:
    rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(grid, 1)]
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise TableError("empty")
    header_number, header_cells = rows[0]
    headers = [normalise_header(cell) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise TableError("duplicate_column", row=header_number, column=header)
        seen.add(header)
    body = rows[1:]
    if not body:
        raise TableError("no_rows")
    if len(body) > max_rows:
        raise TableError("too_many_rows")
    table_rows = tuple(
        TableRow(
            number,
            {
                header: (cells[i] if i < len(cells) else "")
                for i, header in enumerate(headers)
                if header
            },
        )
        for number, cells in body
    )
    return Table(tuple(h for h in headers if h), table_rows)
