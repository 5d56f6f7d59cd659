"""Shared result types for the analysis of consultation answers (pure Python, no Django).

These types are the contract between the textkit analysis modules (structure, stance,
points, endorsements, sections, themes) and the Django app. Keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass

STANCES = (
    "tillstyrker",
    "tillstyrker_med_synpunkter",
    "delvis_avstyrker",
    "avstyrker",
    "inga_synpunkter",
    "avstår",
    "berörs_inte",
    "oklart",
)
POINT_KINDS = ("request", "objection", "addition", "support", "emphasis")
PART_KINDS = (
    "letterhead",
    "decision",
    "summary",
    "description",
    "views",
    "consequences",
    "signatures",
    "attachments",
    "other",
)


@dataclass(frozen=True)
class Evidence:
    """A piece of text and where it is."""

    text: str
    page: int  # 1-based page number
    start: int  # offsets into that page's text
    end: int


@dataclass(frozen=True)
class SectionRef:
    """A part of the strategy that points can be placed under."""

    number: str  # "2.4"
    title: str  # "Stärk och utveckla strategisk kompetensförsörjning"
    text: str = ""  # its text, may be empty
    kind: str = ""  # "kapitel", "inriktningsomrade", "insats", "avsnitt" or ""
    open_for_comment: bool = True


@dataclass(frozen=True)
class SectionPlacement:
    number: str
    method: str  # "explicit" or "lexical"
    confidence: float  # 0..1
    evidence: str  # the words that decided it


@dataclass(frozen=True)
class Point:
    text: str
    evidence: Evidence  # where the point is
    kind: str  # one of POINT_KINDS
    sections: tuple[SectionPlacement, ...]  # empty = none fits ("Övergripande")


@dataclass(frozen=True)
class Part:
    kind: str  # one of PART_KINDS
    evidence: Evidence  # page/start/end of the part (text may be a short excerpt)


@dataclass(frozen=True)
class Stance:
    label: str  # one of STANCES
    evidence: tuple[Evidence, ...]  # the sentences that decide it
    confidence: float


@dataclass(frozen=True)
class Endorsement:
    organisation: str  # "Storsthlm"
    evidence: Evidence


@dataclass(frozen=True)
class AnswerAnalysis:
    parts: tuple[Part, ...]
    stance: Stance
    points: tuple[Point, ...]
    endorsements: tuple[Endorsement, ...]
