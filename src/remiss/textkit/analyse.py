"""The analysis of one answer: its parts, stance, points and endorsements.

Pure and deterministic: the same pages and sections give the same result, with no database,
no network and no randomness. The text is split and read once; stance, points and
endorsements share the sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from remiss.textkit.analysis_types import AnswerAnalysis, SectionRef
from remiss.textkit.documents import Page
from remiss.textkit.endorsements import find_endorsements
from remiss.textkit.points import points_from_sentences
from remiss.textkit.stance import stance_from_sentences
from remiss.textkit.structure import (
    ANSWER_KINDS,
    POINT_KINDS_OF_PART,
    sentences,
    split_parts,
)

# Bumped when the analysis returns something different for the same input (stored with runs).
ANALYSIS_VERSION = "1"


def analyse_answer(pages: Sequence[Page], sections: Sequence[SectionRef] = ()) -> AnswerAnalysis:
    """Parts, stance, points (placed under ``sections``) and endorsements of one answer."""
    parts = split_parts(pages)
    # Stance reads the sentences of ANSWER_KINDS, points those of POINT_KINDS_OF_PART (and
    # only where other parts come between them): the other parts are not split.
    found = sentences(pages, parts, kinds=ANSWER_KINDS | POINT_KINDS_OF_PART)
    points = points_from_sentences(found, tuple(sections))
    return AnswerAnalysis(
        parts=parts,
        stance=stance_from_sentences(found, points),
        points=points,
        endorsements=find_endorsements(pages),
    )


def lexicon_versions() -> dict[str, str]:
    """The versions of the lexicons the analysis reads (to store with an analysis run)."""
    from remiss.textkit import lexicons

    names = ("structure", "stance", "points", "endorsements")
    return {"analysis": ANALYSIS_VERSION} | {name: lexicons.version(name) for name in names}
