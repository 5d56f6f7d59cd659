"""Reading an indicator's yearly values from a table an officer uploads. No Django here.

Three shapes are recognised, from the headers that ``remiss.textkit.tables.read_table`` gives
(lower case, single spaces):

- a plain table: a year column ("år", "year", "period") and a value column ("värde", "value");
- Kolada's export: the same two columns and around them a region ("kommun", "region",
  "kommun-id", "municipality"), a gender ("kön", "gender": only T/Totalt is taken) and the
  KPI ("kpi", "kpi-id", "titel");
- SCB's PxWeb table: label columns (the first is the region, "01 Stockholms län") and one
  column per year, whose header holds the year ("2019", "Förvärvsfrekvens 2019").

When the table has several regions, the row of the indicator's geography is taken (a code such
as "01" or "0180" matches "01 Stockholms län", Kolada's "0001" and "0180"); a table of one
region needs no geography. Values are read the Swedish way (decimal comma, spaces between
thousands) as well as the English way; SCB's ".." and "-" and empty cells mean "no value" and
are skipped. Anything else that is not a year or not a number is a ``Problem`` with its row
number, and the caller saves nothing (all or nothing). Problems carry codes; the application
words them (``remiss.followup.services``).
"""

import math
import re
from dataclasses import dataclass

from remiss.textkit.tables import Table, TableRow

YEAR_COLUMNS = ("år", "ar", "year", "period", "tid", "årtal")
VALUE_COLUMNS = ("värde", "varde", "value", "värde totalt", "utfall")
REGION_ID_COLUMNS = (
    "kommun-id",
    "kommunid",
    "kommun id",
    "municipality",
    "municipality_id",
    "municipality id",
    "region-id",
    "regionkod",
    "kommunkod",
    "länskod",
)
REGION_NAME_COLUMNS = ("kommun", "region", "län", "kommunnamn", "municipality name", "område")
GENDER_COLUMNS = ("kön", "kon", "gender", "sex")
TOTAL_GENDERS = ("t", "totalt", "total", "båda könen", "samtliga", "alla")
TOTAL_LABELS = (*TOTAL_GENDERS, "alla åldrar")
MISSING = ("", "..", "...", ".", "-", "–", "—", "…", "x", "n/a", "na")
YEAR_IN_HEADER = re.compile(r"(?<!\d)(\d{4})(?!\d)")
FIRST_YEAR, LAST_YEAR = 1900, 2100
_QUOTED = re.compile(rb'"[^"]*"')  # a quoted cell may hold the delimiter


@dataclass(frozen=True)
class Problem:
    """Why a row (or the table) cannot be used. ``code`` is one of CODES."""

    CODES = (
        "no_columns",  # neither year/value columns nor year columns
        "bad_year",
        "bad_value",
        "duplicate_year",  # a year twice with different values
        "region_not_found",  # no row for the indicator's geography
        "many_regions",  # several regions and no geography to choose one
        "many_rows",  # several rows for the chosen region
        "no_values",
    )

    code: str
    row: int | None = None
    value: str = ""
    column: str = ""


@dataclass(frozen=True)
class ParsedValues:
    shape: str  # "plain", "kolada", "pxweb" ("" when no shape was recognised)
    values: tuple[tuple[int, float], ...]  # (year, value) by year
    skipped: int  # cells marked as missing (".." and the like)
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_number(text: str) -> float | None:
    """A number written the Swedish or the English way; None for a missing-value mark.

    Raises ValueError for anything else.
    """
    cleaned = text.strip()
    if cleaned.casefold() in MISSING:
        return None
    cleaned = cleaned.replace("\u2212", "-").rstrip("%").strip()
    for space in (" ", "\u00a0", "\u202f", "\u2009", "'"):
        cleaned = cleaned.replace(space, "")
    if "," in cleaned and "." in cleaned:
        # both marks: the last one is the decimal mark, the other separates thousands
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", cleaned):
        raise ValueError(text)
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def parse_year(text: str) -> int:
    """A calendar year ("2019", "2019.0" from a spreadsheet); raises ValueError."""
    cleaned = text.strip()
    if re.fullmatch(r"\d{4}(\.0+)?", cleaned):
        year = int(cleaned[:4])
        if FIRST_YEAR <= year <= LAST_YEAR:
            return year
    raise ValueError(text)


def header_year(header: str) -> int | None:
    """The year a PxWeb column stands for ("2019", "förvärvsfrekvens 2019"), or None."""
    found = YEAR_IN_HEADER.findall(header)
    if len(found) != 1:
        return None
    year = int(found[0])
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def geography_matches(geography: str, *labels: str) -> bool:
    """Whether a region label or id is the indicator's geography.

    "01" matches "01", "0001" (Kolada's id of Region Stockholm) and "01 Stockholms län";
    a name matches regardless of case.
    """
    wanted = geography.strip().casefold()
    if not wanted:
        return False
    for label in labels:
        label = label.strip().casefold()
        if not label:
            continue
        if label == wanted:
            return True
        code = label.split(" ", 1)[0]
        if code == wanted:
            return True
        if code.isdigit() and wanted.isdigit() and int(code) == int(wanted):
            return True
        if label.split(" ", 1)[-1] == wanted:  # the name without its code
            return True
    return False


def strip_title_lines(data: bytes) -> bytes:
    """Blank the title lines SCB puts above a CSV table, keeping the row numbers.

    The header is the first line with as many delimiters as the table's fullest line among the
    first twenty; the lines above it become empty (read_table skips empty lines). XLSX files and
    tables without a title come back unchanged.
    """
    if data[:4] == b"PK\x03\x04":
        return data
    lines = data.split(b"\n")
    candidates = [(i, line) for i, line in enumerate(lines) if line.strip()][:20]
    if len(candidates) < 2:
        return data
    unquoted = [(i, _QUOTED.sub(b"", line)) for i, line in candidates]
    best = max(
        (b";", b",", b"\t"),
        key=lambda mark: max(line.count(mark) for _, line in unquoted),
    )
    most = max(line.count(best) for _, line in unquoted)
    header_index = next(i for i, line in unquoted if line.count(best) == most)
    if header_index == candidates[0][0]:
        return data
    return b"\n".join(b"" if i < header_index else line for i, line in enumerate(lines))


def _column(headers: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in headers:
            return name
    return None


def parse_indicator_table(table: Table, *, geography: str = "") -> ParsedValues:
    """The (year, value) pairs of a table in one of the three shapes, or its problems."""
    headers = table.headers
    year_column = _column(headers, YEAR_COLUMNS)
    value_column = _column(headers, VALUE_COLUMNS)
    if year_column and value_column:
        return _long(table, year_column, value_column, geography=geography)
    year_columns = [(h, header_year(h)) for h in headers]
    if any(year for _, year in year_columns) and any(year is None for _, year in year_columns):
        return _wide(table, geography=geography)
    return ParsedValues("", (), 0, (Problem("no_columns"),))


def _long(table: Table, year_column: str, value_column: str, *, geography: str) -> ParsedValues:
    """The plain table and Kolada's export: one row per year (and region, and gender)."""
    headers = table.headers
    id_column = _column(headers, REGION_ID_COLUMNS)
    name_column = _column(headers, REGION_NAME_COLUMNS)
    gender_column = _column(headers, GENDER_COLUMNS)
    kolada = bool(id_column or name_column or gender_column or "kpi" in headers)
    shape = "kolada" if kolada else "plain"

    rows = list(table.rows)
    if gender_column:
        rows = [
            row
            for row in rows
            if row.values.get(gender_column, "").strip().casefold() in TOTAL_GENDERS
        ]
    problems: list[Problem] = []
    region_columns = [c for c in (id_column, name_column) if c]
    if region_columns:
        rows, problem = _choose_region(
            rows, lambda row: tuple(row.values.get(c, "") for c in region_columns), geography
        )
        if problem:
            return ParsedValues(shape, (), 0, (problem,))

    cells = []
    for row in rows:
        raw_year = row.values.get(year_column, "")
        raw_value = row.values.get(value_column, "")
        if not raw_year and not raw_value:
            continue
        try:
            year = parse_year(raw_year)
        except ValueError:
            problems.append(Problem("bad_year", row.number, raw_year, year_column))
            continue
        cells.append((row.number, year, raw_value, value_column))
    return _collect(shape, cells, problems)


def _wide(table: Table, *, geography: str) -> ParsedValues:
    """SCB's PxWeb table: label columns, then one column per year; one row per region."""
    headers = table.headers
    years = {h: header_year(h) for h in headers}
    labels = [h for h in headers if years[h] is None]
    year_headers = [h for h in headers if years[h] is not None]
    problems: list[Problem] = []
    seen: dict[int, str] = {}
    for header in year_headers:
        year = years[header]
        if year in seen:
            problems.append(Problem("duplicate_year", 1, str(year), header))
        seen[year] = header
    if problems:
        return ParsedValues("pxweb", (), 0, tuple(problems))

    # rows without any value in the year columns are notes ("Källa: SCB"), not data
    rows = [row for row in table.rows if any(row.values.get(h, "") for h in year_headers)]
    region_column = labels[0]
    rows, problem = _choose_region(
        rows, lambda row: (row.values.get(region_column, ""),), geography
    )
    if problem:
        return ParsedValues("pxweb", (), 0, (problem,))
    if len(rows) > 1:  # other label columns (age, sex): take the row of totals
        others = labels[1:]
        totals = [
            row
            for row in rows
            if all(row.values.get(h, "").strip().casefold() in TOTAL_LABELS for h in others)
        ]
        if len(totals) != 1:
            return ParsedValues(
                "pxweb",
                (),
                0,
                (Problem("many_rows", rows[1].number, rows[1].values.get(region_column, "")),),
            )
        rows = totals
    cells = [(row.number, years[h], row.values.get(h, ""), h) for row in rows for h in year_headers]
    return _collect("pxweb", cells, problems)


def _choose_region(rows: list[TableRow], labels_of, geography: str):
    """The rows of the indicator's geography, or of the only region there is."""
    regions = list(dict.fromkeys(labels_of(row) for row in rows))
    if len(regions) <= 1:
        return rows, None
    if not geography.strip():
        names = ", ".join(" ".join(v for v in region if v) for region in regions[:5])
        return [], Problem("many_regions", value=names)
    chosen = [row for row in rows if geography_matches(geography, *labels_of(row))]
    if not chosen:
        return [], Problem("region_not_found", value=geography)
    return chosen, None


def _collect(shape: str, cells, problems: list[Problem]) -> ParsedValues:
    """Numbers from (row, year, text, column) cells; missing marks skipped, clashes reported."""
    values: dict[int, tuple[float, int]] = {}
    skipped = 0
    for number, year, raw, column in cells:
        try:
            value = parse_number(raw)
        except ValueError:
            problems.append(Problem("bad_value", number, raw, column))
            continue
        if value is None:
            skipped += 1
            continue
        if year in values and values[year][0] != value:
            problems.append(Problem("duplicate_year", number, str(year), column))
            continue
        values.setdefault(year, (value, number))
    if not problems and not values:
        problems.append(Problem("no_values"))
    if problems:
        return ParsedValues(shape, (), skipped, tuple(problems))
    return ParsedValues(
        shape, tuple((year, values[year][0]) for year in sorted(values)), skipped, ()
    )
