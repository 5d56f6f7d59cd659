"""The machine's counts of a finished run, stored once on the run.

A finished run's machine values never change (a rerun is a new run; officers' corrections sit
beside the machine's values), so its counts are made once, from the database, and kept in
``AnalysisRun.counts``: the points of the run, the points per part (the part of each point's
rank-0 placement; ``None``: no placement), the answers per machine position and the points per
theme. The reads apply the officers' corrections on top (see ``selectors.PointDecisions``).

Themes are the one thing an officer changes in place (merging adds a theme's points to another,
splitting moves points to a new theme), and both leave a trace in the run's themes (a theme
merged away, a new theme); the theme counts are stored with that state and made anew when it
differs.
"""

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from remiss.runs import RunStatus

from .models import AnalysisRun, Point, PointPlacement, StanceJudgement, Theme

VERSION = 1  # of the stored form; counts stored in another form are made anew
NONE = "none"  # the key of the points under no part


@dataclass(frozen=True)
class RunCounts:
    """The machine's counts of one run."""

    points: int = 0
    sections: dict = field(default_factory=dict)  # section id (None: under no part) -> points
    stances: dict = field(default_factory=dict)  # machine position -> answers
    themes: dict = field(default_factory=dict)  # theme id -> points (merged themes included)


def _theme_state(run: AnalysisRun) -> str:
    """What an officer's merge or split changes: the run's themes and where they went."""
    rows = Theme.objects.filter(run=run).order_by("pk").values_list("pk", "merged_into_id")
    text = ";".join(f"{pk}:{merged or ''}" for pk, merged in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _theme_counts(run: AnalysisRun) -> dict[str, int]:
    counts = dict.fromkeys((str(pk) for pk in run.themes.values_list("pk", flat=True)), 0)
    rows = (
        Theme.points.through.objects.filter(theme__run=run)
        .values("theme_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("theme_id", "n")
    )
    counts.update({str(pk): n for pk, n in rows})
    return counts


def run_counts_compute(run: AnalysisRun) -> dict:
    """The run's machine counts counted now in the database, in their stored form."""
    points = Point.objects.filter(run=run).count()
    placed = dict(
        PointPlacement.objects.filter(point__run=run, rank=0)
        .values("section_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("section_id", "n")
    )
    sections = {str(pk): n for pk, n in placed.items() if n}
    # A point counts under its rank-0 placement; the rest are under no part.
    sections[NONE] = points - sum(placed.values())
    stances = dict(
        StanceJudgement.objects.filter(run=run)
        .values("label")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("label", "n")
    )
    return {
        "version": VERSION,
        "points": points,
        "sections": sections,
        "stances": stances,
        "themes": _theme_counts(run),
        "theme_state": _theme_state(run),
    }


def _parsed(stored: dict) -> RunCounts:
    return RunCounts(
        points=stored["points"],
        sections={
            (None if key == NONE else uuid.UUID(key)): n for key, n in stored["sections"].items()
        },
        stances=Counter(stored["stances"]),
        themes={uuid.UUID(key): n for key, n in stored["themes"].items()},
    )


def _save(run: AnalysisRun, stored: dict) -> None:
    AnalysisRun.objects.filter(pk=run.pk).update(counts=stored)
    run.counts = stored


def run_counts_store(run: AnalysisRun) -> RunCounts:
    """Count the run's machine values and store them on the run. For the finish step of a run,
    once its points, positions and themes are written."""
    stored = run_counts_compute(run)
    _save(run, stored)
    return _parsed(stored)


def run_counts(run: AnalysisRun) -> RunCounts:
    """The run's stored machine counts; counted and stored on the first read where missing
    (runs finished before the counts were stored). A run still in progress is counted, not
    stored. The theme counts are made anew when an officer merged or split themes since."""
    stored = run.counts or {}
    if run.status != RunStatus.KLAR:
        return _parsed(run_counts_compute(run))
    if stored.get("version") != VERSION:
        return run_counts_store(run)
    state = _theme_state(run)
    if stored.get("theme_state") != state:
        stored = {**stored, "themes": _theme_counts(run), "theme_state": state}
        _save(run, stored)
    return _parsed(stored)
