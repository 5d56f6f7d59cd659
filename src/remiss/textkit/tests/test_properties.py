"""Properties of the identifier finders and the letter-facts reader on any text at all.

Hypothesis draws text of every kind (control characters, mixed scripts, digits of other
scripts, very long lines, many newlines) and values in the shapes the domain writes them. The
finders must never raise and always return what they promise: spans inside the text whose
slice is the raw value, real calendar dates, normalised values in their documented format; a
valid value embedded in ordinary prose is found again with the same normalised form.

Derandomised, so that CI runs the same examples every time; no deadline, so that a loaded
machine does not make it flaky. The cases that once failed are kept as explicit examples.
"""

import datetime
import itertools
import re
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from remiss.textkit.documents import Page, Span
from remiss.textkit.identifiers import (
    InvalidOrganisationNumber,
    case_number_key,
    find_case_numbers,
    find_dates,
    find_email_addresses,
    find_organisation_numbers,
    find_personal_numbers,
    find_phone_numbers,
    luhn_checksum_ok,
    normalise_organisation_number,
    parse_swedish_date,
    tidy_case_number,
)
from remiss.textkit.letter import letter_facts
from remiss.textkit.tests import builders

PROPERTIES = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -------------------------------------------------------------------------------

# Digits of other scripts: "０" (fullwidth), "٣" (Arabic-Indic), "१" (Devanagari) are decimal
# digits that ``\d`` matches; "①", "²" and "𐩀" are digits for ``str.isdigit`` that ``int``
# cannot read.
_ODD_DIGITS = ["\uff10", "\uff11", "\u0663", "\u0967", "\u2460", "\u00b2", "\U00010a40"]
_DIGITS = st.sampled_from(list("0123456789") + _ODD_DIGITS)
_FRAGMENTS = st.sampled_from(
    [
        "-", "\u2013", "\u2011", "/", " ", "  ", "\n", "\n\n\n", "\t", "\r", "\x0c", "\x00",
        "+", "+46 ", "0046", "08-", "070-", ".", ":", ",", "@", "ab.se", "www.", "RS ", "KS ",
        "N", "Fi", "Dnr ", "Er beteckning: ", "SFS ", "den ", " mars ", "maj", "19", "20",
        "Anna Svensson", "Kommundirektör", "Huddinge kommun", "Kommunstyrelsen", "Bilagor",
        "Beslutet ska skickas till", "Yttrande över remiss", "ÅÄÖ", "Ölandsbron", "Москва",
        "東京", "\u202e", "\ufeff", "\u00a0", "\u200b",
    ]
)  # fmt: skip
_PIECE = st.one_of(
    st.text(max_size=25),
    st.text(alphabet=_DIGITS, min_size=1, max_size=14),
    _FRAGMENTS,
)
# Text that often looks like identifiers: pieces of domain text, digits and separators.
hostile_text = st.lists(_PIECE, max_size=25).map("".join)
# One long line or very many lines.
long_text = st.tuples(
    st.sampled_from(["A", "Aa ", "A-", "0", "1-", "den 1 mars 2020 ", "\n", "Anna Svensson\t"]),
    st.integers(min_value=200, max_value=1500),
).map(lambda unit_count: unit_count[0] * unit_count[1])
any_text = st.one_of(st.text(), hostile_text)

# Filler that cannot join an identifier: lower-case words without digits or cue words.
_FILLER = st.lists(
    st.sampled_from(["yttrande", "över", "remissen", "och", "kommunen", "svar", "angående"]),
    max_size=4,
).map(" ".join)


def _embedded(value: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str, int]]:
    """(text, value, offset): the value between filler words, separated by a space."""

    def build(parts: tuple[str, str, str]) -> tuple[str, str, int]:
        before, raw, after = parts
        prefix = f"{before} " if before else ""
        return f"{prefix}{raw} {after}".rstrip(), raw, len(prefix)

    return st.tuples(_FILLER, value, _FILLER).map(build)


def _check_span(text: str, span: tuple[int, int], raw: str) -> None:
    start, end = span
    assert 0 <= start < end <= len(text), (span, len(text))
    assert text[start:end] == raw


def _in_order_without_overlap(spans: list[tuple[int, int]]) -> None:
    for (_, previous_end), (start, _) in itertools.pairwise(spans):
        assert previous_end <= start


# --- case numbers -----------------------------------------------------------------------------

_EXCLUDED = {"SFS", "SOU", "DS", "PROP", "BET", "SKR", "DIR", "EU", "EG", "EEG", "COM", "KOM"}
_EXCLUDED |= {"FPM", "ISO", "SS", "EN", "RUFS", "HKF", "CPR", "NUTS", "SE"}
_UPPER = "ABCDEFGHIJKLMNOPRSTUVÅÄÖ"
_prefix = st.text(alphabet=_UPPER, min_size=2, max_size=4).filter(
    lambda prefix: prefix not in _EXCLUDED and not prefix.endswith("FS")
)
_year = st.integers(min_value=1990, max_value=2039).map(str)
_serial = st.integers(min_value=1, max_value=9999).map(lambda n: f"{n:04d}")
_dash = st.sampled_from(["-", "\u2013", "\u2011"])


def _case_numbers() -> st.SearchStrategy[str]:
    """Case numbers in the shapes of domain brief §2.1 (see identifiers._CASE_SHAPES)."""
    serial3 = st.integers(min_value=1, max_value=99999).map(lambda n: f"{n:03d}")
    return st.one_of(
        # RS 2020-0780, RS2020–0780 (the serial starts with 0: "RS 2020-2030" is a year range)
        st.builds(
            lambda p, sp, y, d, s: f"{p}{sp}{y}{d}0{s[1:]}",
            _prefix, st.sampled_from([" ", ""]), _year, _dash, _serial,
        ),
        # N2018/05320/RTS, Fi2016/02568/K
        st.builds(
            lambda p, y, s, u: f"{p}{y}/{s}{u}",
            st.sampled_from(["N", "Fi", "S", "Ju", "UD", "M", "I"]), _year, serial3,
            st.sampled_from(["", "/RS", "/K", "/FS", "/RTS"]),
        ),
        # N2015-08441-RS
        st.builds(
            lambda p, y, s, u: f"{p}{y}-{s}-{u}",
            st.sampled_from(["N", "Fi", "S", "Ju"]), _year, serial3, st.sampled_from(["RS", "K"]),
        ),
        # KS 2019/483, KS-2016/261.182, KS2022/100
        st.builds(
            lambda p, sp, y, s, x: f"{p}{sp}{y}/{s}{x}",
            _prefix, st.sampled_from([" ", "-", ""]), _year,
            st.integers(min_value=1, max_value=99999).map(str), st.sampled_from(["", ".182"]),
        ),
        # KS/2015:404, LS/842/2014, NV-05326-12, 3.1.2-814/2025
        st.builds(lambda p, y, s: f"{p}/{y}:{s}", _prefix, _year, serial3),
        st.builds(lambda p, y, s: f"{p}/{s}/{y}", _prefix, _year, serial3),
        st.builds(
            lambda p, s, yy: f"{p}-{s}-{yy:02d}",
            _prefix, _serial.map(lambda s: "0" + s), st.integers(min_value=0, max_value=99),
        ),
        st.builds(
            lambda a, b, s, y: f"{a}.{b}-{s}/{y}",
            st.integers(1, 9), st.integers(1, 99), st.integers(1, 99999), _year,
        ),
    )  # fmt: skip


@PROPERTIES
@given(any_text)
@example("①")  # isdigit() but not int(): once raised ValueError in the Luhn check
def test_case_number_hits_are_slices_of_the_text_with_their_own_keys(text):
    hits = find_case_numbers(text)
    for hit in hits:
        _check_span(text, hit.span, hit.raw)
        assert hit.tidy == tidy_case_number(hit.raw)
        assert hit.key == case_number_key(hit.raw)
        assert hit.key and hit.key == hit.key.strip("-")
    _in_order_without_overlap([hit.span for hit in hits])


@PROPERTIES
@given(_embedded(_case_numbers()))
def test_a_case_number_in_any_domain_shape_is_found_with_its_key(embedded):
    text, raw, offset = embedded
    hits = find_case_numbers(text)
    assert [(hit.span, hit.key) for hit in hits] == [
        ((offset, offset + len(raw)), case_number_key(raw))
    ]


@PROPERTIES
@given(any_text)
def test_tidying_and_keying_a_case_number_are_idempotent(text):
    tidy = tidy_case_number(text)
    assert tidy_case_number(tidy) == tidy
    assert "  " not in tidy and tidy == tidy.strip()
    assert case_number_key(tidy) == case_number_key(text)


@PROPERTIES
@given(_case_numbers())
def test_the_key_of_a_key_is_the_key(raw):
    key = case_number_key(raw)
    assert case_number_key(key) == key
    assert case_number_key(raw.lower()) == key


# --- dates ------------------------------------------------------------------------------------

_MONTH_NAMES = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
]  # fmt: skip
_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))


def _written(value: datetime.date, style: int, dash: str) -> str:
    month = _MONTH_NAMES[value.month - 1]
    return [
        f"{value.year}{dash}{value.month:02d}{dash}{value.day:02d}",
        f"den {value.day} {month} {value.year}",
        f"{value.day} {month.capitalize()} {value.year}",
        f"{value.day}/{value.month}-{value.year}",
        f"tisdagen den {value.day}:e {month[:3]} {value.year}",
    ][style]


_written_dates = st.builds(
    lambda value, style, dash: (_written(value, style, dash), value),
    _dates,
    st.integers(0, 4),
    _dash,
)


@PROPERTIES
@given(any_text)
def test_date_hits_are_slices_of_the_text_and_read_the_same_alone(text):
    hits = find_dates(text)
    for hit in hits:
        _check_span(text, hit.span, hit.raw)
        assert isinstance(hit.value, datetime.date)
        assert parse_swedish_date(hit.raw) == hit.value
    _in_order_without_overlap([hit.span for hit in hits])
    parsed = parse_swedish_date(text)
    assert parsed is None or isinstance(parsed, datetime.date)


@PROPERTIES
@given(st.tuples(_FILLER, _written_dates, _FILLER))
def test_a_written_date_is_found_with_its_value(parts):
    before, (raw, value), after = parts
    text = f"{before} {raw}, {after}"
    assert [hit.value for hit in find_dates(text)] == [value]
    assert parse_swedish_date(raw) == value


@PROPERTIES
@given(_dates)
def test_an_iso_date_reads_back_as_itself(value):
    assert parse_swedish_date(value.isoformat()) == value
    assert parse_swedish_date(f" {value.isoformat()}\n") == value


@PROPERTIES
@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(29, 31))
def test_an_impossible_day_is_no_date(year, month, day):
    try:
        datetime.date(year, month, day)
    except ValueError:
        assert parse_swedish_date(f"{year}-{month:02d}-{day:02d}") is None
        assert find_dates(f"den {day} {_MONTH_NAMES[month - 1]} {year}") == []


# --- organisation numbers and personnummer ----------------------------------------------------


def _luhn_digit(digits: str) -> str:
    for check in "0123456789":
        if luhn_checksum_ok(digits + check):
            return check
    raise AssertionError("unreachable")


_organisation_numbers = st.builds(
    lambda first, second, third, rest: (lambda nine: f"{nine[:6]}-{nine[6:]}{_luhn_digit(nine)}")(
        f"{first}{second}{third}{rest}"
    ),
    st.integers(1, 9),
    st.integers(0, 9),
    st.integers(2, 9),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
_ORGANISATION_FORMAT = re.compile(r"[0-9]{6}-[0-9]{4}")


@PROPERTIES
@given(any_text)
@example("\U00010a40" * 10)  # isdigit() but not int(): once raised a bare ValueError
def test_normalising_an_organisation_number_gives_the_format_or_a_coded_error(text):
    try:
        normalised = normalise_organisation_number(text)
    except InvalidOrganisationNumber as error:
        assert error.code in {"length", "third_digit", "checksum"}
        return
    assert _ORGANISATION_FORMAT.fullmatch(normalised)
    assert int(normalised[2]) >= 2 and luhn_checksum_ok(normalised.replace("-", ""))
    assert normalise_organisation_number(normalised) == normalised


@PROPERTIES
@given(any_text)
def test_organisation_number_hits_are_valid_and_slices_of_the_text(text):
    for hit in find_organisation_numbers(text):
        _check_span(text, hit.span, hit.raw)
        assert _ORGANISATION_FORMAT.fullmatch(hit.normalised)
        assert normalise_organisation_number(hit.raw) == hit.normalised


@PROPERTIES
@given(_embedded(_organisation_numbers), st.sampled_from(["", "16"]), st.booleans())
def test_a_valid_organisation_number_in_prose_is_found(embedded, century, hyphen):
    text, raw, offset = embedded
    written = century + (raw if hyphen else raw.replace("-", ""))
    text = text[:offset] + written + text[offset + len(raw) :]
    assert [hit.normalised for hit in find_organisation_numbers(text)] == [raw]


_PERSONAL_FORMAT = re.compile(r"(?P<date>[0-9]{8})-[0-9]{4}")
_TODAY = datetime.date.today()


@PROPERTIES
@given(any_text)
def test_personal_number_hits_are_real_dates_with_a_check_digit(text):
    for hit in find_personal_numbers(text):
        _check_span(text, hit.span, hit.raw)
        found = _PERSONAL_FORMAT.fullmatch(hit.normalised)
        assert found, hit
        digits = hit.normalised.replace("-", "")
        assert luhn_checksum_ok(digits[2:])
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
        if hit.kind == "samordningsnummer":
            day -= 60
        else:
            assert hit.kind == "personnummer"
        assert datetime.date(year, month, day) <= _TODAY


def _personal_number(born: datetime.date, serial: int, coordination: bool) -> tuple[str, str]:
    """(twelve digits with a hyphen, the ten digits the check digit is computed over)."""
    day = born.day + (60 if coordination else 0)
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial:03d}"
    ten = nine + _luhn_digit(nine)
    return f"{born.year}{ten[2:6]}-{ten[6:]}", ten


_born = st.dates(min_value=datetime.date(1901, 1, 1), max_value=_TODAY)


@PROPERTIES
@given(_born, st.integers(0, 999), st.booleans(), _FILLER, _FILLER, st.integers(0, 2))
def test_a_valid_personnummer_in_prose_is_found(born, serial, coordination, before, after, form):
    normalised, ten = _personal_number(born, serial, coordination)
    if form == 0:
        written = normalised
    elif form == 1:
        written = normalised.replace("-", "")
    else:  # ten digits with "-": the century is the latest that is not in the future
        if _TODAY.year - born.year >= 100:
            return  # would need "+"; "-" reads it a century later, which is the rule
        written = f"{ten[:6]}-{ten[6:]}"
    hits = find_personal_numbers(f"{before} {written} {after}")
    assert [(hit.normalised, hit.kind) for hit in hits] == [
        (normalised, "samordningsnummer" if coordination else "personnummer")
    ]


# --- e-mail addresses and phone numbers -------------------------------------------------------


@PROPERTIES
@given(any_text)
def test_email_hits_are_slices_and_find_themselves(text):
    for hit in find_email_addresses(text):
        _check_span(text, hit.span, hit.address)
        local, _, domain = hit.address.partition("@")
        assert local and "." in domain
        assert [again.address for again in find_email_addresses(hit.address)] == [hit.address]


_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_addresses = st.builds(
    lambda local, parts, top: f"{local}@{'.'.join(parts)}.{top}",
    st.lists(_label, min_size=1, max_size=3).map(".".join),
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["se", "com", "nu", "org"]),
)


@PROPERTIES
@given(_embedded(_addresses))
def test_an_address_in_prose_is_found(embedded):
    text, raw, offset = embedded
    assert [(hit.address, hit.span) for hit in find_email_addresses(text)] == [
        (raw, (offset, offset + len(raw)))
    ]


_E164 = re.compile(r"\+46[0-9]{7,9}")


@PROPERTIES
@given(any_text)
@example("+46100000\uff10")  # a fullwidth digit once came out in the E.164 form
def test_phone_hits_are_slices_in_e164_that_overlap_no_other_identifier(text):
    hits = find_phone_numbers(text)
    others = [hit.span for hit in find_personal_numbers(text)]
    others += [hit.span for hit in find_organisation_numbers(text)]
    others += [hit.span for hit in find_dates(text)]
    for hit in hits:
        _check_span(text, hit.span, hit.raw)
        assert _E164.fullmatch(hit.normalised), hit
        assert not any(hit.span[0] < end and start < hit.span[1] for start, end in others)


@PROPERTIES
@given(
    st.sampled_from(["070", "072", "073", "076", "079"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    _FILLER,
    _FILLER,
)
def test_a_mobile_number_in_prose_is_found_in_e164(area, number, before, after):
    written = f"{area}-{number[:3]} {number[3:5]} {number[5:]}"
    text = f"{before} tel. {written} {after}"
    assert [hit.normalised for hit in find_phone_numbers(text)] == [f"+46{area[1:]}{number}"]


# --- the facts of a letter --------------------------------------------------------------------

_HUDDINGE_LINES = builders.huddinge_text().splitlines()
_letter_lines = st.lists(
    st.one_of(st.sampled_from(_HUDDINGE_LINES), hostile_text, st.text(max_size=80)),
    max_size=40,
).map("\n".join)
_pages = st.lists(st.one_of(_letter_lines, any_text, long_text), min_size=0, max_size=3)


def _spans_of(facts) -> list[Span]:
    single = [
        facts.responder,
        facts.letter_date,
        facts.responder_case_number,
        facts.quoted_case_number,
        facts.quoted_title,
        facts.deciding_body,
        facts.decision_formula,
    ]
    many = [*facts.responder_candidates, *facts.send_to, *facts.attachments, *facts.signatories]
    return [fact.span for fact in [*single, *many] if fact is not None]


@settings(PROPERTIES, max_examples=60)
@given(_pages)
@example(["Aa Ba\tAa Aa"])  # signatures in tab-separated columns: once spans past the text
@example(["Anna Svensson\tKarl Berg\nKommundirektör\tEkonomichef\r"])
def test_every_fact_of_a_letter_points_at_its_own_text(texts):
    pages = [Page(number, text) for number, text in enumerate(texts, 1)]
    facts = letter_facts(pages)
    by_number = {page.number: page.text for page in pages}
    for span in _spans_of(facts):
        assert span.page in by_number
        assert 0 <= span.start < span.end <= len(by_number[span.page]), span
        assert by_number[span.page][span.start : span.end] == span.text
    if facts.letter_date is not None:
        value = datetime.date.fromisoformat(facts.letter_date.value)
        assert value.isoformat() == facts.letter_date.value
    for signatory in facts.signatories:
        assert signatory.name.strip() and len(signatory.name.split()) >= 2
    assert facts.responder is None or facts.responder in facts.responder_candidates


def test_the_huddinge_letter_reads_the_same_with_tabs_between_its_signature_columns():
    text = "Camilla Broo\tPatrik Forshage\nKommundirektör\tKanslichef\n"
    facts = letter_facts([Page(1, text)])
    assert [(s.name, s.title) for s in facts.signatories] == [
        ("Camilla Broo", "Kommundirektör"),
        ("Patrik Forshage", "Kanslichef"),
    ]
    assert [text[s.span.start : s.span.end] for s in facts.signatories] == [
        "Camilla Broo",
        "Patrik Forshage",
    ]


# Damaged files give text no letter has: one "word" of thousands of letters, a line of
# hundreds of dates. Reading such a line once took minutes (quadratic regular expressions).
# Linear now: 10,000 characters in about a second; a regression to quadratic time takes
# minutes here (the bound is loose so that a loaded machine cannot make it fail).
_PATHOLOGICAL = ["A", "A-", "Aa-", "Å", "den 1 mars 2020 ", "0", "a@"]


def test_a_long_damaged_line_is_read_in_linear_time():
    for unit in _PATHOLOGICAL:
        text = unit * (10_000 // len(unit))
        started = time.perf_counter()
        letter_facts([Page(1, text)])
        elapsed = time.perf_counter() - started
        assert elapsed < 15, (unit, elapsed)
