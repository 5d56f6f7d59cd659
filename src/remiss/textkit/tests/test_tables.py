"""Reading uploaded tables: Swedish Excel CSV, plain CSV, XLSX, and clear errors for the rest."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from remiss.textkit.tables import TableError, read_table


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_swedish_excel_csv_with_semicolons_and_cp1252():
    data = "Namn;Typ\r\nHuddinge kommun;kommun\r\n;\r\nSödertörns högskola;lärosäte\r\n"
    table = read_table("lista.csv", data.encode("cp1252"))
    assert table.headers == ("namn", "typ")
    assert [row.values["namn"] for row in table.rows] == ["Huddinge kommun", "Södertörns högskola"]
    assert [row.number for row in table.rows] == [2, 4]


def test_utf8_csv_with_a_byte_order_mark_and_commas():
    data = "\ufeffNamn , E-post\nNacka kommun,registrator@nacka.se\n".encode()
    table = read_table("lista.csv", data)
    assert table.headers == ("namn", "e-post")
    assert table.rows[0].get("epost", "e-post") == "registrator@nacka.se"


def test_xlsx_first_sheet_with_dates_and_whole_numbers():
    data = xlsx([["Namn", "År", "Värde", "Datum"], ["Solna stad", 2022, 3.0, date(2022, 1, 5)]])
    table = read_table("lista.xlsx", data)
    assert table.rows[0].values == {
        "namn": "Solna stad",
        "år": "2022",
        "värde": "3",
        "datum": "2022-01-05",
    }


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("lista.pdf", b"%PDF-1.7", "unsupported_format"),
        ("lista.xlsx", b"PK\x03\x04 not really a zip", "unreadable"),
        ("lista.csv", b"\x00\x01\x02binary", "unreadable"),
        ("lista.csv", b"\n\n  \n", "empty"),
        ("lista.csv", b"namn;typ\n", "no_rows"),
        ("lista.csv", b"namn;Namn\nA;B\n", "duplicate_column"),
    ],
)
def test_what_cannot_be_read_says_why(filename, data, code):
    with pytest.raises(TableError) as error:
        read_table(filename, data)
    assert error.value.code == code


def test_a_limit_on_rows():
    with pytest.raises(TableError) as error:
        read_table("lista.csv", b"namn\n" + b"x\n" * 11, max_rows=10)
    assert error.value.code == "too_many_rows"
