"""Which part of the strategy is a point about?

:func:`place_point` answers in two steps, best first:

1. **Explicit references.** "avsnitt 2.3", "kapitel 4", "punkt 3.2", "insats 12",
   "inriktningsområde 2" / "det andra inriktningsområdet" (the second section of kind
   ``inriktningsomrade`` in number order: a draft may number its focus areas 2.1–2.4 while its
   text says "inriktningsområde 1–4"), "inriktningsområdet kompetensförsörjning" (a cue word
   and a word found in only one title), or the whole name of a section ("små och medelstora
   företags konkurrenskraft", "strategisk kompetensförsörjning"). Sections closed for
   comment are placed only this way.
2. **Lexical similarity** between the point and each open section's title and text: lemmas
   weighted by how few sections share them (an IDF over the sections), the parts of compounds
   ("kompetens" in "kompetensförsörjning") and fields of related words from
   ``lexicons/section_vocabulary.json`` ("universitet" and "högskola" lean towards
   "kompetensförsörjning"). Below a threshold the answer is "none" (an empty tuple, shown as
   "Övergripande").

:func:`sections_from_document` reads numbered headings ("2.3 Export …", "4. Kompetens") from
a document itself, for an analysis without a consultation.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

from remiss.textkit import lexicons
from remiss.textkit.analysis_types import SectionPlacement, SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.lemmas import compound_parts, lemma, lemmas_of_tokens

VOCABULARY = "section_vocabulary"
FOCUS_AREA = "inriktningsomrade"
INSATS = "insats"

EXPLICIT_NUMBER_CONFIDENCE = 0.95
EXPLICIT_PARENT_CONFIDENCE = 0.8  # "avsnitt 2.3.4" when only 2.3 exists
EXPLICIT_NAME_CONFIDENCE = 0.9
LEXICAL_MAX_CONFIDENCE = 0.85

LEXICAL_THRESHOLD = 0.12  # cosine below which a section does not fit
LEXICAL_RELATIVE = 0.6  # a runner-up must score at least this share of the best
MIN_EVIDENCE = 1.5  # the shared words must weigh at least this much (IDF-weighted)
MAX_PLACEMENTS = 3
LONG_POINT = 12  # distinct lemmas from which a point needs two words in common with a section

PART_WEIGHT = 0.5  # a part of a compound
GROUP_WEIGHT = 0.7  # a field of related words
GENERIC_WEIGHT = 0.2
TITLE_WEIGHT = 2.0

_NUMBER_WORDS = {
    "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10,
}  # fmt: skip
_ORDINALS = {
    "första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6,
    "sjunde": 7, "åttonde": 8, "nionde": 9, "tionde": 10,
}  # fmt: skip
_NUM = r"(?:\d{1,2}(?:\.\d{1,2}){0,3}|" + "|".join(_NUMBER_WORDS) + r")\b"
_REFERENCE = re.compile(
    r"\b(?P<cue>avsnitt(?:et|en)?|kapit(?:el|let|len)|kap\.|punkt(?:en|erna)?|"
    r"inriktningsområde(?:t|n|na)?|område(?:t|n|na)?|insats(?:en|erna)?)"
    rf"\s+(?:nr\.?\s*|nummer\s+)?(?P<numbers>{_NUM}(?:\s*(?:,|och|samt|&|–|-|till)\s*{_NUM})*)"
    r"(?!\s*§)(?![.,]?\d)",
)
_ORDINAL_REFERENCE = re.compile(
    r"\b(?P<ordinal>" + "|".join(_ORDINALS) + r")\s+"
    r"(?P<cue>inriktningsområdet|området|kapitlet|avsnittet|insatsen)\b",
)
_NUMBER_IN_LIST = re.compile(_NUM + r"|(?P<range>–|-|till)")
# Substrings without which no reference can be there (cheap test before the expressions).
_REFERENCE_HINTS = ("avsnitt", "kapit", "kap.", "punkt", "område", "insats")
# Words with breaks: a punctuation mark ends a run of words (for names of sections).
_WORD_OR_BREAK = re.compile(r"[^\W\d_]+|[^\w\s]")


@dataclass(frozen=True)
class _Vocabulary:
    groups: dict[str, tuple[str, ...]]  # lemma -> the fields it belongs to
    generic: frozenset[str]
    cues: frozenset[str]  # lower-case surface words


@cache
def _vocabulary() -> _Vocabulary:
    data = lexicons.data(VOCABULARY)
    groups: dict[str, list[str]] = {}
    for name, words in sorted(data["groups"].items()):
        for word in words:
            for key in {word.lower(), lemma(word) or word.lower()}:
                groups.setdefault(key, [])
                if name not in groups[key]:
                    groups[key].append(name)
    generic = {lemma(word) or word.lower() for word in data["generic"]}
    generic |= {word.lower() for word in data["generic"]}
    return _Vocabulary(
        groups={key: tuple(names) for key, names in groups.items()},
        generic=frozenset(generic),
        cues=frozenset(word.lower() for word in data["cues"]),
    )


def vocabulary_version() -> str:
    return lexicons.version(VOCABULARY)


# ---------------------------------------------------------------------------------------------
# Features of a text: lemmas, compound parts and fields, with weights


@lru_cache(maxsize=200_000)
def lemma_features(word_lemma: str) -> tuple[tuple[str, float], ...]:
    """What one lemma contributes: itself, its compound parts and the fields of both."""
    vocabulary = _vocabulary()
    generic = word_lemma in vocabulary.generic
    features: dict[str, float] = {word_lemma: GENERIC_WEIGHT if generic else 1.0}
    fields = set(vocabulary.groups.get(word_lemma, ()))
    for part in compound_parts(word_lemma):
        if part not in vocabulary.generic and len(part) >= 4:
            features[part] = max(features.get(part, 0.0), PART_WEIGHT)
        fields.update(vocabulary.groups.get(part, ()))
    if not generic:
        for field in sorted(fields):
            features["@" + field] = GROUP_WEIGHT
    return tuple(features.items())


def _features(word_lemmas: Sequence[str], weight: float = 1.0) -> dict[str, float]:
    features: dict[str, float] = {}
    for word_lemma in word_lemmas:
        for feature, value in lemma_features(word_lemma):
            features[feature] = features.get(feature, 0.0) + value * weight
    return features


def _damped(features: dict[str, float]) -> dict[str, float]:
    """Repetition counts, but less and less (1 + log)."""
    return {
        feature: (1.0 + math.log(value)) if value > 1.0 else value
        for feature, value in features.items()
    }


def _lemma_runs(text: str) -> list[str]:
    """Lemmas in order, with "" where a stop word or a punctuation mark breaks the run."""
    return lemmas_of_tokens(_WORD_OR_BREAK.findall(text.lower()), keep_gaps=True)


# ---------------------------------------------------------------------------------------------
# The index over one set of sections (built once per set, cached)


@dataclass(frozen=True)
class _Index:
    sections: tuple[SectionRef, ...]
    by_number: dict[str, int]
    focus_areas: tuple[int, ...]  # indexes of kind "inriktningsomrade", in number order
    insatser: tuple[int, ...]
    # feature -> (its IDF, ((section, weight x IDF), ...))
    known: dict[str, tuple[float, tuple[tuple[int, float], ...]]]
    top_idf: float
    norms: tuple[float, ...]
    order: tuple[int, ...]  # each section's rank in number order
    open: tuple[bool, ...]
    unique_title_lemmas: dict[str, int]  # a lemma found in one title only -> that section
    names: tuple[tuple[frozenset[str], tuple[str, str] | None], ...]  # per section
    # point text -> its placements under these sections (answers repeat their formulas)
    placed: dict[str, tuple[SectionPlacement, ...]] = field(default_factory=dict, compare=False)


def _number_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in number.split("."))


@lru_cache(maxsize=32)
def _index(sections: tuple[SectionRef, ...]) -> _Index:
    vocabulary = _vocabulary()
    count = len(sections)
    by_number: dict[str, int] = {}
    for position, section in enumerate(sections):
        by_number.setdefault(section.number.strip().rstrip("."), position)
    ordered = sorted(range(count), key=lambda i: _number_key(sections[i].number))
    focus_areas = tuple(i for i in ordered if sections[i].kind == FOCUS_AREA)
    insatser = tuple(i for i in ordered if sections[i].kind == INSATS)

    vectors = []
    for section in sections:
        title = [word for word in _lemma_runs(section.title) if word]
        features = _features(title, TITLE_WEIGHT)
        for feature, value in _features(
            [word for word in _lemma_runs(section.text) if word]
        ).items():
            features[feature] = features.get(feature, 0.0) + value
        vectors.append(_damped(features))
    document_frequency: dict[str, int] = {}
    for vector in vectors:
        for feature in vector:
            document_frequency[feature] = document_frequency.get(feature, 0) + 1
    idf = {
        feature: 0.0 if (frequency == count and count >= 3) else math.log(1.0 + count / frequency)
        for feature, frequency in document_frequency.items()
    }
    postings: dict[str, list[tuple[int, float]]] = {}
    norms = []
    for position, vector in enumerate(vectors):
        squares = 0.0
        for feature, value in sorted(vector.items()):
            weighted = value * idf[feature]
            if weighted > 0:
                postings.setdefault(feature, []).append((position, weighted))
                squares += weighted * weighted
        norms.append(math.sqrt(squares))

    title_lemmas = [{word for word in _lemma_runs(section.title) if word} for section in sections]
    seen_in: dict[str, list[int]] = {}
    for position, words in enumerate(title_lemmas):
        for word in words:
            seen_in.setdefault(word, []).append(position)
    unique = {
        word: positions[0]
        for word, positions in seen_in.items()
        if len(positions) == 1 and word not in vocabulary.generic
    }
    names = []
    for section in sections:
        runs = _lemma_runs(section.title)
        core = frozenset(word for word in runs if word and word not in vocabulary.generic)
        phrase = None
        if len(core) == 1:
            # "strategisk kompetensförsörjning": the core word and the word before it
            [only] = core
            where = runs.index(only)
            if where > 0 and runs[where - 1]:
                phrase = (runs[where - 1], only)
        names.append((core, phrase))
    return _Index(
        sections=sections,
        by_number=by_number,
        focus_areas=focus_areas,
        insatser=insatser,
        known={
            feature: (idf[feature], tuple(postings.get(feature, ()))) for feature in sorted(idf)
        },
        top_idf=max(idf.values(), default=1.0),
        norms=tuple(norms),
        order=tuple(ordered.index(position) for position in range(count)),
        open=tuple(section.open_for_comment for section in sections),
        unique_title_lemmas=unique,
        names=tuple(names),
    )


# ---------------------------------------------------------------------------------------------
# Explicit references


def _numbers(listing: str) -> list[str]:
    """ "2.1, 2.3 och 2.4" -> [2.1, 2.3, 2.4]; "1–4" -> [1, 2, 3, 4]; "fyra" -> [4]."""
    found: list[str] = []
    pending_range = False
    for match in _NUMBER_IN_LIST.finditer(listing):
        if match.group("range"):
            pending_range = bool(found)
            continue
        value = match.group(0).lower()
        value = str(_NUMBER_WORDS.get(value, value))
        if pending_range and found:
            start = found[-1]
            head, _, last = start.rpartition(".")
            end_head, _, end_last = value.rpartition(".")
            if head == end_head and last.isdigit() and end_last.isdigit():
                prefix = f"{head}." if head else ""
                for step in range(int(last) + 1, min(int(end_last), int(last) + 20) + 1):
                    found.append(f"{prefix}{step}")
                pending_range = False
                continue
        pending_range = False
        found.append(value)
    return found


def _by_number(index: _Index, number: str) -> tuple[int, float] | None:
    """The section with this number, else its nearest numbered ancestor."""
    number = number.rstrip(".")
    if number in index.by_number:
        return index.by_number[number], EXPLICIT_NUMBER_CONFIDENCE
    parts = number.split(".")
    while len(parts) > 1:
        parts.pop()
        found = index.by_number.get(".".join(parts))
        if found is not None:
            return found, EXPLICIT_PARENT_CONFIDENCE
    return None


def _focus_area(index: _Index, number: str) -> tuple[int, float] | None:
    if index.focus_areas and number.isdigit():
        ordinal = int(number)
        if 1 <= ordinal <= len(index.focus_areas):
            return index.focus_areas[ordinal - 1], EXPLICIT_NUMBER_CONFIDENCE
        return None
    return _by_number(index, number)


def _insats(index: _Index, number: str) -> tuple[int, float] | None:
    """ "insats 12": the insats numbered 12 (or titled "Insats 12"), else the one insats whose
    number ends in .12 ("2.4.12")."""
    endings = []
    for position in index.insatser:
        section = index.sections[position]
        own = section.number.rstrip(".")
        if own == number or re.match(rf"insats\s+{re.escape(number)}\b", section.title.lower()):
            return position, EXPLICIT_NUMBER_CONFIDENCE
        if own.endswith("." + number):
            endings.append(position)
    if len(endings) == 1:
        return endings[0], EXPLICIT_NUMBER_CONFIDENCE
    if not index.insatser and "." in number:
        return _by_number(index, number)
    return None


def _resolve(index: _Index, cue: str, number: str) -> tuple[int, float] | None:
    cue = cue.lower()
    if cue.startswith("inriktningsområde") or cue.startswith("område"):
        return _focus_area(index, number)
    if cue.startswith("insats"):
        return _insats(index, number)
    return _by_number(index, number)


def _explicit(
    index: _Index, lowered: str, words: list[str], runs: list[str]
) -> list[tuple[int, float, str, int]]:
    """(section, confidence, evidence, position in the text) for each explicit reference.

    ``lowered`` is the text in lower case, ``words`` its words and punctuation marks and
    ``runs`` their lemmas ("" for a stop word or a mark).
    """
    found: list[tuple[int, float, str, int]] = []
    if any(hint in lowered for hint in _REFERENCE_HINTS):
        for match in _REFERENCE.finditer(lowered):
            numbers = _numbers(match.group("numbers"))
            cue = match.group("cue")
            if (
                len(numbers) > 1
                and cue.startswith(("inriktningsområde", "område"))
                and len(index.focus_areas) > 1
                and len(numbers) >= len(index.focus_areas)
            ):
                continue  # "inriktningsområde 1–4": all of them, i.e. the strategy as a whole
            for number in numbers:
                hit = _resolve(index, cue, number)
                if hit:
                    found.append((hit[0], hit[1], match.group(0).strip(), match.start()))
        for match in _ORDINAL_REFERENCE.finditer(lowered):
            number = str(_ORDINALS[match.group("ordinal")])
            hit = _resolve(index, match.group("cue"), number)
            if hit:
                found.append((hit[0], hit[1], match.group(0), match.start()))
    found.extend(_named(index, lowered, words, runs))
    return found


def _named(
    index: _Index, lowered: str, words: list[str], runs: list[str]
) -> list[tuple[int, float, str, int]]:
    """Sections named by a cue and a word of one title only, or by their whole name."""
    found: list[tuple[int, float, str, int]] = []
    cues = _vocabulary().cues
    if not cues.isdisjoint(words):
        for position, word in enumerate(words):
            if word not in cues:
                continue
            for following, following_lemma in zip(
                words[position + 1 : position + 4], runs[position + 1 : position + 4], strict=False
            ):
                target = index.unique_title_lemmas.get(following_lemma)
                if target is not None:
                    found.append(
                        (
                            target,
                            EXPLICIT_NAME_CONFIDENCE,
                            f"{word} {following}",
                            _where(lowered, word),
                        )
                    )
                    break
    present = set(runs)
    pairs = None
    for position, (core, phrase) in enumerate(index.names):
        if phrase is not None:
            if phrase[1] not in present:
                continue
            if pairs is None:
                pairs = set(pairwise(runs))
            if phrase in pairs:
                found.append(
                    (
                        position,
                        EXPLICIT_NAME_CONFIDENCE,
                        " ".join(phrase),
                        _where(lowered, phrase[1]),
                    )
                )
        elif len(core) >= 2 and core <= present:
            evidence = " ".join(
                dict.fromkeys(word for word, run in zip(words, runs, strict=True) if run in core)
            )
            found.append((position, EXPLICIT_NAME_CONFIDENCE, evidence, len(lowered)))
    return found


def _where(text: str, word: str) -> int:
    where = text.lower().find(word[:5])
    return where if where >= 0 else len(text)


# ---------------------------------------------------------------------------------------------
# Lexical similarity


def _lexical(index: _Index, runs: list[str]) -> list[tuple[int, float, str]]:
    point_lemmas = [word for word in runs if word]
    if not point_lemmas:
        return []
    vector = _damped(_features(point_lemmas))
    scores: dict[int, float] = {}
    squares = 0.0
    unknown = 0.0
    known = index.known
    is_open = index.open
    for feature, value in vector.items():
        entry = known.get(feature)
        if entry is None:
            unknown += value * value
            continue
        idf, postings = entry
        weighted = value * idf
        squares += weighted * weighted
        for position, section_weight in postings:
            if is_open[position]:
                scores[position] = scores.get(position, 0.0) + weighted * section_weight
    if not scores:
        return []
    # The point's norm counts the words no section knows, too (at the largest IDF), so a
    # long point with one shared word scores low.
    norm = math.sqrt(squares + unknown * index.top_idf**2)
    results = sorted(
        ((position, dot / (norm * index.norms[position]), dot) for position, dot in scores.items()),
        key=lambda item: (-item[1], index.order[item[0]]),
    )
    best = results[0][1]
    needed = 1 if len(set(point_lemmas)) < LONG_POINT else 2
    placed = []
    for position, cosine, dot in results:
        if cosine < LEXICAL_THRESHOLD or cosine < best * LEXICAL_RELATIVE:
            break
        if dot < MIN_EVIDENCE:
            continue
        evidence = _evidence(index, position, vector, point_lemmas)
        # Generic words alone ("strategi", "insats") place nothing; a long point needs two
        # words of its own in common with the section, not one in passing.
        if len(evidence) >= needed:
            placed.append((position, cosine, ", ".join(evidence)))
    return placed


def _evidence(
    index: _Index, position: int, vector: dict[str, float], point_lemmas: list[str]
) -> list[str]:
    """The point's own words behind a lexical placement, the weightiest first."""
    contributions: dict[str, float] = {}
    for feature, value in vector.items():
        entry = index.known.get(feature)
        if entry is None:
            continue
        for section, section_weight in entry[1]:
            if section == position:
                contributions[feature] = value * entry[0] * section_weight
    generic = _vocabulary().generic
    weight_of_word: dict[str, float] = {}
    for word in dict.fromkeys(point_lemmas):
        if word in generic:
            continue
        weight = 0.0
        for feature, _ in lemma_features(word):
            contribution = contributions.get(feature)
            if contribution is not None and contribution > weight:
                weight = contribution
        if weight > 0:
            weight_of_word[word] = weight
    ranked = sorted(weight_of_word.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:5]]


def _confidence(cosine: float) -> float:
    return round(min(LEXICAL_MAX_CONFIDENCE, 0.3 + cosine), 3)


# ---------------------------------------------------------------------------------------------
# The API


def place_point(text: str, sections: Sequence[SectionRef]) -> tuple[SectionPlacement, ...]:
    """The sections a point is about, best first; () when none fits.

    Explicit references come first (any section, also one closed for comment), then
    lexically similar open sections above the threshold, at most three in all.
    """
    if not sections or not text.strip():
        return ()
    index = _index_of(sections)
    placed = index.placed.get(text)
    if placed is None:
        if len(index.placed) >= PLACED_LIMIT:
            index.placed.clear()
        placed = index.placed[text] = _place(index, text)
    return placed


PLACED_LIMIT = 100_000  # point texts remembered per set of sections before starting over
_last_index: list = [None, None]  # (a tuple of sections, its index): no hashing per point


def _index_of(sections: Sequence[SectionRef]) -> _Index:
    if type(sections) is tuple and sections is _last_index[0]:
        return _last_index[1]
    index = _index(tuple(sections))
    if type(sections) is tuple:
        _last_index[:] = [sections, index]
    return index


def _place(index: _Index, text: str) -> tuple[SectionPlacement, ...]:
    lowered = text.lower()
    words = _WORD_OR_BREAK.findall(lowered)
    runs = lemmas_of_tokens(words, keep_gaps=True)
    placements: list[SectionPlacement] = []
    chosen: set[int] = set()
    explicit = sorted(_explicit(index, lowered, words, runs), key=lambda item: (-item[1], item[3]))
    for position, confidence, evidence, _ in explicit:
        if position in chosen:
            continue
        chosen.add(position)
        placements.append(
            SectionPlacement(
                number=index.sections[position].number,
                method="explicit",
                confidence=confidence,
                evidence=evidence,
            )
        )
    for position, cosine, evidence in _lexical(index, runs):
        if len(placements) >= MAX_PLACEMENTS:
            break
        if position in chosen:
            continue
        chosen.add(position)
        placements.append(
            SectionPlacement(
                number=index.sections[position].number,
                method="lexical",
                confidence=_confidence(cosine),
                evidence=evidence,
            )
        )
    return tuple(placements)


# ---------------------------------------------------------------------------------------------
# Sections found in a document


_NUMBERED_HEADING = re.compile(
    r"^\s*(?:(?P<cue>kapitel|avsnitt|inriktningsområde|insats)\s+)?"
    r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?[:.)]?\s+(?P<title>\S.*?)\s*$",
    re.IGNORECASE,
)
_KINDS = {"kapitel": "kapitel", "avsnitt": "avsnitt", "inriktningsområde": FOCUS_AREA}
MAX_TITLE_CHARS = 160
MAX_TITLE_WORDS = 22


def sections_from_document(pages: Sequence[Page]) -> list[SectionRef]:
    """Numbered headings in a document ("2.3 Export …", "4. Kompetens"), with their text.

    A heading is a line that starts with a number (or "Kapitel 4", "Insats 12"), then a title
    that begins with a capital letter and does not end like a sentence; a title broken over
    two lines is joined. The text of a section runs to the next heading. When a number comes
    twice (a numbered list repeated), the first is kept.
    """
    lines: list[str] = []
    for page in pages:
        lines.extend(page.text.replace("\r\n", "\n").split("\n"))
    headings: list[tuple[int, int, str, str, str]] = []  # (first line, last line, ...)
    index = 0
    while index < len(lines):
        found = _heading_at(lines, index)
        if found is None:
            index += 1
            continue
        last, number, title, kind = found
        headings.append((index, last, number, title, kind))
        index = last + 1
    result: list[SectionRef] = []
    seen: set[str] = set()
    for position, (_, last, number, title, kind) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        if number in seen:
            continue
        seen.add(number)
        body = " ".join(line.strip() for line in lines[last + 1 : end] if line.strip())
        result.append(SectionRef(number=number, title=title, text=body[:20_000], kind=kind))
    return result


def _heading_at(lines: list[str], index: int) -> tuple[int, str, str, str] | None:
    match = _NUMBERED_HEADING.match(lines[index])
    if not match:
        return None
    number, title = match.group("number"), match.group("title")
    if number.split(".")[0] == "0" or not title[0].isupper():
        return None
    last = index
    # A title that goes on over the next line (after at most one blank line) in lower case.
    for step in (1, 2):
        if index + step >= len(lines):
            break
        following = lines[index + step].strip()
        if not following:
            continue
        if following[0].islower() and not _NUMBERED_HEADING.match(following):
            title = f"{title} {following}"
            last = index + step
        break
    title = " ".join(title.split())
    if (
        len(title) > MAX_TITLE_CHARS
        or len(title.split()) > MAX_TITLE_WORDS
        or title.endswith((".", ",", ";", ":"))
        or sum(character.isalpha() for character in title) < 3
    ):
        return None
    cue = (match.group("cue") or "").lower()
    kind = _KINDS.get(cue, "")
    if cue == "insats":
        kind = INSATS
    elif not cue and title.lower().startswith("insats"):
        kind = INSATS
    return last, number, title, kind
