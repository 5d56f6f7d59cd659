"""Swedish identifiers: case numbers (diarienummer) and organisation numbers.

Case numbers are written in many ways for one and the same number: ``RS 2020-0780``,
``RS 2020–0780`` (en dash), ``RS2020-0780``; a government number ``N2015/08441/RS`` appears in
file names as ``N2015-08441-RS``. We keep what was written, a tidy form for display and a key
for matching, in which dashes, slashes and spacing are variants of one number.
"""

import re
import unicodedata

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
    """The Luhn (mod 10) test used by organisation numbers and personnummer."""
    if not digits.isdigit():
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
    if len(digits) != 10 or not digits.isdigit():
        raise InvalidOrganisationNumber("length", f"{raw!r} does not have ten digits")
    if int(digits[2]) < 2:
        raise InvalidOrganisationNumber("third_digit", f"{raw!r} has a third digit below 2")
    if not luhn_checksum_ok(digits):
        raise InvalidOrganisationNumber("checksum", f"{raw!r} fails the Luhn check digit")
    return f"{digits[:6]}-{digits[6:]}"
