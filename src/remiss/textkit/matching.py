"""Which known body wrote this, and is this the same text as that one?

Names of Swedish bodies come in many forms for one body: "Huddinge kommun", "Huddinge",
"Kommunstyrelsen i Huddinge", "HUDDINGE KOMMUN Kommunstyrelsen". We compare a core of the name
(without the words that say what kind of body or organ it is) and score with rapidfuzz.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Words that name the organ or the kind of body rather than the body itself.
_ORGAN_PREFIXES = re.compile(
    r"^(kommunstyrelsen|kommunfullmäktige|regionstyrelsen|regionfullmäktige|"
    r"kommunstyrelsens förvaltning|kommunledningskontoret|stadsledningskontoret|"
    r"länsstyrelsen|kommunstyrelsens arbetsutskott)\s+(i|för)\s+",
)
_KIND_WORDS = re.compile(r"\b(kommun|kommuns|stad|stads|kommunstyrelse|kommunstyrelsen)\b")
_NON_WORD = re.compile(r"[^\w]+")


def name_core(name: str) -> str:
    """A body's name without the words for its kind or organ, for comparison.

    >>> name_core("Kommunstyrelsen i Huddinge") == name_core("Huddinge kommun")
    True
    """
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _ORGAN_PREFIXES.sub("", text)
    text = _KIND_WORDS.sub(" ", text)
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class NameMatch:
    key: object  # whatever the caller identifies the body by
    name: str  # the known name that matched
    score: float  # 0-100
    method: str  # "exact" or "fuzzy"


def best_name_match(
    found: Iterable[str],
    known: Sequence[tuple[object, str]],
    *,
    threshold: float = 88.0,
) -> NameMatch | None:
    """The known body whose name best matches any of the names found, if good enough.

    ``known`` holds (key, name) pairs; a body may appear with several names (its aliases).
    """
    cores = [(key, name, name_core(name)) for key, name in known]
    cores = [(key, name, core) for key, name, core in cores if core]
    if not cores:
        return None
    best: NameMatch | None = None
    for candidate in found:
        core = name_core(candidate)
        if not core:
            continue
        for key, name, known_core in cores:
            if known_core == core:
                return NameMatch(key=key, name=name, score=100.0, method="exact")
        hit = process.extractOne(
            core, [known_core for _, _, known_core in cores], scorer=fuzz.ratio
        )
        if hit and hit[1] >= threshold and (best is None or hit[1] > best.score):
            key, name, _ = cores[hit[2]]
            best = NameMatch(key=key, name=name, score=float(hit[1]), method="fuzzy")
    return best


_HYPHENATED_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")


def normalise_for_comparison(text: str) -> str:
    """Lower case, hyphenation at line ends undone, punctuation and spacing made uniform."""
    text = unicodedata.normalize("NFKC", text)
    text = _HYPHENATED_BREAK.sub(r"\1\2", text)
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def text_similarity(first: str, second: str) -> float:
    """0-1: how alike two texts are, tolerant of OCR errors and different line breaks."""
    a, b = normalise_for_comparison(first), normalise_for_comparison(second)
    if not a or not b:
        return 0.0
    return fuzz.ratio(a, b) / 100.0


def title_similarity(first: str, second: str) -> float:
    """0-1: whether one title mentions the other, e.g. a letter's subject and the remiss title."""
    a, b = normalise_for_comparison(first), normalise_for_comparison(second)
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a, b) / 100.0
