"""The overall position an answer takes on the proposal (domain brief 1.4-1.5).

Reading happens in two steps.

1. **Signals.** Each sentence of the body's own parts (decision proposal, summary, views,
   other; never the letterhead, the description of the matter, the consequences, signatures or
   attachments) is matched against the lexicon ``lexicons/stance.json``: support (formal, like
   "tillstyrker", or soft praise of a part), opposition (formal: "avstyrker", "motsätter sig",
   "bör avvakta", "kan inte meddelas"), sharp criticism of the proposal's quality, objections,
   no-objection ("inget att erinra", "inga synpunkter"), closing formulas that decide nothing
   ("inga ytterligare synpunkter"), abstention, not concerned, a cover note formula
   ("bifogade yttrande"), and the statement that views follow. Negation comes first:
   a negated support verb ("kan inte tillstyrka") is opposition, a negated opposition verb
   ("avstyrker inte") is no objection. Hedges ("i huvudsak"), partial markers ("med undantag
   för") and conditions ("under förutsättning att") are read in the same sentence.
2. **Decision.** The signals and the substantive points of the answer
   (:func:`remiss.textkit.points.find_points`: requests, objections, additions, emphasis)
   decide the label, most specific rule first:

   * formal opposition together with support or acceptance of another part ("inga
     invändningar mot X men avstyrker Y"), a partial marker or a hedge -> ``delvis_avstyrker``;
     formal opposition alone -> ``avstyrker``;
   * support: with a partial marker, or soft praise of one part next to sharp criticism of
     another -> ``delvis_avstyrker``; with a hedge, a condition, points, criticism or a
     statement that views follow -> ``tillstyrker_med_synpunkter``; else ``tillstyrker``;
   * not concerned (and no points; also when it is the reason for abstaining) ->
     ``berörs_inte``; abstention (and no points) -> ``avstår``;
   * no objection: with points (the body says it has no views and then adds one) ->
     ``tillstyrker_med_synpunkter``; else ``inga_synpunkter``;
   * sharp criticism of the proposal alone -> ``avstyrker``;
   * anything else (points without a position, a cover note whose answer is an attachment,
     nothing at all) -> ``oklart``.

The evidence is the sentences that decided, in reading order; the confidence is a rough
figure (how explicit the deciding words are), not a calibrated probability.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import Evidence, Part, Point, Stance
from remiss.textkit.documents import Page
from remiss.textkit.structure import ANSWER_KINDS, Sentence, sentences, split_parts

LEXICON = "stance"
SUBSTANTIVE_KINDS = frozenset({"request", "objection", "addition", "emphasis"})
MAX_EVIDENCE = 4
_WORDS = re.compile(r"[\wåäöÅÄÖ]+")


@dataclass(frozen=True)
class _Entry:
    cls: str
    strength: str
    negatable: bool
    negated_class: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Signal:
    """One stance cue in one sentence."""

    cls: str  # support, oppose, sharp, objection, no_objection, abstain, not_concerned, ...
    strength: str  # formal or soft
    sentence: Sentence
    match: str
    hedged: bool = False
    partial: bool = False
    conditional: bool = False
    negated: bool = False


@dataclass(frozen=True)
class _Lexicon:
    entries: tuple[_Entry, ...]
    any_cue: re.Pattern[str]  # all signal patterns in one: a sentence without it has none
    negators: frozenset[str]
    non_negating: frozenset[str]
    clause_break: re.Pattern[str]
    objects: re.Pattern[str]
    subjects: re.Pattern[str]
    hedges: re.Pattern[str]
    partial: re.Pattern[str]
    conditions: re.Pattern[str]


@cache
def _lexicon() -> _Lexicon:
    raw = lexicons.data(LEXICON)
    entries = []
    # Patterns are lower case and matched on the lower-cased sentence (faster than IGNORECASE).
    for signal in raw["signals"]:
        pattern = lexicons.alternatives(signal["patterns"])
        entries.append(
            _Entry(
                cls=signal["class"],
                strength=signal["strength"],
                negatable=signal["negatable"],
                negated_class=signal.get("negated_class", ""),
                pattern=pattern,
            )
        )
    flags = re.NOFLAG
    return _Lexicon(
        entries=tuple(entries),
        any_cue=lexicons.alternatives([p for signal in raw["signals"] for p in signal["patterns"]]),
        negators=frozenset(raw["negators"]),
        non_negating=frozenset(raw["non_negating_after"]),
        clause_break=re.compile(raw["clause_breaks"], flags),
        objects=re.compile(raw["proposal_objects"], flags),
        subjects=re.compile(raw["proposal_subjects"], flags),
        hedges=re.compile(raw["hedges"], flags),
        partial=re.compile(raw["partial"], flags),
        conditions=re.compile(raw["conditions"], flags),
    )


def lexicon_version() -> str:
    return lexicons.version(LEXICON)


def _negated(text: str, start: int, end: int, lex: _Lexicon) -> bool:
    inside = [word.casefold() for word in _WORDS.findall(text[start:end])]
    for index, word in enumerate(inside[1:], start=1):
        if word in lex.negators and (
            index + 1 >= len(inside) or inside[index + 1] not in lex.non_negating
        ):
            return True
    before = lex.clause_break.split(text[max(0, start - 60) : start])[-1]
    before_words = [word.casefold() for word in _WORDS.findall(before)][-3:]
    after_words = [word.casefold() for word in _WORDS.findall(text[end : end + 40])][:3]
    if any(word in lex.negators for word in before_words):
        following = after_words[0] if after_words else ""
        last = before_words[-1]
        if not (last in lex.negators and following in lex.non_negating):
            return True
    for index, word in enumerate(after_words[:2]):
        if word in ("inte", "ej", "icke", "aldrig"):
            following = after_words[index + 1] if index + 1 < len(after_words) else ""
            return following not in lex.non_negating
        if word not in ("därför", "heller", "alls", "längre", "helt", "riktigt", "sig", "oss"):
            break
    return False


def sentence_signals(sentence: Sentence) -> list[Signal]:
    """The stance cues of one sentence (any part kind; the caller decides which count)."""
    return [
        Signal(
            cls=cls,
            strength=strength,
            sentence=sentence,
            match=match,
            hedged=hedged,
            partial=partial,
            conditional=conditional,
            negated=negated,
        )
        for cls, strength, match, hedged, partial, conditional, negated in _cues_of(sentence.text)
    ]


@lru_cache(maxsize=65536)
def _cues_of(sentence: str) -> tuple[tuple[str, str, str, bool, bool, bool, bool], ...]:
    """(class, strength, match, hedged, partial, conditional, negated) of each cue of a
    sentence (read in lower case); remembered, as answers repeat their formulas."""
    text = sentence.lower()
    lex = _lexicon()
    if not lex.any_cue.search(text):
        return ()
    claimed: list[tuple[int, int]] = []
    found: list[tuple[str, str, str, bool, bool, bool, bool]] = []
    partial = conditional = None  # looked for once per sentence, when a cue is found
    for entry in lex.entries:
        for match in entry.pattern.finditer(text):
            start, end = match.span()
            if any(start < stop and end > begin for begin, stop in claimed):
                continue
            claimed.append((start, end))
            cls, strength = entry.cls, entry.strength
            negated = entry.negatable and _negated(text, start, end, lex)
            if negated:
                cls = entry.negated_class
                strength = "formal" if cls in ("oppose", "no_objection") else "soft"
            if strength == "object":
                window = text[end : end + 80]
                strength = "formal" if lex.objects.search(window[:60]) else "soft"
            if cls == "sharp" and not lex.subjects.search(text):
                cls = "objection"  # sharp words about something other than the proposal
            if partial is None:
                partial = bool(lex.partial.search(text))
                conditional = bool(lex.conditions.search(text))
            found.append(
                (
                    cls,
                    strength,
                    match.group(0),
                    bool(lex.hedges.search(text, max(0, start - 40), end + 40)),
                    partial,
                    bool(conditional),
                    negated,
                )
            )
    return tuple(found)


def classify_stance(pages: Sequence[Page], parts: Sequence[Part] | None = None) -> Stance:
    """The answer's overall stance, with the sentences that decided it."""
    from remiss.textkit.points import points_from_sentences

    if parts is None:
        parts = split_parts(pages)
    found = sentences(pages, parts)
    return stance_from_sentences(found, points_from_sentences(found, ()))


def stance_from_sentences(found: Sequence[Sentence], points: Sequence[Point]) -> Stance:
    """:func:`classify_stance` on sentences and points already found."""
    signals = [
        signal
        for sentence in found
        if sentence.kind in ANSWER_KINDS
        for signal in sentence_signals(sentence)
    ]
    substantive = [point for point in points if point.kind in SUBSTANTIVE_KINDS]
    return _decide(signals, substantive)


def _of(signals: Iterable[Signal], cls: str, strength: str | None = None) -> list[Signal]:
    return [s for s in signals if s.cls == cls and (strength is None or s.strength == strength)]


def _decide(signals: list[Signal], points: list[Point]) -> Stance:
    support = _of(signals, "support")
    formal = [s for s in support if s.strength == "formal"]
    soft = [s for s in support if s.strength == "soft"]
    oppose = _of(signals, "oppose")
    sharp = _of(signals, "sharp")
    objection = _of(signals, "objection")
    no_objection = _of(signals, "no_objection")
    abstain = _of(signals, "abstain")
    not_concerned = _of(signals, "not_concerned")
    neutral = _of(signals, "neutral")
    has_views = _of(signals, "has_views")
    cover = _of(signals, "cover")
    conditional = [s for s in signals if s.conditional and s.cls in ("support", "no_objection")]

    if oppose:
        # Opposition next to support, acceptance or a hedge of another part is partial.
        hedged_oppose = [s for s in oppose if s.hedged or s.partial]
        if formal or hedged_oppose or no_objection:
            others = hedged_oppose + formal + no_objection
            return _stance("delvis_avstyrker", oppose + others, (), 0.7)
        return _stance("avstyrker", oppose, (), 0.9 if not soft else 0.8)
    if support:
        partial = [s for s in support if s.partial]
        if partial:
            return _stance("delvis_avstyrker", partial + oppose, (), 0.6)
        if sharp and not formal:
            return _stance("delvis_avstyrker", soft + sharp, (), 0.55)
        hedged = [s for s in support if s.hedged]
        reasons = hedged + conditional + objection + sharp + has_views
        if reasons or points:
            lead = formal or soft
            return _stance(
                "tillstyrker_med_synpunkter",
                lead[:2] + reasons,
                points,
                0.85 if formal else 0.7,
            )
        if formal:
            return _stance("tillstyrker", formal, (), 0.9)
        return _stance("tillstyrker", soft, (), 0.6)
    if not_concerned and not points:
        # "faller utanför vårt ansvarsområde och lämnar därför inget yttrande": the reason is
        # the more specific status.
        return _stance("berörs_inte", not_concerned + abstain, (), 0.85)
    if abstain and not points:
        return _stance("avstår", abstain, (), 0.9)
    if no_objection:
        if points or has_views or conditional or objection:
            return _stance(
                "tillstyrker_med_synpunkter",
                no_objection + conditional + has_views + objection,
                points,
                0.75,
            )
        return _stance("inga_synpunkter", no_objection, (), 0.85)
    if sharp and not neutral:
        return _stance("avstyrker", sharp, (), 0.5)
    if cover:
        return _stance("oklart", cover, (), 0.6)
    evidence = neutral + objection + has_views
    return _stance("oklart", evidence, points, 0.5 if (evidence or points) else 0.3)


def _stance(
    label: str, signals: Sequence[Signal], points: Sequence[Point], confidence: float
) -> Stance:
    items: dict[tuple[int, int], Evidence] = {}
    for signal in signals:
        sentence = signal.sentence
        key = (sentence.page, sentence.start)
        if key not in items and len(items) < MAX_EVIDENCE:
            items[key] = Evidence(sentence.text, sentence.page, sentence.start, sentence.end)
    for point in points[:2]:
        key = (point.evidence.page, point.evidence.start)
        if key not in items and len(items) < MAX_EVIDENCE + 2:
            items[key] = point.evidence
    ordered = tuple(items[key] for key in sorted(items))
    return Stance(label=label, evidence=ordered, confidence=confidence)
