"""Swedish identifiers: case numbers (diarienummer) and organisation numbers.

Case numbers are written in many ways for one and the same number: ``RS 2020-0780``,
``RS 2020–0780`` (en dash), ``RS2020-0780``; a government number ``N2015/08441/RS`` appears in
file names as ``N2015-08441-RS``. We keep what was written, a tidy form for display and a key
for matching, in which dashes, slashes and spacing are variants of one number.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from remiss.textkit import lexicons

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
_SPACE_AROUND_SEPARATOR = re.compile(r"\s*([-/:.])\s*")
_LETTER_DIGIT_GAP = re.compile(r"(?<=[^\W\d_])\s+(?=\d)|(?<=\d)\s+(?=[^\W\d_])")
_WHITESPACE = re.compile(r"\s+")


def tidy_case_number(raw: str) -> str:
    """The display form: NFKC, every dash a hyphen-minus, spaces collapsed.

    >>> tidy_case_number(" RS  2020\u20130780 ")
    'RS 2020-0780'
    """
    text = unicodedata.normalize("NFKC", raw)
    text = _DASHES.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip()


def case_number_key(raw: str) -> str:
    """A key under which all spellings of one case number are equal.

    Upper case; dashes and slashes become ``-``; the gap between letters and digits and the
    space around separators disappear; any other space becomes ``-``.

    >>> case_number_key("RS 2020\u20130780") == case_number_key("rs2020-0780")
    True
    >>> case_number_key("N2015/08441/RS")
    'N2015-08441-RS'
    """
    text = tidy_case_number(raw).upper().replace("/", "-")
    text = _SPACE_AROUND_SEPARATOR.sub(r"\1", text)
    text = _LETTER_DIGIT_GAP.sub("", text)
    text = _WHITESPACE.sub("-", text)
    return re.sub(r"-{2,}", "-", text).strip("-")


def luhn_checksum_ok(digits: str) -> bool:
    """The Luhn (mod 10) test used by organisation numbers and personnummer.

    Only ASCII digits count: ``str.isdigit`` is also true for "①" and other digits that
    ``int`` cannot read, and no Swedish number is written in another script's digits.
    """
    if not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


class InvalidOrganisationNumber(ValueError):
    """The text is not a valid Swedish organisation number.

    ``code`` says why (``length``, ``third_digit``, ``checksum``) so that the caller can show
    a message in the user's language; the exception text is an English log line.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def normalise_organisation_number(raw: str) -> str:
    """Validate a Swedish organisation number and return it as ``NNNNNN-NNNN``.

    Accepts 10 digits with or without the hyphen, and the 12-digit form with the prefix 16.
    The third digit is always 2 or more (so it never reads as a date), the last digit is a
    Luhn check digit.

    >>> normalise_organisation_number("16212000-0142")
    '212000-0142'
    """
    digits = re.sub(r"[\s\-\u2013]", "", unicodedata.normalize("NFKC", raw))
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        raise InvalidOrganisationNumber("length", f"{raw!r} does not have ten digits")
    if int(digits[2]) < 2:
        raise InvalidOrganisationNumber("third_digit", f"{raw!r} has a third digit below 2")
    if not luhn_checksum_ok(digits):
        raise InvalidOrganisationNumber("checksum", f"{raw!r} fails the Luhn check digit")
    return f"{digits[:6]}-{digits[6:]}"


# ---------------------------------------------------------------------------------------------
# Finding identifiers in running text.
#
# Every finder takes a string and returns hits in text order, each with the raw text and its
# (start, end) offsets, so that a caller can show where a value was read.
# ---------------------------------------------------------------------------------------------

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # for character classes
_UP = "A-ZÅÄÖ"
_NOT_BEFORE = r"(?<![\w/.\-\u2013])"
_NOT_AFTER = r"(?![\w/\-\u2013]|:\w)"


@dataclass(frozen=True)
class CaseNumberHit:
    raw: str  # as written
    tidy: str  # display form (tidy_case_number)
    key: str  # matching key (case_number_key)
    cue: str | None  # "Vår beteckning", "Er beteckning", "Dnr", ... or None
    span: tuple[int, int]


@dataclass(frozen=True)
class _Shape:
    name: str
    pattern: re.Pattern[str]
    needs_cue: bool


def _shape(name: str, body: str, *, needs_cue: bool = False) -> _Shape:
    return _Shape(name, re.compile(_NOT_BEFORE + body + _NOT_AFTER), needs_cue)


_Y4 = r"(?:19|20)\d{2}"
_D = f"[{_DASH}]"
# The shapes of domain brief §2.1, generalised: optional organisation prefix, a 2- or 4-digit
# year, a serial with leading zeros, an optional suffix (unit, document index, class).
_CASE_SHAPES = (
    # RS 2020-0780, RS 2020–0780, TRN 2018-0166, LS 1003–0221 (old YYMM form)
    _shape("prefix-year-serial", rf"(?P<prefix>[{_UP}]{{2,5}})\s?\d{{4}}\s?{_D}\s?\d{{3,5}}"),
    # N2018/05320/RTS, Fi2016/02568/K, S2014/4386/FS; file-name form N2015-08441-RS
    _shape(
        "government",
        rf"(?P<prefix>[{_UP}][a-zåäö]?|UD|SB){_Y4}/\d{{3,5}}(?:/[{_UP}][{_UP}a-zåäö]{{0,5}})?",
    ),
    _shape("government-file", rf"(?P<prefix>[{_UP}][a-zåäö]?|UD|SB){_Y4}-\d{{3,5}}-[{_UP}]{{1,6}}"),
    # S/21/0001-8 (Storsthlm)
    _shape("series-yy-serial-doc", rf"(?P<prefix>[{_UP}])/\d{{2}}/\d{{4}}{_D}\d{{1,3}}"),
    # KS 19/0256
    _shape("prefix-yy/serial", rf"(?P<prefix>[{_UP}]{{2,5}})\s\d{{2}}/\d{{3,5}}"),
    # KS-2016/261.182, KS 2019/483, KS2022/100, SBN Mex 2010/4.358
    _shape(
        "prefix-year/serial",
        rf"(?P<prefix>[{_UP}]{{2,6}})(?:\s[{_UP}][a-zåäö]{{1,3}})?(?:\s?{_D}\s?|\s)?{_Y4}/\d{{1,5}}"
        r"(?:\.\d{1,4})?",
    ),
    # KS/2015:404, KSKF/2013:491
    _shape("prefix/year:serial", rf"(?P<prefix>[{_UP}]{{2,6}})/{_Y4}:\d{{1,5}}"),
    # 2018/KS 0290 10, 2017KSM0604 301 (Tyresö)
    _shape(
        "year/prefix-serial-class", rf"{_Y4}/?\s?(?P<prefix>[{_UP}]{{2,4}})\s?\d{{4}}\s\d{{2,3}}"
    ),
    # 2016/0272 KS-5 (Sollentuna)
    _shape("year/serial-unit", rf"{_Y4}/\d{{3,5}}\s(?P<prefix>[{_UP}]{{2,4}}){_D}\d{{1,2}}"),
    # LS/842/2014 (Jämtland)
    _shape("prefix/serial/year", rf"(?P<prefix>[{_UP}]{{2,4}})/\d{{1,5}}/{_Y4}"),
    # RA 22-2007/03552
    _shape("prefix-n-year/serial", rf"(?P<prefix>[{_UP}]{{2,4}})\s\d{{1,3}}{_D}{_Y4}/\d{{3,6}}"),
    # NV-05326-12
    _shape("prefix-serial-yy", rf"(?P<prefix>[{_UP}]{{2,4}}){_D}\d{{4,6}}{_D}\d{{2}}"),
    # 3.1.2-814/2025, 4.7.16-12168/15 (classification plan, serial, year)
    _shape("class-serial/year", rf"\d{{1,2}}(?:\.\d{{1,3}}){{1,3}}{_D}\d{{1,6}}/(?:\d{{2}}|{_Y4})"),
    # Only after a cue word: 0747/21, 2015/089, 2020/01057, 5529-2013, and other house styles.
    _shape(
        "after-cue",
        rf"(?:(?P<prefix>[{_UP}]{{1,6}})(?:[\s{_DASH}][{_UP}]{{1,6}})?[\s/{_DASH}]?)?"
        rf"\d{{1,6}}(?:[./:{_DASH}]\d{{1,6}}){{1,4}}"
        rf"(?:[\s/{_DASH}][{_UP}]{{1,5}}(?:{_D}\d{{1,2}})?)?",
        needs_cue=True,
    ),
)


@cache
def _case_cues() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], re.Pattern[str]]:
    table = lexicons.data("case_number_cues")
    canonical: dict[str, str] = {}
    alternatives = []
    for group in ("own", "quoted", "neutral"):
        for index, (name, pattern) in enumerate(table[group].items()):
            label = f"c{len(canonical)}_{index}"
            canonical[label] = name
            alternatives.append(f"(?P<{label}>{pattern})")
    cue_before = re.compile(
        r"(?:^|(?<=[^\wåäöÅÄÖ]))(?:" + "|".join(alternatives) + r")\s*[:.]?\s*(?:nr\.?\s*)?$",
        re.IGNORECASE,
    )
    excluded = frozenset(prefix.upper() for prefix in table["excluded_prefixes"])
    excluded_before = re.compile(table["excluded_before"])
    return cue_before, canonical, excluded, excluded_before


def case_number_cue_kind(cue: str | None) -> str | None:
    """Whose number a cue announces: ``"own"``, ``"quoted"``, ``"neutral"`` or None."""
    if cue is None:
        return None
    table = lexicons.data("case_number_cues")
    for group in ("own", "quoted", "neutral"):
        if cue in table[group]:
            return group
    return None


def _cue_before(text: str, start: int) -> str | None:
    cue_before, canonical, _, _ = _case_cues()
    found = cue_before.search(text[max(0, start - 40) : start])
    if not found:
        return None
    for label, value in found.groupdict().items():
        if value is not None:
            return canonical[label]
    return None


_YEAR_RANGE = re.compile(rf"^(?:[{_UP}]{{1,6}}\s?)?((?:19|20)\d{{2}})\s?{_D}\s?((?:19|20)\d{{2}})$")


def _is_year_range(raw: str) -> bool:
    found = _YEAR_RANGE.match(tidy_case_number(raw))
    return bool(found) and 0 < int(found.group(2)) - int(found.group(1)) <= 50


def find_case_numbers(text: str) -> list[CaseNumberHit]:
    """Every case number (diarienummer) in ``text``, in order.

    Ambiguous shapes (``0747/21``, ``2015/089``) count only right after a cue word such as
    ``Dnr`` or ``Er beteckning``; statute and report numbers (SFS, SOU, Ds, prop., EU
    regulations ...), year ranges (``2021-2027``) and dates are never case numbers.

    >>> [hit.tidy for hit in find_case_numbers("Ert dnr: RS 2020–0780, se SOU 2020:59")]
    ['RS 2020-0780']
    """
    _, _, excluded, excluded_before = _case_cues()
    candidates = []
    for shape in _CASE_SHAPES:
        for found in shape.pattern.finditer(text):
            start, end = found.span()
            raw = found.group(0)
            cue = _cue_before(text, start)
            if shape.needs_cue and cue is None:
                continue
            prefix = found.groupdict().get("prefix")
            if prefix and prefix.upper() in excluded:
                continue
            if excluded_before.search(text[max(0, start - 12) : start]):
                continue
            if _is_year_range(raw) or parse_swedish_date(raw) is not None:
                continue
            candidates.append((start, -(end - start), end, raw, cue))
    hits: list[CaseNumberHit] = []
    taken_until = -1
    for start, _, end, raw, cue in sorted(candidates):
        if start < taken_until:
            continue
        hits.append(
            CaseNumberHit(raw, tidy_case_number(raw), case_number_key(raw), cue, (start, end))
        )
        taken_until = end
    return hits


# --- dates ------------------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "febr": 2, "feb": 2, "mars": 3, "mar": 3,
    "april": 4, "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augusti": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?"


@dataclass(frozen=True)
class DateHit:
    raw: str
    value: datetime.date
    span: tuple[int, int]


_ISO_DATE = re.compile(
    rf"(?<![\d\-/.])(?P<y>{_Y4})(?P<sep>[{_DASH}])(?P<m>\d{{2}})(?P=sep)(?P<d>\d{{2}})(?![\d])"
)
_PROSE_DATE = re.compile(
    rf"(?<!\d)(?:{_WEEKDAY}\s+)?(?:den\s+)?(?P<d>\d{{1,2}})(?::[ae])?\s+(?P<m>{_MONTH_NAMES})\b\.?"
    rf",?\s+(?P<y>{_Y4})(?!\d)",
    re.IGNORECASE,
)
_SHORT_DATE = re.compile(
    rf"(?<![\w/.\-\u2013])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})[{_DASH}](?P<y>\d{{4}}|\d{{2}})(?![\w/\-\u2013])"
)
_DATE_SHAPES = (_ISO_DATE, _PROSE_DATE, _SHORT_DATE)


def _date_of(found: re.Match[str]) -> datetime.date | None:
    month_text = found.group("m")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.casefold()]
    year = int(found.group("y"))
    if year < 100:  # "15/4-15": the nearest year not far in the future
        year += 2000 if year <= (datetime.date.today().year % 100) + 10 else 1900
    try:
        return datetime.date(year, month, int(found.group("d")))
    except ValueError:
        return None


def parse_swedish_date(raw: str) -> datetime.date | None:
    """A date written the Swedish way, or None when it is not one or is impossible.

    >>> parse_swedish_date("tisdagen den 1 mars 2016")
    datetime.date(2016, 3, 1)
    >>> parse_swedish_date("15/4-15")
    datetime.date(2015, 4, 15)
    >>> parse_swedish_date("2021-02-30") is None
    True
    """
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", raw)).strip()
    for shape in _DATE_SHAPES:
        found = shape.fullmatch(text)
        if found:
            return _date_of(found)
    return None


def find_dates(text: str) -> list[DateHit]:
    """Every complete date (with a year) in ``text``, in order; impossible dates are skipped.

    >>> [(h.raw, h.value.isoformat()) for h in find_dates("senast den 5 mars 2021")]
    [('den 5 mars 2021', '2021-03-05')]
    """
    hits = []
    for shape in _DATE_SHAPES:
        for found in shape.finditer(text):
            value = _date_of(found)
            if value is not None:
                hits.append(DateHit(found.group(0), value, found.span()))
    hits.sort(key=lambda hit: (hit.span[0], -hit.span[1]))
    kept: list[DateHit] = []
    for hit in hits:
        if not kept or hit.span[0] >= kept[-1].span[1]:
            kept.append(hit)
    return kept


# --- organisation and personal identity numbers -----------------------------------------------


@dataclass(frozen=True)
class OrgNumberHit:
    raw: str
    normalised: str  # NNNNNN-NNNN
    span: tuple[int, int]


_ORG_NUMBER = re.compile(
    rf"(?<![\w+\-\u2013])(?:16)?(?P<a>[1-9]\d{{5}})(?:[{_DASH}])?(?P<b>\d{{4}})(?![\w\-\u2013])"
)


def find_organisation_numbers(text: str) -> list[OrgNumberHit]:
    """Every valid organisation number (third digit 2 or more, Luhn) in ``text``.

    >>> [hit.normalised for hit in find_organisation_numbers("Org.nr 212000-0142.")]
    ['212000-0142']
    """
    hits = []
    for found in _ORG_NUMBER.finditer(text):
        try:
            normalised = normalise_organisation_number(found.group(0))
        except InvalidOrganisationNumber:
            continue
        hits.append(OrgNumberHit(found.group(0), normalised, found.span()))
    return hits


@dataclass(frozen=True)
class PersonalNumberHit:
    raw: str
    normalised: str  # YYYYMMDD-NNNN (the day as written: day + 60 for a samordningsnummer)
    kind: str  # "personnummer" | "samordningsnummer"
    span: tuple[int, int]


_PERSONAL_NUMBER = re.compile(
    r"(?<![\w+\-\u2013/.:])(?P<c>18|19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    rf"(?P<sep>[+{_DASH}]?)(?P<n>\d{{4}})(?![\w\-\u2013/])"
)


def _personal_number(found: re.Match[str]) -> PersonalNumberHit | None:
    century, sep = found.group("c"), found.group("sep")
    if century is None and not sep:
        return None  # ten bare digits are more often a phone or an account number
    yy, mm, dd, serial = (found.group(name) for name in ("yy", "mm", "dd", "n"))
    if not luhn_checksum_ok(yy + mm + dd + serial):
        return None
    day = int(dd)
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    today = datetime.date.today()
    if century is not None:
        year = int(century + yy)
    else:
        year = (today.year // 100) * 100 + int(yy)
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    try:
        born = datetime.date(year, int(mm), day)
    except ValueError:
        return None
    if born > today:
        return None
    return PersonalNumberHit(found.group(0), f"{year:04d}{mm}{dd}-{serial}", kind, found.span())


def find_personal_numbers(text: str) -> list[PersonalNumberHit]:
    """Every personnummer and samordningsnummer in ``text``.

    Ten digits count only with their ``-`` or ``+`` (``YYMMDD-NNNN``), twelve digits also without
    (``YYYYMMDDNNNN``); the month and day must be a real date (the day plus 60 for a
    samordningsnummer) and the last digit a Luhn check digit. Organisation numbers (third digit
    2 or more), ISO dates and phone numbers do not have this shape.

    >>> [(hit.normalised, hit.kind) for hit in find_personal_numbers("pnr 701063-2391")]
    [('19701063-2391', 'samordningsnummer')]
    """
    hits = []
    for found in _PERSONAL_NUMBER.finditer(text):
        hit = _personal_number(found)
        if hit is not None:
            hits.append(hit)
    return hits


# --- e-mail addresses and phone numbers -------------------------------------------------------


@dataclass(frozen=True)
class EmailHit:
    address: str
    span: tuple[int, int]


_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.%+\-]+@(?:[a-zA-Z0-9åäöÅÄÖ](?:[a-zA-Z0-9åäöÅÄÖ\-]*[a-zA-Z0-9åäöÅÄÖ])?\.)+"
    r"[a-zA-Z]{2,}(?![\w\-])"
)


def find_email_addresses(text: str) -> list[EmailHit]:
    """Every e-mail address in ``text``.

    >>> [hit.address for hit in find_email_addresses("e-post: registrator.lsf@sll.se.")]
    ['registrator.lsf@sll.se']
    """
    hits = []
    for found in _EMAIL.finditer(text):
        address = found.group(0)
        start = found.start()
        local = address.split("@", 1)[0]
        if local.startswith(".") or local.endswith(".") or ".." in local:
            continue
        hits.append(EmailHit(address, (start, start + len(address))))
    return hits


@dataclass(frozen=True)
class PhoneHit:
    raw: str
    normalised: str  # E.164, "+46812345678"
    span: tuple[int, int]


_GROUPS = r"\d{2,3}(?:[ \u00a0]?\d{2,3}(?![\d\-\u2013]|\s?[\-\u2013]\s?\d)){0,3}"
_PHONE = re.compile(
    r"(?<![\w+\-\u2013/.,:])(?:"
    # +46 8 123 456 78, +46 (0)8-123 456 78, +46 857921539, +46-70-123 45 67
    r"(?P<intl>\+46|0046)[ \u00a0\-]?(?:\(0\)[ \u00a0]?)?(?P<iarea>[1-9]\d{0,2})"
    rf"(?:[ \u00a0]?[\-\u2013]?[ \u00a0]?){_GROUPS}"
    r"|"
    # 08-123 456 78, 070-123 45 67, 010-123 45 67, 08 - 579 210 00, 08/123 45 67
    rf"(?P<area>0[1-9]\d{{0,2}})(?:[ \u00a0]?[\-\u2013/][ \u00a0]?|[ \u00a0]){_GROUPS}"
    r"|"
    # 0701234567 (a mobile number written without spaces)
    r"(?P<mobile>07[02369]\d{7})"
    r")(?![\w\-\u2013/,.]\d)(?![\w/])"
)
_PERSONAL_NUMBER_SHAPE = re.compile(rf"^\d{{6}}[{_DASH}+]\d{{4}}$")


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = [hit.span for hit in find_personal_numbers(text)]
    spans += [hit.span for hit in find_organisation_numbers(text)]
    spans += [hit.span for hit in find_dates(text)]
    spans += [hit.span for hit in find_case_numbers(text)]
    return spans


def find_phone_numbers(text: str) -> list[PhoneHit]:
    """Every Swedish phone number in ``text``, normalised to E.164 (``+46...``).

    Dates, case numbers, organisation numbers and personnummer are not phone numbers, even
    where they share digits and dashes.

    >>> [hit.normalised for hit in find_phone_numbers("Tel. 08-123 456 78")]
    ['+46812345678']
    """
    blocked = _blocked_spans(text)
    hits = []
    for found in _PHONE.finditer(text):
        raw = found.group(0)
        start, end = found.span()
        if any(start < b_end and b_start < end for b_start, b_end in blocked):
            continue
        if _PERSONAL_NUMBER_SHAPE.match(raw):
            continue
        # ``\d`` matches the decimal digits of every script ("０" in a PDF): write them in ASCII.
        digits = "".join(str(unicodedata.decimal(char)) for char in raw if char.isdecimal())
        if found.group("intl"):
            national = digits[4:] if digits.startswith("0046") else digits[2:]
        else:
            national = digits[1:]
        if national.startswith("0"):
            national = national[1:]
        if not 7 <= len(national) <= 9:
            continue
        hits.append(PhoneHit(raw, "+46" + national, (start, end)))
    return hits
