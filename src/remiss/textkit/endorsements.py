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
        verb = _verb().search(text)
        if verb is None:
            continue
        for pattern in (genitive, relative):
            for match in _finditer(pattern, text, verb.start()):
                name = _clean(match.group("org"), genitive=pattern is genitive)
                if name is None or name.casefold() in found:
                    continue
                start, end = _sentence_around(text, match.start(), match.end())
                evidence = Evidence(normalise(text[start:end]), page.number, start, end)
                found[name.casefold()] = Endorsement(name, evidence)
    return tuple(sorted(found.values(), key=lambda e: (e.evidence.page, e.evidence.start)))


def _finditer(pattern: re.Pattern[str], text: str, first: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that begins with :func:`_verb`, tried only
    where that verb stands (``first`` is where it first does): the same matches, without
    trying the whole pattern at every position of the text."""
    verb = _verb()
    position = first
    while True:
        found = pattern.match(text, position)
        if found is not None:
            yield found
            position = max(found.end(), position + 1)
        else:
            position += 1
        candidate = verb.search(text, position)
        if candidate is None:
            return
        position = candidate.start()


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


def _could_endorse(text: str) -> bool:
    named, relative = _quick_checks()
    return bool(relative.search(text) or named.search(text))


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
