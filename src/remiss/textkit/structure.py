"""The parts of a remissvar or a tjänsteskrivelse, and the sentences in each part.

A municipal paper (tjänsteskrivelse, tjänsteutlåtande) has a letterhead, a decision proposal
("Förslag till beslut"), a summary, a description of the matter ("Beskrivning av ärendet",
"Bakgrund": mostly a restatement of the remiss, not the body's views), the body's views
("Förvaltningens synpunkter"), consequences, signatures and attachments ("Bilagor",
"Beslutet ska skickas till"). An agency's yttrande has fewer headings; a letter without
headings is all views after its letterhead.

How parts are found:

* a line that is a known heading (``lexicons/structure.json``, matched on the heading key of
  :func:`remiss.textkit.headings.heading_key`) opens a part of that kind;
* in long lines (text whose line breaks were lost in extraction) a known heading phrase
  followed by a capitalised word opens a part where it stands;
* a numbered heading ("4. Kommunal självstyrelse") opens a views part, unless it is an item of
  a list introduced by a colon;
* before the first heading, the lines up to the first paragraph of running text are the
  letterhead;
* a closing formula ("Med vänlig hälsning", "Beslut i detta ärende har fattats av") or a block
  of short lines with a person's name at the end of a part is a signature block.

Each :class:`Part` lies on one page (a part that runs over a page break is two parts of the
same kind); its evidence text is a short excerpt, its offsets cover the whole part.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import Evidence, Part
from remiss.textkit.documents import Page
from remiss.textkit.headings import MAX_HEADING_CHARS, has_heading_shape

LEXICON = "structure"
EXCERPT_CHARS = 100
# Lines at least this long are treated as text whose line breaks were lost.
LONG_LINE = 250
MAX_HEADING_LINE = 100  # a longer line is no known heading
# A longer line is no heading of any kind (neither known nor heading-shaped).
_LONGEST_HEADING = max(MAX_HEADING_LINE, MAX_HEADING_CHARS)

# Parts whose sentences are the body's own words (stance and points are read there).
ANSWER_KINDS = frozenset({"decision", "summary", "views", "other"})
POINT_KINDS_OF_PART = frozenset({"summary", "views", "other"})
_SIGNED_KINDS = ANSWER_KINDS | {"consequences"}  # parts that a signature block can end

_NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[a-z]\))\s+")
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2})(?:\.(\d{1,2}))*\.?\s+[A-ZÅÄÖ]")
_BULLET = re.compile(r"^\s*(?:[•▪◦·●■□➢►\-–—*]\s*|\d{1,2}[.)]\s+|[a-z]\)\s+)")
_SPACES = re.compile(r"\s+")
_LETTER_SPACED = re.compile(r"^(?:\S ){4,}\S$")
_SENTENCE_END_LINE = re.compile(r"[.!?][\"”')\]]?\s*$")
_WORD = re.compile(r"[^\W\d_]+")
_PERSON_WORD = r"[A-ZÅÄÖÉ][a-zåäöéèüæøáí]+(?:-[A-ZÅÄÖÉ][a-zåäöéèüæøáí]+)?"
_PERSON_LINE = re.compile(rf"^{_PERSON_WORD}(?:\s+{_PERSON_WORD}){{1,5}}$")
_CASE_OR_DATE = re.compile(r"\d{4}|\d/\d|\d{1,2}\s*\(\d")
_DOCUMENT_TYPES = frozenset(
    {"yttrande", "remissvar", "remissyttrande", "svar", "tjänsteutlåtande", "tjänsteskrivelse"}
)


@cache
def _lexicon() -> dict:
    return lexicons.data(LEXICON)


@cache
def _heading_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = []
    for rule in _lexicon()["headings"]:
        pattern = "|".join(f"(?:{p})" for p in rule["patterns"])
        rules.append((rule["kind"], re.compile(pattern)))
    return tuple(rules)


@cache
def _inline_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds: dict[str, str] = {}
    alternatives = []
    for entry in _lexicon()["inline_headings"]:
        phrase = entry["phrase"]
        kinds[phrase] = entry["kind"]
        # A single word must be followed directly by a capitalised word; a phrase may carry up
        # to two lower-case words ("Övergripande synpunkter avseende strategin Tillväxtverket").
        tail = r"(?:\s+[a-zåäö]+){0,2}" if " " in phrase else ""
        alternatives.append(f"(?:{re.escape(phrase)}){tail}")
    # Every match starts with the first letter of a phrase: checked first, it spares trying
    # the lookbehinds and all the phrases at every other position of a long line.
    first_letters = "".join(sorted({re.escape(phrase[0]) for phrase in kinds}))
    pattern = re.compile(
        rf"(?=[{first_letters}])"
        r"(?:(?<=^)|(?<=[\s.:;!?)]))(?P<h>" + "|".join(alternatives) + r"):?"
        r"(?=\s+[\"”(•▪–\-]?\s*[A-ZÅÄÖ0-9])"
    )
    return pattern, kinds


@cache
def _inline_phrases() -> re.Pattern[str]:
    """The inline heading phrases alone, as plain text: every match of the inline pattern
    starts where one of them stands, and this simple expression is found quickly."""
    _, kinds = _inline_pattern()
    return re.compile("|".join(re.escape(phrase) for phrase in kinds))


def _inline_headings(text: str) -> list[re.Match[str]]:
    """``list(_inline_pattern()[0].finditer(text))``, the pattern tried only where a phrase
    stands (not at every position of a long line)."""
    inline, _ = _inline_pattern()
    search, match = _inline_phrases().search, inline.match
    found = []
    position = 0
    while True:
        candidate = search(text, position)
        if candidate is None:
            return found
        start = candidate.start()
        heading = match(text, start)
        if heading is None:
            position = start + 1
        else:
            found.append(heading)
            position = heading.end()


@cache
def _signature_openers() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(_lexicon()["signature_openers"]) + ")", re.IGNORECASE)


@cache
def _first_names() -> frozenset[str]:
    return lexicons.word_set("first_names")


def structure_key(line: str) -> str:
    """A heading's key: letter-spacing undone, numbering and a final colon removed, case-folded.

    >>> structure_key("  2.  F ö r v a l t n i n g e n s   s y n p u n k t e r : ")
    'förvaltningens synpunkter'
    """
    text = unicodedata.normalize("NFC", line).strip()
    if _LETTER_SPACED.match(text):
        text = re.sub(r"(?<=\S) (?=\S)", "", re.sub(r"\s{2,}", "  ", text)).replace("  ", " ")
    text = _NUMBERING.sub("", text)
    return _SPACES.sub(" ", text).strip().rstrip(":").strip().casefold()


@lru_cache(maxsize=16384)
def heading_kind(line: str) -> str | None:
    """The part kind a line opens when it is a known heading, else None."""
    text = line.strip()
    if (
        not text
        or len(text) > MAX_HEADING_LINE
        or text.endswith((".", ",", ";"))
        or text.count(" ") > 24
    ):
        return None
    key = structure_key(text)
    if not key or len(key.split()) > 12:
        return None
    first = _NUMBERING.sub("", text)[:1]
    if first and not (first.isupper() or first.isdigit()):
        return None
    for kind, pattern in _heading_rules():
        if pattern.fullmatch(key):
            return kind
    return None


@dataclass(slots=True)
class _Line:
    page: int
    start: int  # offset of the first character in the page text
    end: int
    text: str  # stripped
    blank_before: bool
    kind: str = ""
    heading: bool = False


def _page_lines(page: Page) -> list[_Line]:
    """Non-empty lines, long ones cut where an inline heading stands."""
    lines: list[_Line] = []
    number = page.number
    position = 0
    blank = True
    for raw in page.text.split("\n"):
        stripped = raw.strip()
        if stripped:
            # The offset of the first non-space character (raw itself when nothing leads).
            offset = position if raw[0] == stripped[0] else position + raw.index(stripped[0])
            cuts = [0]
            if len(stripped) >= LONG_LINE:
                cuts += [found.start() for found in _inline_headings(stripped) if found.start()]
            if len(cuts) == 1:  # one piece: the stripped line
                lines.append(_Line(number, offset, offset + len(stripped), stripped, blank))
                blank = False
                position += len(raw) + 1
                continue
            cuts.append(len(stripped))
            for first, last in itertools.pairwise(cuts):
                piece = stripped[first:last]
                lead = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                if piece:
                    start = offset + first + lead
                    lines.append(_Line(page.number, start, start + len(piece), piece, blank))
                blank = False
            blank = False
        else:
            blank = True
        position += len(raw) + 1
    return lines


def _inline_heading_kind(line: _Line) -> str | None:
    """The kind of a heading phrase at the start of a long line cut by :func:`_page_lines`."""
    return _inline_kind(line.text)


def _inline_kind(text: str) -> str | None:
    """:func:`_inline_heading_kind` of a line's text."""
    inline, kinds = _inline_pattern()
    found = inline.match(text)
    if not found:
        return None
    head = found.group("h")
    for phrase, kind in kinds.items():
        if head.startswith(phrase):
            return kind
    return None


def _opening_kind(text: str) -> str | None:
    """The kind of part a line opens: that of an inline heading phrase at its start (in a line
    of 20 characters or more), else that of a known heading, else None."""
    if len(text) > MAX_HEADING_LINE:
        return _inline_kind(text)  # no known heading is this long
    return _short_opening_kind(text)


@lru_cache(maxsize=16384)
def _short_opening_kind(text: str) -> str | None:
    """:func:`_opening_kind` of a line no longer than a known heading, remembered."""
    kind = _inline_kind(text) if len(text) >= 20 else None
    return kind if kind is not None else heading_kind(text)


@lru_cache(maxsize=16384)
def _heading_shape(text: str) -> bool:
    """:func:`has_heading_shape`, remembered (for lines no longer than a heading)."""
    return has_heading_shape(text)


def _is_prose_end(text: str) -> bool:
    """A line that ends a sentence of three words or more."""
    return bool(_SENTENCE_END_LINE.search(text)) and len(text.split()) >= 3


def _assign_kinds(lines: list[_Line]) -> None:
    current = "letterhead"
    seen_heading = False
    list_next: int | None = None  # the number expected of the next item of a colon list
    previous_text = ""
    # Where running text starts before any heading: the start of its paragraph.
    prose_start = _first_prose_line(lines)
    for index, line in enumerate(lines):
        kind = _opening_kind(line.text)
        if (
            kind == "views"
            and current == "letterhead"
            and structure_key(line.text) in _DOCUMENT_TYPES
        ):
            kind = None  # "YTTRANDE" in a letterhead names the document type
        numbered = _NUMBERED_HEADING.match(line.text)
        if kind is None and numbered:
            number = int(numbered.group(1))
            if previous_text.rstrip().endswith(":") and number == 1:
                list_next = 2
            elif list_next is not None and number == list_next:
                list_next += 1
            elif current in ("letterhead", "other", "views") and _looks_like_heading(
                lines, index, current
            ):
                kind = "views"
                list_next = None
        if kind is not None:
            current = kind
            seen_heading = True
            line.heading = True
        elif not seen_heading and current == "letterhead" and index >= prose_start:
            current = "views"
        line.kind = current
        previous_text = line.text


def _first_prose_line(lines: list[_Line]) -> int:
    """The index of the first line of the first paragraph of running text (len(lines) if none)."""
    paragraph_start = 0
    for index, line in enumerate(lines):
        if line.blank_before or index == 0 or _BULLET.match(line.text):
            paragraph_start = index
        kind = heading_kind(line.text)
        if kind == "views" and structure_key(line.text) in _DOCUMENT_TYPES:
            kind = None  # "YTTRANDE" in a letterhead names the document type
        if kind is not None or (len(line.text) >= 20 and _inline_heading_kind(line) is not None):
            return len(lines)  # a heading comes first: the letterhead runs up to it
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        lead_in = line.text.endswith(":") and len(line.text.split()) >= 4
        if (
            len(line.text) >= LONG_LINE
            or (_is_prose_end(line.text) and _paragraph_words(lines, paragraph_start, index) >= 3)
            or (lead_in and _BULLET.match(following))
        ):
            return paragraph_start
    return len(lines)


def _paragraph_words(lines: list[_Line], first: int, last: int) -> int:
    return sum(len(lines[i].text.split()) for i in range(first, last + 1))


def _looks_like_heading(lines: list[_Line], index: int, current: str) -> bool:
    """A numbered line that heads a section ("4. Kommunal självstyrelse", "2.3 Export")."""
    line = lines[index]
    if not has_heading_shape(line.text) or len(line.text) > 90:
        return False
    number, _, rest = line.text.partition(" ")
    if _CASE_OR_DATE.search(rest):
        return False  # "1 Tjänsteutlåtande Dnr KS 2020/12": a page number and a letterhead
    if current == "letterhead" and "." not in number:
        return False  # a bare number at the top of a letter is a page number
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is None or not following.text[:1].islower()


def _mark_signatures(lines: list[_Line]) -> None:
    openers = _signature_openers()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind in _SIGNED_KINDS and openers.match(line.text):
            kind = line.kind
            while index < len(lines) and lines[index].kind == kind and not lines[index].heading:
                lines[index].kind = "signatures"
                index += 1
            continue
        index += 1
    # A block of short lines with a person's name at the end of a part.
    for index, line in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        at_end = nxt is None or nxt.heading or nxt.kind != line.kind
        if not at_end or line.kind not in _SIGNED_KINDS or line.heading:
            continue
        block: list[_Line] = []
        cursor = index
        while cursor >= 0:
            candidate = lines[cursor]
            if candidate.kind != line.kind or candidate.heading or not _is_short(candidate.text):
                break
            block.append(candidate)
            cursor -= 1
        if block and len(block) < 12 and any(_is_person(item.text) for item in block):
            for item in block:
                item.kind = "signatures"


def _is_short(text: str) -> bool:
    return len(text.split()) <= 6 and not _SENTENCE_END_LINE.search(text) and len(text) <= 70


def _is_person(text: str) -> bool:
    words = _WORD.findall(text)
    return bool(_PERSON_LINE.match(text.strip())) and any(
        word.casefold() in _first_names() for word in words
    )


@dataclass(frozen=True)
class _Segment:
    page: int
    start: int
    end: int
    kind: str


def _segments(pages: Sequence[Page]) -> list[_Segment]:
    lines: list[_Line] = []
    for page in pages:
        lines.extend(_page_lines(page))
    if not lines:
        return []
    _assign_kinds(lines)
    _mark_signatures(lines)
    segments: list[_Segment] = []
    first = lines[0]
    page, start, end, kind = first.page, first.start, first.end, first.kind
    for line in lines:
        if line.page == page and line.kind == kind:
            end = line.end  # the segment goes on
            continue
        segments.append(_Segment(page, start, end, kind))
        page, start, end, kind = line.page, line.start, line.end, line.kind
    segments.append(_Segment(page, start, end, kind))
    return segments


def _excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with whitespace collapsed and stripped, or (for a long part) a
    prefix of it longer than EXCERPT_CHARS: enough for the excerpt, without collapsing the
    whole part."""
    # " ".join(str.split()) is _SPACES.sub(" ", ...).strip(): str.split() and the regular
    # expression \s agree on what is white space.
    window = min(end, start + 4 * EXCERPT_CHARS)
    if window < end:
        piece = text[start:window]
        head = " ".join(piece.split())
        if head and piece[-1].isspace():
            head += " "  # _SPACES.sub(" ", piece).lstrip() keeps one final space
        if len(head) > EXCERPT_CHARS + 1:
            return head
    return " ".join(text[start:end].split())


def split_parts(pages: Sequence[Page]) -> tuple[Part, ...]:
    """The parts of an answer, in reading order (see the module documentation)."""
    texts = {page.number: page.text for page in pages}
    parts = []
    for segment in _segments(pages):
        excerpt = _excerpt(texts[segment.page], segment.start, segment.end)
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[: EXCERPT_CHARS - 1].rstrip() + "…"
        parts.append(
            Part(segment.kind, Evidence(excerpt, segment.page, segment.start, segment.end))
        )
    return tuple(parts)


# --- sentences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a list item, or a heading-less fragment) of one part of an answer.

    ``text`` has its whitespace collapsed and words broken at a line end joined again;
    ``start``/``end`` are offsets into the page text. ``block`` numbers the paragraphs of the
    whole answer; ``item`` is true for the first sentence of a list item.
    """

    page: int
    start: int
    end: int
    text: str
    kind: str
    block: int
    item: bool = False


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(word.casefold() for word in lexicons.data("letter")["abbreviations"])


_SENTENCE_END = re.compile(r"[.!?](?=[\"”')\]]?\s+[\"”'(\[•▪–\-]?\s*[A-ZÅÄÖ0-9])")
_SHORT_ABBREVIATION = re.compile(r"(?:[a-hj-zä]|\d{1,2})\.")
_INLINE_BULLETS = "•▪●■➢►"
_INLINE_BULLET = re.compile(rf"\s(?=[{_INLINE_BULLETS}]\s)")
_INLINE_BULLET_CHAR = re.compile(f"[{_INLINE_BULLETS}]")
_HYPHEN_BREAK = re.compile(
    r"(?<=[a-zåäö])-\n[ \t]*(?!(?:och|eller|samt|respektive|som|till)\b)(?=[a-zåäö])"
)


def normalise(text: str) -> str:
    """Whitespace collapsed, words hyphenated at a line end joined ("utveck-\\nling")."""
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    # str.split() and the regular expression \s agree on what is whitespace.
    return " ".join(text.split())


def sentences(
    pages: Sequence[Page], parts: Sequence[Part], *, kinds: frozenset[str] | None = None
) -> tuple[Sentence, ...]:
    """The sentences of every part, in reading order; headings are left out.

    With no parts (a caller that did not split the answer) every page is one views part.
    With ``kinds``, a part of another kind is not split into sentences: it gives only its
    first sentence (which marks where the part stands, between the sentences around it), and
    its paragraphs are counted in ``block`` as usual. For readers that only look at the
    sentences of ``kinds`` (and at where other parts come between them).
    """
    texts = {page.number: page.text for page in pages}
    if not parts:
        parts = tuple(Part("views", Evidence("", page.number, 0, len(page.text))) for page in pages)
    found: list[Sentence] = []
    block = 0
    for part in parts:
        text = texts.get(part.evidence.page, "")
        lines = _part_lines(text, part.evidence.start, part.evidence.end)
        headings = [i for i in range(len(lines)) if _is_heading_line(lines, i, part.kind)]
        for index in headings:
            start, end = lines[index][:2]
            lines[index] = (start, end, "", True)  # a heading breaks the paragraph
        groups: list[list[tuple[int, int]]] = []
        previous = ""
        for start, end, line_text, blank_before in lines:
            if not line_text:
                groups.append([])
                previous = ""
                continue
            # A blank line inside a sentence (extraction noise) does not end the paragraph.
            carries_on = (
                bool(previous)
                and line_text[:1].islower()
                and not _SENTENCE_END_LINE.search(previous)
            )
            if (blank_before and not carries_on) or not groups or _BULLET.match(line_text):
                groups.append([])
            groups[-1].append((start, end))
            previous = line_text
        wanted = kinds is None or part.kind in kinds
        marked = False  # for a part not wanted: its first sentence is in ``found``
        for group in groups:
            if not group:
                continue
            block += 1
            if wanted or not marked:
                first, last = group[0][0], group[-1][1]
                split = _split_block(text, first, last, part, block, first_only=not wanted)
                if wanted:
                    found.extend(split)
                elif split:
                    found.append(split[0])
                    marked = True
    return tuple(found)


def _part_lines(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    lines = []
    position = start
    blank = True
    for raw in text[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = position + (len(raw) - len(raw.lstrip()))
            lines.append((offset, offset + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        position += len(raw) + 1
    if lines and len(lines[0][2]) >= 20:
        # A part cut out of a long line starts with its inline heading: leave the heading out.
        inline, _ = _inline_pattern()
        head = inline.match(lines[0][2])
        if head:
            offset, stop, line_text, _ = lines[0]
            skip = head.end()
            while skip < len(line_text) and line_text[skip].isspace():
                skip += 1
            lines[0] = (offset + skip, stop, line_text[skip:], True)
    return lines


def _is_heading_line(lines: list[tuple[int, int, str, bool]], index: int, kind: str) -> bool:
    """A heading inside a part: a known heading, or a short heading-shaped line on its own."""
    _, _, text, blank_before = lines[index]
    if not text or len(text) > _LONGEST_HEADING:
        return False  # heading_kind and has_heading_shape would say no
    if heading_kind(text) is not None and len(text) < LONG_LINE:
        return True
    if kind == "letterhead" or not _heading_shape(text):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    if _BULLET.match(text):
        # A numbered heading ("2. Infrastruktur"), not an item of a list: short, not after a
        # colon, and followed by running text rather than by the next item.
        previous = lines[index - 1][2] if index > 0 else ""
        return (
            bool(_NUMBERED_HEADING.match(text))
            and len(text.split()) <= 8
            and not previous.endswith(":")
            and following is not None
            and not following[2][:1].islower()
            and not _BULLET.match(following[2])
        )
    if following is not None and following[2][:1].islower():
        return False
    last_word = text.split()[-1].casefold()
    if last_word in _FUNCTION_WORDS:
        return False
    words = len(text.split())
    isolated = blank_before and (following is None or following[3])
    if isolated:
        return words <= 14
    previous = lines[index - 1][2] if index > 0 else ""
    after_sentence = blank_before or not previous or bool(_SENTENCE_END_LINE.search(previous))
    return after_sentence and words <= 8 and len(text) <= 60


MAX_SENTENCE_CHARS = 1500
PIECES_CACHE_CHARS = 4_000  # the sentences of longer paragraphs are not remembered


def _bounded(chunk: str, cuts: list[int]) -> list[int]:
    """Cuts that keep every sentence under MAX_SENTENCE_CHARS (text without full stops)."""
    bounded = [cuts[0]]
    for cut in cuts[1:]:
        while cut - bounded[-1] > MAX_SENTENCE_CHARS:
            start = bounded[-1]
            space = chunk.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            bounded.append(space + 1 if space > 0 else start + MAX_SENTENCE_CHARS)
        bounded.append(cut)
    return bounded


_FUNCTION_WORDS = frozenset(
    "och eller samt att som för till i på av med om den det de en ett att från över under vid"
    " mot inom utan men där när hur vilka vilket".split()
)


def _split_block(
    text: str, first: int, last: int, part: Part, block: int, *, first_only: bool = False
) -> list[Sentence]:
    """The sentences of one paragraph (``text[first:last]``); with ``first_only`` only the
    first of them (a list of at most one)."""
    chunk = text[first:last]
    pieces = _pieces(chunk) if len(chunk) <= PIECES_CACHE_CHARS else _pieces.__wrapped__(chunk)
    if first_only:
        pieces = pieces[:1]
    page, kind = part.evidence.page, part.kind
    return [
        Sentence(
            page=page,
            start=first + start,
            end=first + end,
            text=sentence_text,
            kind=kind,
            block=block,
            item=item,
        )
        for start, end, sentence_text, item in pieces
    ]


@lru_cache(maxsize=65536)
def _pieces(chunk: str) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, text, item) of each sentence of a paragraph, offsets into the paragraph;
    remembered, as answers repeat their paragraphs (formulas, templates, campaigns)."""
    cuts = [0]
    abbreviations = _abbreviations()
    for found in _SENTENCE_END.finditer(chunk):
        end = found.end()
        # The word that ends here: it starts after the last space or line break (or another
        # white space character inside what is left, which rsplit finds).
        begin = max(chunk.rfind(" ", 0, end), chunk.rfind("\n", 0, end)) + 1
        word = chunk[begin:end].rsplit(None, 1)[-1].casefold()
        if word in abbreviations or _SHORT_ABBREVIATION.fullmatch(word):
            continue
        cuts.append(end)
    if _INLINE_BULLET_CHAR.search(chunk):
        cuts.extend(found.end() for found in _INLINE_BULLET.finditer(chunk))
    headings: dict[int, int] = {}  # inline headings inside a long paragraph: start -> end
    if len(chunk) >= LONG_LINE:
        for found in _inline_headings(chunk):
            headings[found.start()] = found.end()
            cuts.extend((found.start(), found.end()))
    cuts = sorted(set(cuts))
    cuts.append(len(chunk))
    cuts = _bounded(chunk, cuts)
    pieces = []
    for index, (start, end) in enumerate(itertools.pairwise(cuts)):
        if headings.get(start) == end:
            continue
        piece = chunk[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        begin = start + len(piece) - len(piece.lstrip())
        pieces.append(
            (
                begin,
                begin + len(stripped),
                normalise(stripped),
                (index == 0 and bool(_BULLET.match(stripped))) or stripped[:1] in "•▪●■➢►",
            )
        )
    return tuple(pieces)
