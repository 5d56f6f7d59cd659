"""Other bodies' answers that an answer endorses or refers to.

"Kommunen ställer sig bakom Storsthlms yttrande", "ansluter sig till Sveriges Kommuner och
Regioners synpunkter", "instämmer i SKR:s remissvar", "hänvisar till det yttrande som
Storsthlm har lämnat". The organisation must be a name (capitalised words or an acronym) in
the genitive before a word for an answer ("yttrande", "remissvar", "synpunkter", ...), so
"ställer sig bakom förslaget" and "ställer sig bakom förvaltningens yttrande" (the body's own
office) are not endorsements. The verbs and answer words are data in
``lexicons/endorsements.json``.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import Endorsement, Evidence
from remiss.textkit.documents import Page
from remiss.textkit.structure import normalise

LEXICON = "endorsements"

# A name: capitalised words or acronyms, joined by "och", "för", "i", "av" or a hyphen.
_NAME_WORD = r"(?:[A-ZÅÄÖÉ][\wåäöéÅÄÖÉ&\-]*|[A-ZÅÄÖ]{2,}(?::s)?)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:och|för|i|av|och\s+för)\s+)?{_NAME_WORD}){{0,6}}"


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    raw = lexicons.data(LEXICON)
    verbs = "|".join(raw["verbs"])
    answers = "|".join(raw["answer_words"])
    genitive = (
        rf"\b(?:{verbs})\s+(?:\w+\s+){{0,3}}?(?P<org>{_NAME})(?::s|s|’s|'s)?\s+"
        rf"(?:\w+\s+)?(?:{answers})\b"
    )
    relative = (
        rf"\b(?:{verbs})\s+(?:\w+\s+){{0,3}}?(?:det|de|den)\s+(?:{answers})\s+som\s+"
        rf"(?P<org>{_NAME})\s+(?:har\s+|hade\s+)?(?:lämnat|avgett|lämnade|avgav|skickat|"
        rf"tagit fram|antagit|beslutat)"
    )
    return (re.compile(genitive), re.compile(relative))


@cache
def _verb() -> re.Pattern[str]:
    """The start both patterns share: a page without it has no endorsement."""
    verbs = "|".join(lexicons.data(LEXICON)["verbs"])
    return re.compile(rf"\b(?:{verbs})\s")


@cache
def _not_organisations() -> frozenset[str]:
    return frozenset(word.casefold() for word in lexicons.data(LEXICON)["not_organisations"])


def lexicon_version() -> str:
    return lexicons.version(LEXICON)


def find_endorsements(pages: Sequence[Page]) -> tuple[Endorsement, ...]:
    """The organisations whose answers this answer endorses, in order of first mention."""
    found: dict[str, Endorsement] = {}
    genitive, relative = _patterns()
    for page in pages:
        text = page.text
        if not _could_endorse(text):
            continue
        starts = _verb_starts(text)
        if not starts:
            continue
        for pattern in (genitive, relative):
            for match in _finditer(pattern, text, starts[0], starts):
                name = _clean(match.group("org"), genitive=pattern is genitive)
                if name is None or name.casefold() in found:
                    continue
                start, end = _sentence_around(text, match.start(), match.end())
                evidence = Evidence(normalise(text[start:end]), page.number, start, end)
                found[name.casefold()] = Endorsement(name, evidence)
    return tuple(sorted(found.values(), key=lambda e: (e.evidence.page, e.evidence.start)))


@cache
def _verb_quick() -> re.Pattern[str]:
    """:func:`_verb` behind a look-ahead for the first letters of the verbs: the same matches,
    without trying every verb at every position. The letters are the characters the verbs'
    first letters match, case-insensitively where the verb says so: found by trying them on
    every character (``"i"`` also matches ``"İ"`` and ``"ı"``, ``"s"`` matches ``"ſ"``)."""
    verbs = lexicons.data(LEXICON)["verbs"]
    ignoring, exact = [], []
    for verb in verbs:
        start = re.match(r"(\(\?i:)?([^\W\d_])", verb)
        if start is None:
            return _verb()  # a verb that does not start with a letter: no look-ahead
        (ignoring if start.group(1) else exact).append(start.group(2))
    letters = set(exact)
    if ignoring:
        every = "".join(map(chr, range(sys.maxunicode + 1)))
        letters.update(re.findall("(?i:[" + "".join(ignoring) + "])", every))
    first = "".join(re.escape(letter) for letter in sorted(letters))
    return re.compile(rf"(?=[{first}])" + _verb().pattern)


def _verb_starts(text: str) -> list[int]:
    """Every position where :func:`_verb` matches, in order (found in one pass)."""
    search = _verb_quick().search
    starts = []
    found = search(text)
    while found is not None:
        starts.append(found.start())
        found = search(text, found.start() + 1)
    return starts


def _finditer(
    pattern: re.Pattern[str], text: str, first: int, starts: list[int] | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that begins with :func:`_verb`, tried only
    where that verb stands (``first`` is where it first does; ``starts``, if given, are all
    the places, from :func:`_verb_starts`): the same matches, without trying the whole
    pattern at every position of the text."""
    verb = _verb()
    position = first
    while True:
        found = pattern.match(text, position)
        if found is not None:
            yield found
            position = max(found.end(), position + 1)
        else:
            position += 1
        if starts is None:
            candidate = verb.search(text, position)
            if candidate is None:
                return
            position = candidate.start()
        else:
            at = bisect_left(starts, position)
            if at == len(starts):
                return
            position = starts[at]


@cache
def _quick_checks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    answers = "|".join(lexicons.data(LEXICON)["answer_words"])
    # Two patterns, each starting with a character (set), which the regular expression engine
    # looks for quickly: a name before an answer word, or "som" (at a word start) before a
    # capital.
    return (
        re.compile(rf"[A-ZÅÄÖ][\wåäö]*(?::s|s|’s|'s)?\s+(?:\w+\s+)?(?:{answers})\b"),
        re.compile(r"s(?<!\w.)om\s+[A-ZÅÄÖ]"),
    )


@cache
def _answer_words() -> tuple[str, ...] | None:
    """The answer words none of which starts with another (a match of one of them starts where
    one of these stands), or None when one of them is not a plain word."""
    words = lexicons.data(LEXICON)["answer_words"]
    if any(not word or re.escape(word) != word for word in words):
        return None
    return tuple(
        word
        for word in dict.fromkeys(words)
        if not any(other != word and word.startswith(other) for other in words)
    )


_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")  # the first class of the named check


def _could_endorse(text: str) -> bool:
    named, relative = _quick_checks()
    if relative.search(text):
        return True
    words = _answer_words()
    if words is None:
        return bool(named.search(text))
    return _named_before_answer(text, named, words)


def _named_before_answer(text: str, named: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """``bool(named.search(text))``, tried only just before the answer words.

    A match of the named check ends in white space and an answer word, and what comes before
    the answer word is at most two runs of non-space characters (a name with its genitive,
    and one more word), each followed by white space. So a match starts at a capital within
    the last two runs of non-space characters before an answer word that follows a space.
    The answer words are found with ``str.find``; the named check, which would otherwise be
    tried at every capital letter of the text, runs only there.
    """
    match = named.match
    find = text.find
    for word in words:
        start = find(word, 1)
        while start > 0:
            if text[start - 1].isspace():
                first = start - 1
                for _ in range(2):  # back over white space, then over other characters
                    while first >= 0 and text[first].isspace():
                        first -= 1
                    while first >= 0 and not text[first].isspace():
                        first -= 1
                for candidate in range(first + 1, start):
                    if text[candidate] in _CAPITALS and match(text, candidate):
                        return True
            start = find(word, start + 1)
    return False


def _clean(raw: str, *, genitive: bool) -> str | None:
    name = raw.strip()
    if genitive:
        if name.endswith(":s"):
            name = name[:-2]
        elif name.endswith(("’s", "'s")):
            name = name[:-2]
        elif name.endswith("s") and not name.endswith("ss") and not name.isupper():
            name = name[:-1]
    words = name.split()
    while words and words[0].casefold() in _not_organisations():
        words = words[1:]
    name = " ".join(words)
    if not name or name.casefold() in _not_organisations() or len(name) < 2:
        return None
    return name


_SENTENCE_EDGE = re.compile(r"[.!?](?=\s+[A-ZÅÄÖ0-9])")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match (within 400 characters either side)."""
    first = max(0, start - 400)
    for found in _SENTENCE_EDGE.finditer(text, first, start):
        first = found.end()
    while first < start and text[first].isspace():
        first += 1
    stop = _SENTENCE_EDGE.search(text, end, end + 400)
    last = stop.end() if stop else min(len(text), end + 400)
    return first, last
