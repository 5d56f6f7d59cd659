"""Importing an indicator's yearly values: a plain table, Kolada's export and SCB's PxWeb table,
as real CSV (semicolon or comma, cp1252 or UTF-8) and XLSX files; malformed files save nothing."""

import csv
import io

import openpyxl
import pytest
from django.utils import translation

from remiss.audit.models import AuditEvent
from remiss.followup.importing import (
    geography_matches,
    header_year,
    parse_indicator_table,
    parse_number,
    strip_title_lines,
)
from remiss.followup.models import IndicatorValue
from remiss.followup.services import indicator_create, indicator_value_set, indicator_values_import
from remiss.textkit.tables import read_table

from .services_case import make_case

# --- Files ---------------------------------------------------------------------------------


def csv_file(rows, *, delimiter=";", encoding="cp1252", title: str = "") -> bytes:
    out = io.StringIO()
    if title:
        out.write(title + "\r\n\r\n")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parse(filename: str, data: bytes, geography: str = ""):
    return parse_indicator_table(read_table(filename, strip_title_lines(data)), geography=geography)


KOLADA_ROWS = [
    ["KPI", "Titel", "Kommun-id", "Kommun", "År", "Kön", "Värde"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0180", "Stockholm", "2019", "T", "81,2"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0180", "Stockholm", "2019", "K", "80,1"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0180", "Stockholm", "2019", "M", "82,3"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0180", "Stockholm", "2020", "T", "79,9"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0180", "Stockholm", "2021", "T", ""],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0126", "Huddinge", "2019", "T", "77,0"],
    ["N00914", "Förvärvsarbetande 20-64 år, andel (%)", "0126", "Huddinge", "2020", "T", "76,4"],
]

PXWEB_ROWS = [
    ["region", "Förvärvsfrekvens 2019", "Förvärvsfrekvens 2020", "Förvärvsfrekvens 2021"],
    ["01 Stockholms län", "80,1", "79,5", ".."],
    ["03 Uppsala län", "79,0", "78,8", "79,2"],
]


# --- Numbers, years and regions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("72,3", 72.3),
        ("72.3", 72.3),
        ("1 234,5", 1234.5),
        ("1\u00a0234", 1234.0),
        ("12\u202f345", 12345.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("\u22123,2", -3.2),
        ("-0,5", -0.5),
        ("12 %", 12.0),
        ("..", None),
        ("-", None),
        ("", None),
    ],
)
def test_numbers_are_read_the_swedish_and_the_english_way(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "12,3,4", "1e999", "3 st", "nan"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_the_year_of_a_pxweb_column_and_the_region_of_a_row():
    assert header_year("förvärvsfrekvens 2019") == 2019
    assert header_year("2021") == 2021
    assert header_year("region") is None
    assert header_year("2019-2020") is None
    assert geography_matches("01", "01 Stockholms län")
    assert geography_matches("01", "0001", "Region Stockholm")
    assert geography_matches("0180", "0180", "Stockholm")
    assert geography_matches("stockholms län", "01 Stockholms län")
    assert not geography_matches("01", "03 Uppsala län")
    assert not geography_matches("", "01 Stockholms län")


# --- The three shapes ----------------------------------------------------------------------


def test_a_plain_table_in_semicolon_cp1252_csv():
    data = csv_file([["År", "Värde"], ["2019", "3,4"], ["2020", "3,6"], ["2021", ".."]])
    parsed = parse("fou.csv", data)
    assert parsed.ok and parsed.shape == "plain"
    assert parsed.values == ((2019, 3.4), (2020, 3.6))
    assert parsed.skipped == 1


def test_a_plain_table_in_comma_utf8_csv_with_a_byte_order_mark():
    data = "\ufeffyear,value\n2020,1200.5\n2019,1100\n".encode()
    parsed = parse("values.csv", data)
    assert parsed.values == ((2019, 1100.0), (2020, 1200.5))


def test_a_plain_table_in_xlsx():
    parsed = parse("värden.xlsx", xlsx_file([["år", "värde"], [2019, 12.5], [2020, 13]]))
    assert parsed.values == ((2019, 12.5), (2020, 13.0))


def test_koladas_export_takes_the_total_of_the_indicators_municipality():
    for name, data in (
        ("kolada.csv", csv_file(KOLADA_ROWS)),
        ("kolada.csv", csv_file(KOLADA_ROWS, delimiter=",", encoding="utf-8-sig")),
        ("kolada.xlsx", xlsx_file(KOLADA_ROWS)),
    ):
        parsed = parse(name, data, geography="0180")
        assert parsed.ok, parsed.problems
        assert parsed.shape == "kolada"
        assert parsed.values == ((2019, 81.2), (2020, 79.9))
        assert parsed.skipped == 1
    huddinge = parse("kolada.csv", csv_file(KOLADA_ROWS), geography="0126")
    assert huddinge.values == ((2019, 77.0), (2020, 76.4))


def test_koladas_english_columns_and_a_single_municipality_need_no_geography():
    rows = [
        ["kpi", "municipality", "period", "gender", "value"],
        ["N00914", "0001", "2019", "T", "80.1"],
        ["N00914", "0001", "2019", "K", "79.0"],
        ["N00914", "0001", "2020", "T", "79.5"],
    ]
    parsed = parse("kolada.csv", csv_file(rows, delimiter=",", encoding="utf-8"))
    assert parsed.shape == "kolada" and parsed.values == ((2019, 80.1), (2020, 79.5))


def test_several_municipalities_without_a_geography_are_a_problem():
    parsed = parse("kolada.csv", csv_file(KOLADA_ROWS))
    [problem] = parsed.problems
    assert problem.code == "many_regions" and "Stockholm" in problem.value
    missing = parse("kolada.csv", csv_file(KOLADA_ROWS), geography="0114")
    assert [p.code for p in missing.problems] == ["region_not_found"]


def test_scbs_pxweb_table_takes_the_row_of_the_indicators_county():
    for name, data in (
        ("scb.csv", csv_file(PXWEB_ROWS, title="Förvärvsfrekvens efter region och år")),
        ("scb.csv", csv_file(PXWEB_ROWS, delimiter=",", encoding="utf-8")),
        ("scb.xlsx", xlsx_file(PXWEB_ROWS)),
    ):
        parsed = parse(name, data, geography="01")
        assert parsed.ok, parsed.problems
        assert parsed.shape == "pxweb"
        assert parsed.values == ((2019, 80.1), (2020, 79.5))
        assert parsed.skipped == 1
    uppsala = parse("scb.csv", csv_file(PXWEB_ROWS), geography="03")
    assert uppsala.values == ((2019, 79.0), (2020, 78.8), (2021, 79.2))


def test_a_pxweb_table_of_one_region_with_plain_year_columns_and_a_note_below():
    rows = [
        ["region", "2018", "2019", "2020"],
        ["01 Stockholms län", "1 203 456", "1 250 000", "-"],
        ["Källa: SCB", "", "", ""],
    ]
    parsed = parse("scb.csv", csv_file(rows))
    assert parsed.values == ((2018, 1203456.0), (2019, 1250000.0))
    assert parsed.skipped == 1


def test_a_pxweb_table_with_more_labels_takes_the_row_of_totals():
    rows = [
        ["region", "kön", "2019", "2020"],
        ["01 Stockholms län", "män", "82,0", "81,0"],
        ["01 Stockholms län", "kvinnor", "78,0", "77,0"],
        ["01 Stockholms län", "totalt", "80,0", "79,0"],
    ]
    parsed = parse("scb.csv", csv_file(rows), geography="01")
    assert parsed.values == ((2019, 80.0), (2020, 79.0))


def test_a_year_twice_with_the_same_value_is_fine_and_with_another_value_is_not():
    same = parse("v.csv", csv_file([["år", "värde"], ["2019", "1"], ["2019", "1,0"]]))
    assert same.values == ((2019, 1.0),)
    clash = parse("v.csv", csv_file([["år", "värde"], ["2019", "1"], ["2019", "2"]]))
    assert [(p.code, p.row) for p in clash.problems] == [("duplicate_year", 3)]


def test_a_table_without_years_is_a_problem():
    parsed = parse("v.csv", csv_file([["namn", "antal"], ["A", "1"]]))
    assert [p.code for p in parsed.problems] == ["no_columns"]
    empty = parse("v.csv", csv_file([["år", "värde"], ["2019", ".."]]))
    assert [p.code for p in empty.problems] == ["no_values"]


# --- The import service --------------------------------------------------------------------


@pytest.fixture
def indicator(db, handlaggare):
    case = make_case()
    return indicator_create(
        actor=handlaggare,
        consultation=case.consultation,
        focus_area=case.skills,
        name="Förvärvsfrekvens 20–64 år",
        unit="procent",
        source="scb",
        geography="01",
    )


def stored(indicator):
    return [
        (v.year, v.value, v.imported_from)
        for v in IndicatorValue.objects.filter(indicator=indicator)
    ]


def test_an_import_records_every_year_with_the_file_it_came_from(indicator, handlaggare):
    data = csv_file(PXWEB_ROWS, title="Förvärvsfrekvens efter region och år")
    result = indicator_values_import(
        actor=handlaggare, indicator=indicator, filename="000006SW.csv", data=data
    )
    assert result.ok and result.imported == 2 and result.skipped == 1
    assert result.shape == "pxweb"
    assert stored(indicator) == [(2019, 80.1, "000006SW.csv"), (2020, 79.5, "000006SW.csv")]
    [event] = AuditEvent.objects.filter(action="followup.indicator_values_imported")
    assert event.changes == {"file": "000006SW.csv", "shape": "pxweb", "years": [2019, 2020]}

    newer = [["år", "värde"], ["2020", "79,6"], ["2021", "80,0"]]
    result = indicator_values_import(
        actor=handlaggare, indicator=indicator, filename="egen.xlsx", data=xlsx_file(newer)
    )
    assert result.imported == 2
    assert stored(indicator) == [
        (2019, 80.1, "000006SW.csv"),
        (2020, 79.6, "egen.xlsx"),
        (2021, 80.0, "egen.xlsx"),
    ]


@pytest.mark.parametrize(
    ("rows", "messages"),
    [
        (
            [["år", "värde"], ["2019", "80,1"], ["20x0", "79,5"], ["2021", "många"]],
            [
                "Row 3: “20x0” is not a year.",
                "Row 4, column “värde”: “många” is not a number.",
            ],
        ),
        (
            [["år", "värde"], ["2019", "80,1"], ["2019", "81,0"]],
            ["Row 3: the year 2019 appears more than once, with different values."],
        ),
        (
            [["region", "2019", "2020"], ["01 Stockholms län", "80,1", "ca 80"]],
            ["Row 2, column “2020”: “ca 80” is not a number."],
        ),
        (
            [["region", "2019"], ["03 Uppsala län", "79,0"], ["04 Södermanlands län", "77"]],
            ["No row of the table is for the indicator's geography “01”."],
        ),
    ],
)
def test_a_malformed_file_saves_nothing_and_names_its_rows(indicator, handlaggare, rows, messages):
    indicator_value_set(actor=handlaggare, indicator=indicator, year=2019, value=70.0)
    with translation.override("en"):
        result = indicator_values_import(
            actor=handlaggare, indicator=indicator, filename="fel.csv", data=csv_file(rows)
        )
    assert not result.ok and result.imported == 0
    assert result.errors == messages
    assert stored(indicator) == [(2019, 70.0, "")]
    assert not AuditEvent.objects.filter(action="followup.indicator_values_imported").exists()


def test_an_unreadable_file_is_explained(indicator, handlaggare):
    with translation.override("en"):
        broken = indicator_values_import(
            actor=handlaggare, indicator=indicator, filename="v.xlsx", data=b"PK\x03\x04trasig"
        )
        empty = indicator_values_import(
            actor=handlaggare, indicator=indicator, filename="v.csv", data=b"ar;varde\r\n"
        )
        pdf = indicator_values_import(
            actor=handlaggare, indicator=indicator, filename="v.pdf", data=b"%PDF-1.7"
        )
    assert broken.errors == ["The file is damaged or is not a real CSV or XLSX file."]
    assert empty.errors == ["The file has a header row but no rows below it."]
    assert pdf.errors == ["Only CSV and XLSX files can be read as a table."]
    assert not IndicatorValue.objects.exists()
