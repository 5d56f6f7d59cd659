"""The distinct substantive points an answer makes, each placed under the strategy's sections.

A point starts at a sentence of the summary or the views (never the letterhead, the
description of the matter, the decision proposal, consequences, signatures or attachments)
that carries a cue of ``lexicons/points.json``: a request ("saknar", "efterfrågar", "bör
förtydligas", "föreslår att", "anser att … bör"), an objection ("är kritisk till",
"ifrågasätter", "avstyrker"), an addition ("som tillägg", "vill trycka på"), support for a
part ("välkomnar", "bra att") or emphasis ("vill lyfta", "understryker vikten av"). When a
sentence has several cues the heaviest decides its kind.

A point grows by the sentences that carry it on, up to three sentences in all: the next
sentence of the same paragraph when it has no cue of its own and starts with a word that
refers back ("Detta", "Dessutom") or shares content words with the point, or is a question.
A list item is one point with all its sentences; items after a lead-in with a cue ("vill
särskilt lyfta fram följande:") are points of the lead-in's kind, items after a lead-in that
announces views ("har följande synpunkter:") are points of their own kind or else emphasis.

Each point is placed with :func:`remiss.textkit.sections.place_point` (best first; empty when
no section fits, which the compilation shows as "Övergripande").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import (
    Evidence,
    Part,
    Point,
    SectionPlacement,
    SectionRef,
)
from remiss.textkit.documents import Page
from remiss.textkit.structure import POINT_KINDS_OF_PART, Sentence, sentences, split_parts

LEXICON = "points"
MAX_SENTENCES = 3
KIND_ORDER = ("addition", "objection", "request", "emphasis", "support")


@dataclass(frozen=True)
class _Cues:
    kinds: tuple[tuple[str, int, re.Pattern[str]], ...]
    any_cue: re.Pattern[str]  # all cue patterns in one: a sentence without it has none
    skip: re.Pattern[str]
    announces: re.Pattern[str]
    neutralise: re.Pattern[str]
    contrast: re.Pattern[str]
    strong: re.Pattern[str]
    weak: re.Pattern[str]


@cache
def _cues() -> _Cues:
    raw = lexicons.data(LEXICON)
    # Patterns are lower case and matched on the lower-cased sentence (faster than IGNORECASE).
    kinds = tuple(
        (entry["kind"], int(entry["weight"]), lexicons.alternatives(entry["patterns"]))
        for entry in raw["kinds"]
    )

    def starters(words: list[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(word) for word in words)
        return re.compile(rf"^[\"”'(•▪–\-\s]*(?:{alternatives})\b", re.IGNORECASE)

    return _Cues(
        kinds=kinds,
        any_cue=lexicons.alternatives([p for entry in raw["kinds"] for p in entry["patterns"]]),
        skip=lexicons.alternatives(raw["skip"]),
        announces=lexicons.alternatives(raw["announces_views"]),
        neutralise=lexicons.alternatives(raw["neutralise"]),
        contrast=re.compile(raw["contrast"]),
        strong=starters(raw["continuations"]),
        weak=starters(raw["weak_continuations"]),
    )


def lexicon_version() -> str:
    return lexicons.version(LEXICON)


def point_kind(text: str) -> str | None:
    """The kind of point a sentence makes, or None when it has no cue."""
    return _point_kind(text)


@lru_cache(maxsize=65536)
def _point_kind(text: str) -> str | None:
    """:func:`point_kind`, remembered (answers repeat their formulas)."""
    cues = _cues()
    text = cues.neutralise.sub(" ", text.lower())
    if not cues.any_cue.search(text):
        return None
    found: dict[str, int] = {}
    for kind, weight, pattern in cues.kinds:
        if weight > found.get(kind, 0) and pattern.search(text):
            found[kind] = weight
    if len(found) > 1 and "support" in found and cues.contrast.search(text):
        del found["support"]  # "positiv till X men saknar Y": the reservation is the point
    if not found:
        return None
    return max(found, key=lambda kind: (found[kind], -KIND_ORDER.index(kind)))


@lru_cache(maxsize=65536)
def _skipped(text: str) -> bool:
    """A sentence that makes no point of its own (a cover formula, "läs mer"), remembered."""
    return bool(_cues().skip.search(text.lower()))


def find_points(
    pages: Sequence[Page],
    parts: Sequence[Part] | None = None,
    sections: Sequence[SectionRef] = (),
) -> tuple[Point, ...]:
    """The substantive points of an answer, in reading order, placed under ``sections``."""
    if parts is None:
        parts = split_parts(pages)
    return points_from_sentences(sentences(pages, parts), sections)


def points_from_sentences(
    found: Sequence[Sentence], sections: Sequence[SectionRef] = ()
) -> tuple[Point, ...]:
    """:func:`find_points` on sentences already found."""
    cues = _cues()
    groups: list[tuple[str, list[Sentence]]] = []
    lead_kind: str | None = None  # the kind of a lead-in sentence ending with ":"
    lead_block = -1  # the block of the lead-in, then of the last item that followed it
    current: tuple[str, list[Sentence]] | None = None
    for sentence in found:
        if sentence.kind not in POINT_KINDS_OF_PART:
            current, lead_kind = None, None
            continue
        if sentence.text.endswith(":") and not sentence.item:
            # A lead-in: the items after it carry its kind ("vill lyfta följande:" gives
            # emphasis; "har följande synpunkter:" announces views of no particular kind).
            kind = point_kind(sentence.text)
            if kind is None and cues.announces.search(sentence.text.lower()):
                kind = "emphasis"
            lead_kind, lead_block, current = kind, sentence.block, None
            continue
        if _skipped(sentence.text):
            current, lead_kind = None, None
            continue
        kind = point_kind(sentence.text)
        if sentence.item:
            if lead_kind is not None and sentence.block == lead_block + 1:
                kind = kind or lead_kind
                lead_block = sentence.block
            else:
                lead_kind = None
            current = (kind, [sentence]) if kind else None
            if current is not None:
                groups.append(current)
            continue
        if current is not None and current[1][0].item and sentence.block == current[1][0].block:
            current[1].append(sentence)  # the rest of a list item
            continue
        if sentence.block != lead_block:
            lead_kind = None
        if kind is None:
            if current is not None and _continues(current[1], sentence, cues):
                current[1].append(sentence)
            else:
                current = None
            continue
        current = (kind, [sentence])
        groups.append(current)
    place = _placer() if sections else None
    points = []
    for kind, group in groups:
        text = " ".join(sentence.text for sentence in group)
        first = group[0]
        last = max((s for s in group if s.page == first.page), key=lambda s: s.end)
        placements: tuple[SectionPlacement, ...] = ()
        if place is not None:
            placements = tuple(place(text, sections))
        points.append(
            Point(
                text=text,
                evidence=Evidence(text, first.page, first.start, last.end),
                kind=kind,
                sections=placements,
            )
        )
    return tuple(points)


def _continues(group: list[Sentence], sentence: Sentence, cues: _Cues) -> bool:
    last = group[-1]
    if len(group) >= MAX_SENTENCES or sentence.block != last.block:
        return False
    if sentence.text.rstrip().endswith("?") or cues.strong.match(sentence.text):
        return True
    shared = _shared_words(" ".join(s.text for s in group), sentence.text)
    return shared >= 2 or (shared >= 1 and bool(cues.weak.match(sentence.text)))


def _shared_words(first: str, second: str) -> int:
    from remiss.textkit.lemmas import lemmas

    return len(set(lemmas(first)) & set(lemmas(second)))


@cache
def _placer():
    """C2's ``place_point``; until that module exists, a placer that places nothing."""
    try:
        from remiss.textkit.sections import place_point
    except ImportError:  # pragma: no cover - only while sections.py is being written
        return lambda text, sections: ()
    return place_point
