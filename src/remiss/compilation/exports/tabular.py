"""The compilation's points as CSV, for Excel as it is set up in Sweden.

Swedish Excel uses the comma as decimal separator and so expects semicolons between fields;
it reads a file as UTF-8 only when the file starts with a byte order mark. The file is
therefore UTF-8 with BOM, semicolon separated, CRLF line ends, with the same columns as the
spreadsheet's "Synpunkter" sheet: one row per point and part. Text cells that would start a
formula (=, +, -, @, tab, CR) get a leading apostrophe, so opening the file runs nothing.
"""

import csv
from io import StringIO

from remiss.compilation.assembly import Compilation

from . import common

DELIMITER = ";"
ENCODING = "utf-8-sig"


def build(compilation: Compilation) -> bytes:
    output = StringIO(newline="")
    writer = csv.writer(output, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(common.POINT_COLUMNS)
    for row in common.point_rows(compilation):
        writer.writerow(["" if value is None else common.safe_cell(value) for value in row])
    return output.getvalue().encode(ENCODING)
