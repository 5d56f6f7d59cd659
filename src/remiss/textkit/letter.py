"""The facts of a remissvar: who answers, when, under which case numbers, to what, signed by
whom, decided by whom, sent to whom, with which attachments.

``letter_facts(pages)`` reads them from the pages of text of one letter. It never raises on odd
text; a fact it cannot find is None (or an empty tuple). Every value carries the Span it was read
from, so that an officer can see the evidence and correct it.

The text is usually a PDF extraction: lines wrapped mid-sentence, trailing spaces, blank lines in
odd places, whole letterheads flattened onto one line. The reader first rebuilds *logical lines*
(wrapped physical lines joined again, with a map back to page offsets), then applies rules that
are written for Swedish letters in general, not for particular senders. Word lists and patterns
live in ``lexicons/letter.json`` and the other lexicon files.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from remiss.textkit import lexicons
from remiss.textkit.documents import Page, Span
from remiss.textkit.identifiers import (
    CaseNumberHit,
    case_number_cue_kind,
    case_number_key,
    find_case_numbers,
    find_dates,
    find_email_addresses,
    find_phone_numbers,
)


@dataclass(frozen=True)
class Fact:
    """One value read from the text, with where it was read."""

    value: str  # for dates: ISO "2021-01-21"
    span: Span


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str  # "" when the letter gives none
    span: Span


@dataclass(frozen=True)
class LetterFacts:
    responder: Fact | None  # the answering organisation, e.g. "Huddinge kommun"
    responder_candidates: tuple[Fact, ...]  # all candidate organisation names, best first
    letter_date: Fact | None  # ISO date
    responder_case_number: Fact | None  # the writer's own dnr
    quoted_case_number: Fact | None  # the remitting body's dnr as quoted
    quoted_title: Fact | None  # the subject line: what is answered
    signatories: tuple[Signatory, ...]
    deciding_body: Fact | None  # "Kommunstyrelsen", "Regionstyrelsen", ...
    decision_formula: Fact | None  # the sentence that says which document is the answer
    send_to: tuple[Fact, ...]  # under "Beslutet ska skickas till" / "Expedieras till"
    attachments: tuple[Fact, ...]  # each item under "Bilagor"


def letter_facts(pages: Sequence[Page]) -> LetterFacts:
    """Read the facts of one letter from its pages (in order; page numbers as given)."""
    letter = _Letter(pages)
    title = _quoted_title(letter)
    ranked = _responder_candidates(letter, title)
    own, quoted = _case_numbers(letter, title)
    formula, body = _decision(letter)
    best = ranked[0] if ranked and ranked[0][1] >= _MIN_RESPONDER_SCORE else None
    return LetterFacts(
        responder=best[0] if best else None,
        responder_candidates=tuple(fact for fact, _ in ranked),
        letter_date=_letter_date(letter),
        responder_case_number=own,
        quoted_case_number=quoted,
        quoted_title=title,
        signatories=_signatories(letter),
        deciding_body=body,
        decision_formula=formula,
        send_to=_send_to(letter),
        attachments=_attachments(letter),
    )


# --- lexicons ---------------------------------------------------------------------------------


@cache
def _lex() -> dict:
    return lexicons.data("letter")


@cache
def _rx(key: str) -> re.Pattern[str]:
    return re.compile(_lex()[key], re.IGNORECASE)


@cache
def _headings() -> frozenset[str]:
    return lexicons.word_set("headings")


@cache
def _first_names() -> frozenset[str]:
    return lexicons.word_set("first_names")


@cache
def _generic() -> frozenset[str]:
    return frozenset(word.casefold() for word in _lex()["generic_self_references"])


# --- logical lines ----------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset(
    "och eller samt i på av för till från med om över under vid mot som att en ett den det de "
    "är har ska kan inom genom utan efter före inför mellan enligt kring både dess sin sitt sina "
    "vår vårt våra deras hos än men när där så".split()
)
_LIST_MARKER = re.compile(r"^(?:[•▪◦·●\-–—*]\s|\d{1,2}[.)]\s|[a-z]\)\s|bilaga\s+\d)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_FIELD_LABEL = re.compile(r"^[\wåäöÅÄÖ .]{1,25}:\s")
_DATE_LINE = re.compile(r"^\d{1,4}[\s\-/.]\S*\s*\S*\s*\d{0,4}$")


@dataclass
class _Line:
    """A logical line: physical lines of one page joined where the text was wrapped."""

    page: Page
    index: int  # position among all logical lines of the letter
    number: int  # position among the logical lines of its page
    text: str  # whitespace collapsed to single spaces
    offsets: list[int]  # page offset of each character of ``text``
    last_physical: str  # the last physical line joined in (for the wrap rule)
    blank_before: int  # blank physical lines before it

    def span(self, start: int = 0, end: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        first, last = self.offsets[start], self.offsets[end - 1] + 1
        return Span(self.page.number, first, last, self.page.text[first:last])


def _is_heading(text: str) -> bool:
    return text.strip(" :").casefold() in _headings()


def _wraps(previous: str, following: str, blank_lines: int, width: int) -> bool:
    """Whether ``following`` continues the sentence of the physical line ``previous``.

    ``width`` is the length of a full line on the page: a line that ends short of it without
    punctuation is more likely a heading or a field than a wrapped sentence.
    """
    if blank_lines > 2 or not previous or not following:
        return False
    if previous[-1] in ".!?:;" or _is_heading(previous) or _is_heading(following):
        return False
    if _FIELD_LABEL.match(following) or _DATE_LINE.match(following):
        return False
    if "@" in following.split()[0] or following.startswith("www."):
        return False
    if (
        _LIST_MARKER.match(following)
        or _send_to_cue(following)
        or _is_attachment_heading(following)
    ):
        return False
    if previous.endswith("-") and not previous.endswith(" -"):
        return True
    first = following[0]
    last_word = previous.split()[-1].casefold()
    if first.islower():
        return True
    if first.isdigit() and previous[-1].islower() and not _DATE_LINE.match(following):
        return (blank_lines == 0 and len(previous) >= 40) or last_word in _FUNCTION_WORDS
    if first.isupper():
        if last_word in _FUNCTION_WORDS or previous.endswith(","):
            return True
        if blank_lines == 0 and len(previous) >= max(50, 0.8 * width) and previous[-1].isalpha():
            return previous[-1].islower()
    return False


def _physical_lines(page: Page) -> Iterator[tuple[str, list[int], int]]:
    """Each non-empty physical line: collapsed text, offsets, blank lines before it."""
    position = 0
    blanks = 0
    for raw in page.text.split("\n"):
        chars: list[str] = []
        offsets: list[int] = []
        pending_space = False
        for index, char in enumerate(raw):
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                offsets.append(position + index - 1)
                pending_space = False
            chars.append(char)
            offsets.append(position + index)
        if chars:
            yield "".join(chars), offsets, blanks
            blanks = 0
        else:
            blanks += 1
        position += len(raw) + 1


def _full_width(physical: list[tuple[str, list[int], int]]) -> int:
    lengths = sorted(len(text) for text, _, _ in physical)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


class _Letter:
    def __init__(self, pages: Sequence[Page]) -> None:
        self.pages = list(pages)
        self.lines: list[_Line] = []
        for page in self.pages:
            current: _Line | None = None
            number = 0
            physical = list(_physical_lines(page))
            width = _full_width(physical)
            for text, offsets, blanks in physical:
                if current is not None and _wraps(current.last_physical, text, blanks, width):
                    current.offsets.append(current.offsets[-1] + 1)
                    current.text += " " + text
                    current.offsets.extend(offsets)
                    current.last_physical = text
                    continue
                current = _Line(page, len(self.lines), number, text, list(offsets), text, blanks)
                self.lines.append(current)
                number += 1
        self.first_page = self.pages[0].number if self.pages else 1
        self.last_page = self.pages[-1].number if self.pages else 1

    def head(self, count: int = 14) -> list[_Line]:
        """The first logical lines of the first page: the letterhead and the subject line."""
        return [line for line in self.lines if line.page.number == self.first_page][:count]

    def sentences(self) -> Iterator[tuple[_Line, int, int]]:
        for line in self.lines:
            for start, end in _sentence_bounds(line.text):
                yield line, start, end


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(word.casefold() for word in _lex()["abbreviations"])


_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"”'(•▪–\-]?\s*[A-ZÅÄÖ0-9])")


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        end = found.end()
        word = text[:end].rsplit(None, 1)[-1].casefold()
        if word in _abbreviations() or re.fullmatch(r"[a-zåäö]\.", word):
            continue
        bounds.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


# --- the responder ----------------------------------------------------------------------------

_MIN_RESPONDER_SCORE = 2.0
# A word of a name is at most 80 characters: unbounded, a patterns that begins with a name
# tries every position of a long word and backtracks over the rest of it from each, which took
# minutes on one 10,000-letter "word" of a damaged file (quadratic time).
_TOKEN = r"(?:[A-ZÅÄÖÉ][\w.&'’\-]{0,79})"
_LOWER_SUFFIX = (
    r"(?:\s+(?:läns\s+)?(?:kommun|stad|län|landsting|region|universitet|högskola|"
    r"lantbruksuniversitet|tekniska\s+högskola))?"
)
_NAME = (
    rf"{_TOKEN}(?:(?:\s+(?:och|i|för|av|på|med|&))?\s+{_TOKEN}){{0,6}}{_LOWER_SUFFIX}"
    r"(?:\s+för\s+[a-zåäö]+(?:\s+[a-zåäö]+)?)?"
)


@cache
def _responder_cues() -> tuple[tuple[re.Pattern[str], float, bool], ...]:
    return tuple(
        (
            re.compile(r"(?<![\w.])" + cue["pattern"].replace("{NAME}", _NAME)),
            float(cue["weight"]),
            bool(cue.get("genitive", False)),
        )
        for cue in _lex()["strong_responder_cues"]
    )


@cache
def _remitting_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(cue.replace("{NAME}", _NAME)) for cue in _lex()["remitting_cues"])


@cache
def _subject_pattern() -> re.Pattern[str]:
    return re.compile(r"^(?P<subject>.{1,90}?)\s+(?P<verb>" + _lex()["reporting_verbs"] + r")\b")


@cache
def _body_pattern() -> re.Pattern[str]:
    return re.compile(_lex()["deciding_bodies"])


_BULLET = re.compile(r"^(?:[•▪◦·●\-–—*]+|\d{1,2}[.)])\s*")
_MUNICIPAL_BODY_OF = re.compile(
    r"^(?:Kommunstyrelsen|Kommunfullmäktige|Kommunledningskontoret|Kommunen)\s+i\s+"
    r"(?P<place>[A-ZÅÄÖ][\w\-]+(?:\s[A-ZÅÄÖ][\w\-]+)?)$"
)


def _is_org_shaped(name: str) -> bool:
    lex = _lex()
    words = name.split()
    if not words:
        return False
    last = words[-1].casefold()
    if any(last.endswith(suffix) for suffix in lex["org_suffixes"]):
        return True
    if words[0] in lex["org_prefixes"]:
        return True
    return (
        len(words) >= 3 and words[0].casefold() in _INSTITUTION_HEADS and words[1] in ("i", "för")
    )


def _clean_org(raw: str, *, genitive: bool = False) -> str | None:
    """A plausible organisation name from the words before a verb, or None."""
    text = _BULLET.sub("", raw.strip()).strip(" ,;:\"”'()")
    if "," in text:  # "Kungl. Skogs- och Lantbruksakademien, KSLA," -> the first name
        text = text.split(",")[0].strip()
    words = text.split()
    generic = _generic()
    connectors = set(_lex()["subject_connectors"])
    if words and words[0].casefold() in _FUNCTION_WORDS:
        return None  # "För kommunstyrelsen", "Till Region Stockholm"
    while (
        words
        and words[0].casefold().strip(".") in generic
        and not (len(words) >= 3 and words[1] in ("för", "i"))
    ):
        if words[0][0].isupper() and words[0].casefold() in _INSTITUTION_HEADS:
            return None  # "Myndigheten anser": the writer referring to itself
        words = words[1:]
    if not words or len(words) > 7:
        return None
    if genitive and len(words) >= 1 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    name = " ".join(words)
    if not name[0].isupper() or any(char.isdigit() or char in "@:/" for char in name):
        return None
    municipal = _MUNICIPAL_BODY_OF.match(name)
    if municipal:
        return f"{municipal.group('place')} kommun"
    if _body_pattern().fullmatch(name):
        return None  # a deciding body ("Kommunstyrelsen") is not the organisation
    head_generic = words[0].casefold() in generic
    if head_generic and not (len(words) >= 3 and words[1] in ("för", "i")):
        return None
    if any(word in _NOT_IN_NAMES for word in words[1:]):
        return None
    if not head_generic and len(words) > 1:
        content = [word for word in words if word not in connectors]
        capitalised = [word for word in content if word[0].isupper()]
        if len(capitalised) * 2 < len(content):
            return None
    if words[0].casefold() in _first_names() and len(words) in (2, 3) and not _is_org_shaped(name):
        return None  # a person ("Anna Svensson anser")
    return _normalise_org(name)


_NOT_IN_NAMES = frozenset("till från över om under vid mot som att".split())
_INSTITUTION_HEADS = frozenset(
    "myndigheten verket kommunen regionen landstinget förbundet föreningen organisationen "
    "institutet rådet akademien universitetet högskolan förvaltningen styrelsen nämnden "
    "bolaget företaget länsstyrelsen".split()
)


def _normalise_org(name: str) -> str:
    name = _SPACE.sub(" ", name).strip(" ,.;:")
    for suffix in ("kommun", "stad", "landsting", "region", "län"):
        name = re.sub(rf"\b{suffix}s$", suffix, name, flags=re.IGNORECASE)
        name = re.sub(rf"\b{suffix}$", suffix, name, flags=re.IGNORECASE)
    municipal = _MUNICIPAL_BODY_OF.match(name)
    if municipal:
        return f"{municipal.group('place')} kommun"
    return name


class _Candidates:
    def __init__(self) -> None:
        self.score: dict[str, float] = {}
        self.best: dict[str, tuple[float, int, str, Span]] = {}

    def add(self, name: str | None, weight: float, span: Span, order: int) -> None:
        if not name:
            return
        key = name.casefold()
        self.score[key] = self.score.get(key, 0.0) + weight
        previous = self.best.get(key)
        if weight > 0 and (previous is None or weight > previous[0]):
            self.best[key] = (weight, order, name, span)

    def ranked(self) -> list[tuple[Fact, float]]:
        for key in list(self.score):
            if key.endswith("s") and key[:-1] in self.score:  # "Region Värmlands" is a genitive
                self.score[key[:-1]] += max(0.0, self.score.pop(key))
                self.best.pop(key, None)
        result = []
        for key, score in self.score.items():
            if key not in self.best:
                continue
            _, order, name, span = self.best[key]
            # An organisation's shape counts only with some evidence beyond a single mention.
            bonus = 1.5 if score >= 1.0 and _is_org_shaped(name) else 0.0
            result.append((score + bonus, order, name, span))
        result.sort(key=lambda item: (-item[0], item[1]))
        return [(Fact(name, span), score) for score, _, name, span in result if score > 0]


_ADDRESS_AFTER = re.compile(
    r"^[\s,]*(?:\S+\s+){0,4}?(?:Box\b|\d{3}\s?\d{2}\s+[A-ZÅÄÖ]|[\w.\-]+@[\w.\-]+\.[a-z]{2,})"
)
# A word is at most 80 characters: unbounded, every capital after a hyphen in a long hyphenated
# "word" of a damaged file started a scan to its end (quadratic time).
_MUNICIPAL_MENTION = re.compile(
    r"(?<![\w])(?:(?:[A-ZÅÄÖ][\w\-]{1,80}\s){1,2}(?:kommun|stad)|Region\s[A-ZÅÄÖ][\w\-]+)(?![\w])"
)
_MUNICIPAL_MARKERS = re.compile(
    r"\b(?:kommunstyrelsen|kommunledningskontoret|kommunfullmäktige|kommunens|stadsledningskontoret)\b",
    re.IGNORECASE,
)
_WEB_DOMAIN = re.compile(r"(?:www\.|@)([a-zåäö\-]{3,30})\.se\b", re.IGNORECASE)


def _responder_candidates(letter: _Letter, title: Fact | None) -> list[tuple[Fact, float]]:
    found = _Candidates()
    order = 0
    for line in letter.lines:
        text = line.text
        for pattern, weight, genitive in _responder_cues():
            for match in pattern.finditer(text):
                name = _clean_org(match.group("org"), genitive=genitive)
                found.add(name, weight, line.span(*match.span("org")), order)
                order += 1
        for pattern in _remitting_cues():
            for match in pattern.finditer(text):
                name = _clean_org(match.group("org"))
                found.add(name, -3.0, line.span(*match.span("org")), order)
        for match in _MUNICIPAL_MENTION.finditer(text):
            found.add(_clean_org(match.group(0)), 0.5, line.span(*match.span()), order)
            order += 1
        for start, end in _sentence_bounds(text):
            sentence = text[start:end]
            bullet = _BULLET.match(sentence)
            offset = bullet.end() if bullet else 0
            subject = _subject_pattern().match(sentence[offset:])
            if subject:
                name = _clean_org(subject.group("subject"))
                begin = start + offset + subject.start("subject")
                found.add(
                    name, 2.0, line.span(begin, start + offset + subject.end("subject")), order
                )
                order += 1
    for line in letter.head(8):
        if title is not None and _covers(line, title.span):
            break  # the letterhead ends at the subject line
        short = len(line.text.split()) <= 6 and not _title_word_pattern().search(line.text)
        name = _clean_org(line.text) if short else None
        if name and _is_org_shaped(name):
            addressee = _ADDRESS_AFTER.match(_following_text(letter, line))
            found.add(name, -3.0 if addressee else 1.0, line.span(), order)
            order += 1
    ranked = found.ranked()
    if (not ranked or ranked[0][1] < _MIN_RESPONDER_SCORE) and _is_municipal(letter):
        for line in letter.head(20):
            for match in _WEB_DOMAIN.finditer(line.text):
                place = match.group(1).capitalize()
                found.add(f"{place} kommun", 2.0, line.span(*match.span(1)), order)
                order += 1
        ranked = found.ranked()
    return ranked


def _following_text(letter: _Letter, line: _Line) -> str:
    following = letter.lines[line.index + 1 : line.index + 3]
    return " ".join(other.text for other in following if other.page is line.page)


def _is_municipal(letter: _Letter) -> bool:
    return any(_MUNICIPAL_MARKERS.search(line.text) for line in letter.lines[:60])


# --- the date ---------------------------------------------------------------------------------

_PLACE_BEFORE = re.compile(r"^[A-ZÅÄÖ][\w\-]+(?:\s[A-ZÅÄÖ][\w\-]+)?\s*,?\s*(?:den\s+)?$")
_PAGE_NOISE = re.compile(
    r"^(?:\(?\d+\s*\(\d+\)\)?|sid(?:an|a)?\s*\d+(?:\s*(?:av|\()\s*\d+\)?)?)$", re.I
)


_DATE_WINDOW = 300  # characters; the longest cue with its place name is far shorter


def _letter_date(letter: _Letter) -> Fact | None:
    best: tuple[float, int, Fact] | None = None
    head = {line.index for line in letter.head(12)}
    for line in letter.lines:
        hits = find_dates(line.text)
        short_line = bool(hits) and len(line.text.split()) <= 25
        for hit in hits:
            start, end = hit.span
            # The cues are read in a window around the date: on a long line with many dates,
            # reading everything before each date took quadratic time (minutes on damaged text).
            before = line.text[max(0, start - _DATE_WINDOW) : start]
            after = line.text[end : end + _DATE_WINDOW].strip(" ,.")
            score = 0.0
            positive = bool(_rx("date_positive_cues").search(before))
            if positive:
                score += 5
            if _rx("document_types").search(before):
                score += 3
            if start <= _DATE_WINDOW and _PLACE_BEFORE.match(before) and len(after) < 40:
                score += 4
            if not before.strip() and (not after or _PAGE_NOISE.match(after)):
                score += 3
            if line.index in head and short_line:
                score += 2
            elif line.index in head and start < 200:
                score += 1
            if not positive and (
                _rx("date_negative_cues").search(before)
                or _rx("date_negative_context").search(before[-80:])
            ):
                score -= 5
            if score >= 2 and (best is None or score > best[0]):
                fact = Fact(hit.value.isoformat(), line.span(start, end))
                best = (score, line.index, fact)
    return best[2] if best else None


# --- case numbers -----------------------------------------------------------------------------

_QUOTED_CONTEXT = re.compile(
    r"\b(?:remiss|remissen|remitter\w*|er|ert|era|departementets|från\s+[A-ZÅÄÖ]\w+)\b",
    re.IGNORECASE,
)
_OTHER_BODY_AFTER = re.compile(r"^\s*\((?!\d)[A-ZÅÄÖ][^)]{2,40}\)")


def _case_numbers(letter: _Letter, title: Fact | None) -> tuple[Fact | None, Fact | None]:
    head = {line.index for line in letter.head(14)}
    title_span = title.span if title else None
    title_line = next(
        (line.index for line in letter.lines if title_span and _covers(line, title_span)), None
    )
    letterhead = {index for index in head if title_line is None or index <= title_line}
    own: list[tuple[float, int, Fact]] = []
    quoted: list[tuple[float, int, Fact]] = []
    for line in letter.lines:
        for hit in find_case_numbers(line.text):
            start, end = hit.span
            fact = Fact(hit.tidy, line.span(start, end))
            kind = case_number_cue_kind(hit.cue)
            window = line.text[max(0, start - 40) : min(len(line.text), end + 25)]
            in_title = title_span is not None and (
                title_span.page == fact.span.page
                and title_span.start <= fact.span.start < title_span.end
            )
            if kind == "own":
                own.append((10, line.index, fact))
            elif kind == "quoted":
                quoted.append((10, line.index, fact))
            elif _OTHER_BODY_AFTER.match(line.text[end:]):
                quoted.append((1, line.index, fact))  # "NV-05326-12 (Naturvårdsverket)"
            elif _is_government_number(hit) or in_title or _QUOTED_CONTEXT.search(window):
                quoted.append((5 if hit.cue else 4, line.index, fact))
            elif hit.cue:
                own.append((6 if line.index in letterhead else 3, line.index, fact))
            elif line.index in letterhead:
                own.append((2, line.index, fact))
    quoted_fact = _pick(quoted)
    quoted_key = case_number_key(quoted_fact.value) if quoted_fact else None
    own_fact = _pick([item for item in own if case_number_key(item[2].value) != quoted_key])
    return own_fact, quoted_fact


def _covers(line: _Line, span: Span) -> bool:
    return line.page.number == span.page and line.offsets[0] <= span.start <= line.offsets[-1]


def _is_government_number(hit: CaseNumberHit) -> bool:
    return bool(
        re.fullmatch(r"(?:[A-ZÅÄÖ][a-zåäö]?|UD|SB)(?:19|20)\d{2}[/-]\d{3,5}(?:[/-]\w+)?", hit.tidy)
    )


def _pick(items: list[tuple[float, int, Fact]]) -> Fact | None:
    if not items:
        return None
    return sorted(items, key=lambda item: (-item[0], item[1]))[0][2]


# --- the subject line -------------------------------------------------------------------------

_LETTERHEAD_NOISE = re.compile(
    r"(?:\bsid(?:an|a)?\s+\d|\bdnr\b|\bdiarie|\bdatum\b|\bbox\s+\d|\btel(?:efon|\.)|\d{3}\s?\d{2}\s+[A-ZÅÄÖ]"
    r"|\bwww\.|@|\bhandläggare\b|\bpostadress\b|\bbesöksadress\b|\bsidan\b)",
    re.IGNORECASE,
)
_DOCUMENT_TYPE_ONLY = re.compile(
    r"^(?:\(?\d+\)?\s*)?(?:yttrande|remissyttrande|remissvar|tjänsteutlåtande|tjänsteskrivelse|"
    r"protokoll(?:sutdrag)?|skrivelse|missiv|promemoria|beslut|svar|remiss)\s*\.?$",
    re.IGNORECASE,
)


@cache
def _title_word_pattern() -> re.Pattern[str]:
    words = sorted((re.escape(word.casefold()) for word in _lex()["title_words"]), key=len)
    alternatives = "|".join(reversed(words))
    return re.compile(
        rf"(?<![\w-])[\wåäö-]*?(?:{alternatives})(?:en|et|n|t|er|erna|ar|arna|na|s)?(?![\wåäö])",
        re.IGNORECASE,
    )


def _quoted_title(letter: _Letter) -> Fact | None:
    head = letter.head(25)
    paragraphs = 0
    for position, line in enumerate(head):
        text = line.text
        words = text.split()
        if len(words) > 30:
            paragraphs += 1
            if paragraphs >= 2:
                break  # the body has begun: the subject line comes before it
        if not 3 <= len(words) <= 45 or _is_heading(text) or _DOCUMENT_TYPE_ONLY.match(text):
            continue
        if _is_title(text) or find_phone_numbers(text) or find_email_addresses(text):
            continue
        if _LETTERHEAD_NOISE.search(text) or (text.endswith(".") and len(words) > 15):
            continue
        if _send_to_cue(text) or _is_attachment_heading(text):
            continue
        if find_dates(text) and len(words) <= 6:
            continue
        has_title_word = bool(_title_word_pattern().search(text))
        before_heading = any(_is_heading(other.text) for other in head[position + 1 : position + 3])
        if has_title_word or (before_heading and len(words) <= 20):
            if _subject_pattern().match(text) and not has_title_word:
                continue
            label = _SUBJECT_LABEL.match(text)
            start = label.end() if label else 0
            value = text[start:].rstrip(" .")
            return Fact(value, line.span(start, start + len(value)))
    return None


_SUBJECT_LABEL = re.compile(
    r"^(?:ämne|angående|ang\.|ärende|rubrik|subject|(?:re|sv|vb|fw|fwd)(?=\s*:))\s*:\s*", re.I
)


# --- signatories ------------------------------------------------------------------------------

_NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéèüæøáí]+(?:-[A-ZÅÄÖÉ][a-zåäöéèüæøáí]+)?"
_PERSON = re.compile(rf"^(?P<name>{_NAME_WORD}(?:\s{_NAME_WORD}){{1,2}})$")
_PERSON_WITH_TITLE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s{_NAME_WORD}){{1,2}})\s*,\s*(?P<title>.+)$"
)
_NAME_NOISE_TAIL = re.compile(r"\s+(?:Sid(?:an|a)?\s+\d.*|\d+\s*\(\d+\).*)$")
# Bounded: unbounded, each of the n positions of a long run of digits (or of a long word)
# scanned to its end, quadratic time on damaged text. No phone number or address is longer.
_CONTACT_TAIL = re.compile(r"\s*(?:\+46|0\d)[\d\s\-()]{5,40}$|\s*\S{1,200}@\S{1,200}$")


@cache
def _title_lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    exact = set()
    suffixes = []
    for entry in lexicons.words("titles"):
        entry = entry.casefold()
        if entry.startswith("*"):
            suffixes.append(entry[1:])
        else:
            exact.add(entry)
    return frozenset(exact), tuple(suffixes)


def _is_title_word(word: str) -> bool:
    exact, suffixes = _title_lexicon()
    word = word.casefold().strip(" ,.;:()")
    return word in exact or any(word.endswith(suffix) for suffix in suffixes)


def _is_title(text: str) -> bool:
    text = _CONTACT_TAIL.sub("", text).strip()
    words = text.split()
    if not 1 <= len(words) <= 8 or any(char.isdigit() for char in text):
        return False
    if _subject_pattern().match(text) or text.endswith("."):
        return False
    return any(_is_title_word(word) for word in words)


def _is_person(name: str, *, strict: bool) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 3:
        return False
    lowered = [word.casefold() for word in words]
    if any(word in _generic() or word in _headings() for word in lowered):
        return False
    if _is_org_shaped(name) or any(_is_title_word(word) for word in words):
        return False
    if any(word.casefold() in _FUNCTION_WORDS for word in words):
        return False
    first = lowered[0]
    if strict:
        return first in _first_names() or first.split("-")[0] in _first_names()
    return True


def _names_in_row(text: str) -> Iterator[tuple[str, int, int]]:
    """Names in a row of capitalised words, each starting with a known first name."""
    tokens = list(re.finditer(_NAME_WORD, text))
    index = 0
    while index < len(tokens) - 1:
        first = tokens[index]
        if first.group(0).casefold() not in _first_names():
            index += 1
            continue
        second = tokens[index + 1]
        if text[first.end() : second.start()] != " ":
            index += 1
            continue
        name = f"{first.group(0)} {second.group(0)}"
        if _is_person(name, strict=True) and second.group(0).casefold() not in _first_names():
            yield name, first.start(), second.end()
            index += 2
        else:
            index += 1


def _signatories(letter: _Letter) -> tuple[Signatory, ...]:
    found: list[tuple[int, int, Signatory]] = []

    def add(line: _Line, name: str, title: str, start: int, end: int) -> None:
        found.append((line.index, start, Signatory(name, title, line.span(start, end))))

    lines = letter.lines
    role = re.compile(
        rf"(?<![\w])(?P<role>(?i:{_lex()['role_cues']}))\s*:?\s*"
        rf"(?P<name>{_NAME_WORD}(?:\s{_NAME_WORD}){{1,2}})"
    )
    closing = _rx("closing_cues")
    head = {line.index for line in letter.head(12)}
    tail = {line.index for line in lines if line.page.number == letter.last_page}
    tail = set(sorted(tail)[-10:])
    for position, line in enumerate(lines):
        text = line.text
        following = lines[position + 1] if position + 1 < len(lines) else None
        if _signature_columns(line, following, found):
            continue
        bare = _NAME_NOISE_TAIL.sub("", text)
        person = _PERSON.match(bare)
        if person and _is_person(bare, strict=False) and following and _is_title(following.text):
            title = _CONTACT_TAIL.sub("", following.text).strip()
            add(line, person.group("name"), title, 0, len(bare))
            continue
        name_then_title = _name_then_title(bare)
        if name_then_title:
            name, title = name_then_title
            add(line, name, title, 0, len(bare))
            continue
        with_title = _PERSON_WITH_TITLE.match(text)
        if with_title and len(text.split()) <= 12 and _is_title(with_title.group("title")):
            name = with_title.group("name")
            if _is_person(name, strict=False):
                add(line, name, with_title.group("title").strip(" ."), 0, len(text))
                continue
        for match in role.finditer(text):
            name = _trim_name(match.group("name"))
            if name and _is_person(name, strict=False):
                role_text = _SPACE.sub(" ", match.group("role")).capitalize()
                add(line, name, role_text, match.start("name"), match.start("name") + len(name))
        for match in _TITLE_BEFORE_NAME.finditer(text):
            name = match.group("name")
            if _is_title_word(match.group("head")) and _is_person(name, strict=True):
                title = match.group("title").strip()
                add(
                    line, name, title[0].upper() + title[1:], match.start("name"), match.end("name")
                )
        if closing.search(text) and following:
            for after in lines[position + 1 : position + 3]:
                candidate = _NAME_NOISE_TAIL.sub("", after.text)
                if _PERSON.match(candidate) and _is_person(candidate, strict=False):
                    add(after, candidate, "", 0, len(candidate))
        if line.index in head or line.index in tail:
            zone_text = text if len(text.split()) <= 12 else text[:400]
            for name, start, end in _names_in_row(zone_text):
                add(line, name, "", start, end)
    return _deduplicate(found)


def _name_then_title(text: str) -> tuple[str, str] | None:
    """'Camilla Broo Kommundirektör': a name and a title on one short line."""
    words = text.split()
    if not 3 <= len(words) <= 9:
        return None
    for size in (2, 3):
        name, title = " ".join(words[:size]), " ".join(words[size:])
        if _PERSON.match(name) and _is_person(name, strict=False) and title and _is_title(title):
            return name, title
    return None


_COLUMN = re.compile(r"\S+(?: \S+)*")


def _columns(line: _Line) -> list[Span]:
    """The parts of a one-line logical line that are separated by two spaces or more."""
    start, end = line.offsets[0], line.offsets[-1] + 1
    raw = line.page.text[start:end]
    if "\n" in raw:
        return []
    # A tab separates columns as two spaces do (``_COLUMN`` joins words over one space only);
    # the offsets are those of the page text itself, tabs included.
    return [
        Span(line.page.number, start + part.start(), start + part.end(), part.group(0))
        for part in _COLUMN.finditer(raw)
    ]


def _signature_columns(
    line: _Line, following: _Line | None, found: list[tuple[int, int, Signatory]]
) -> bool:
    """Two or more signatures side by side: names on one line, titles under them."""
    names = _columns(line)
    if len(names) < 2 or not all(
        _PERSON.match(name.text) and _is_person(name.text, strict=False) for name in names
    ):
        return False
    titles = _columns(following) if following is not None else []
    paired = len(titles) == len(names) and all(_is_title(title.text) for title in titles)
    for position, name in enumerate(names):
        title = titles[position].text if paired else ""
        found.append((line.index, name.start, Signatory(name.text, title, name)))
    return True


# Starting after a letter finds nothing that starting at that letter would not (the word runs
# are possessive: no backtracking into them can help), so the lookbehind skips those starts; it
# keeps a long word from being scanned once from each of its letters (quadratic time).
_TITLE_BEFORE_NAME = re.compile(
    r"(?<![A-ZÅÄÖa-zåäö])"
    rf"(?P<title>(?:[A-ZÅÄÖa-zåäö][\wåäö]*+-\s(?:och|eller)\s)?(?P<head>[A-ZÅÄÖa-zåäö][\wåäö]++))\s+"
    rf"(?P<name>{_NAME_WORD}\s{_NAME_WORD})(?![\w\-])"
)


def _trim_name(name: str) -> str | None:
    words = name.split()
    while len(words) > 2 and (
        words[-1].casefold() in _generic() or _is_org_shaped(words[-1]) or words[-1].isupper()
    ):
        words.pop()
    if len(words) == 3 and words[2].casefold() in _first_names():
        words.pop()  # "Mikael Engström Shula" -> the next person's first name
    return " ".join(words) if len(words) >= 2 else None


def _deduplicate(found: list[tuple[int, int, Signatory]]) -> tuple[Signatory, ...]:
    found.sort(key=lambda item: (item[0], item[1]))
    result: list[Signatory] = []
    for _, _, signatory in found:
        first, *rest = signatory.name.split()
        surname = " ".join(rest)
        duplicate = None
        for index, kept in enumerate(result):
            kept_first, *kept_rest = kept.name.split()
            kept_surname = " ".join(kept_rest)
            same_first = kept_first.casefold() == first.casefold()
            if same_first and (
                kept_surname.casefold().startswith(surname.casefold())
                or surname.casefold().startswith(kept_surname.casefold())
            ):
                duplicate = index
                break
        if duplicate is None:
            result.append(signatory)
            continue
        kept = result[duplicate]
        longer = signatory if len(signatory.name) > len(kept.name) else kept
        title = kept.title or signatory.title
        result[duplicate] = Signatory(longer.name, title, longer.span)
    return tuple(result)


# --- the decision -----------------------------------------------------------------------------


@cache
def _formulas() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in _lex()["decision_formulas"])


_DECIDED_BY = re.compile(r"beslut\s+i\s+(?:detta\s+)?ärende(?:t)?\s+har\s+fattats\s+av\s+", re.I)


def _decision(letter: _Letter) -> tuple[Fact | None, Fact | None]:
    for line, start, end in letter.sentences():
        sentence = line.text[start:end]
        if not any(formula.search(sentence) for formula in _formulas()):
            continue
        bullet = _BULLET.match(sentence)
        begin = start + (bullet.end() if bullet else 0)
        formula = Fact(line.text[begin:end], line.span(begin, end))
        return formula, _deciding_body(letter, line, begin)
    return None, _decided_by(letter)


@cache
def _body_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A body deciding ("Kommunstyrelsen överlämnar"), a heading ("Kommunstyrelsens beslut")."""
    body = _body_pattern().pattern
    subject = re.compile(
        rf"(?P<body>{body})\s+(?:överlämnar|yttrar|beslutar|godkänner|antar|tillstyrker|"
        r"avstyrker|hänvisar|föreslår\s+att)"
    )
    return subject, re.compile(rf"^(?P<body>{body})s\s+beslut\s*:?$")


def _deciding_body(letter: _Letter, line: _Line, begin: int) -> Fact | None:
    subject, heading = _body_patterns()
    found = subject.match(line.text, begin)
    if found:
        return Fact(found.group("body"), line.span(*found.span("body")))
    for previous in reversed(letter.lines[max(0, line.index - 6) : line.index + 1]):
        found = heading.match(previous.text) or subject.match(previous.text)
        if found:
            return Fact(found.group("body"), previous.span(*found.span("body")))
    return _decided_by(letter)


_DECIDER = re.compile(r"(?P<who>[^.,;]+?)(?=\s+efter\s+föredragning|\s+i\s+närvaro|\s*[.,;]|$)")


def _decided_by(letter: _Letter) -> Fact | None:
    """The decider named in "Beslut i detta ärende har fattats av ..."."""
    body = _body_pattern()
    for line in letter.lines:
        cue = _DECIDED_BY.search(line.text)
        if not cue:
            continue
        found = body.match(line.text, cue.end())
        if found:
            return Fact(found.group(0), line.span(*found.span()))
        who = _DECIDER.match(line.text, cue.end())
        if who and any(_is_title_word(word) for word in who.group("who").split()[:3]):
            return Fact(who.group("who"), line.span(*who.span("who")))
    return None


# --- send to and attachments ------------------------------------------------------------------

_INLINE_SEND_TO = re.compile(
    r"\b(?:yttrandet|beslutet|protokollsutdraget)\s+(?:ska\s+)?(?:skickas|sänds|expedieras)\s+"
    r"till\s+(?P<rest>[^.;]+)",
    re.IGNORECASE,
)


def _send_to_cue(text: str) -> re.Match[str] | None:
    return re.match(rf"^\W*{_lex()['send_to_cues']}\s*:?\s*", text, re.IGNORECASE)


def _is_attachment_heading(text: str) -> bool:
    return bool(re.fullmatch(_lex()["attachment_headings"], text.strip(), re.IGNORECASE))


def _items_after(letter: _Letter, line: _Line, limit: int) -> list[Fact]:
    items: list[Fact] = []
    first_gap = None
    for following in letter.lines[line.index + 1 : line.index + 1 + limit]:
        text = following.text
        if first_gap is None:
            first_gap = following.blank_before
        elif following.blank_before > first_gap:
            break  # a wider gap than between the items: the list has ended
        if following.page is not line.page or _is_heading(text) or _send_to_cue(text):
            break
        if _is_attachment_heading(text) or len(text.split()) > 30 or _PAGE_NOISE.match(text):
            break
        items.append(Fact(text.strip(" ;,"), following.span()))
    return items


def _split_items(line: _Line, start: int, end: int | None = None) -> list[Fact]:
    items = []
    text = line.text
    if end is None:
        stop = _SENTENCE_END.search(text, start)
        end = stop.start() if stop else len(text)
    for found in re.finditer(r"[^,;]+", text[start:end]):
        value = found.group(0).strip(" .")
        if value:
            offset = start + found.start() + (len(found.group(0)) - len(found.group(0).lstrip()))
            items.append(Fact(value, line.span(offset, offset + len(value))))
    return items


def _send_to(letter: _Letter) -> tuple[Fact, ...]:
    items: list[Fact] = []
    for line in letter.lines:
        cue = _send_to_cue(line.text)
        if cue:
            if cue.end() < len(line.text):
                items.extend(_split_items(line, cue.end()))
            else:
                items.extend(_items_after(letter, line, 12))
            continue
        for inline in _INLINE_SEND_TO.finditer(line.text):
            items.extend(_split_items(line, inline.start("rest"), inline.end("rest")))
    return _unique(items)


_INLINE_ITEM = re.compile(r"(?<=\S)\s+(?=Bilaga\s+\d+\b)")
_MARKER_ONLY = re.compile(r"^Bilaga\s+\d+\s*[.:)]?$")


def _attachments(letter: _Letter) -> tuple[Fact, ...]:
    items: list[Fact] = []
    for line in letter.lines:
        if _is_attachment_heading(line.text):
            items.extend(_items_after(letter, line, 15))
    texts = {page.number: page.text for page in letter.pages}
    split: list[Fact] = []
    for item in items:  # "Bilaga 1. X Bilaga 2." on one line: two items
        start = 0
        for cut in [*_INLINE_ITEM.finditer(item.value), None]:
            end = cut.start() if cut else len(item.value)
            split.append(_part(item, start, end, texts))
            start = cut.end() if cut else start
    merged: list[Fact] = []
    for item in split:  # "Bilaga 2." alone, its text on the next line: one item
        previous = merged[-1] if merged else None
        if previous and _MARKER_ONLY.match(previous.value) and previous.span.page == item.span.page:
            page_text = texts[item.span.page]
            span = Span(
                item.span.page,
                previous.span.start,
                item.span.end,
                page_text[previous.span.start : item.span.end],
            )
            merged[-1] = Fact(f"{previous.value} {item.value}", span)
        else:
            merged.append(item)
    return _unique(merged)


def _part(item: Fact, start: int, end: int, texts: dict[int, str]) -> Fact:
    """The part ``value[start:end]`` of a fact, its span narrowed to match when it can be."""
    if start == 0 and end == len(item.value):
        return item
    value = item.value[start:end].strip()
    raw = item.span.text
    found = raw.find(value)
    if found < 0:  # whitespace differs from the collapsed value: keep the whole span
        return Fact(value, item.span)
    begin = item.span.start + found
    page_text = texts[item.span.page]
    return Fact(
        value,
        Span(item.span.page, begin, begin + len(value), page_text[begin : begin + len(value)]),
    )


def _unique(items: list[Fact]) -> tuple[Fact, ...]:
    seen = set()
    result = []
    for item in items:
        key = item.value.casefold()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return tuple(result)


__all__ = ["Fact", "LetterFacts", "Signatory", "letter_facts"]
