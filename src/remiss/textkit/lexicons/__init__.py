"""Versioned word lists and patterns that textkit reads (data, not code).

Each ``.txt`` file starts with a ``# version: ...`` line; other lines starting with ``#`` are
comments, blank lines are ignored, one entry a line. Each ``.json`` file has a ``"version"`` key.
Files are read once per process (``functools.cache``).
"""

import json
import re
from functools import cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``<name>.txt`` in file order, stripped, without comments."""
    entries = []
    for line in _read(f"{name}.txt").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return tuple(entries)


@cache
def word_set(name: str) -> frozenset[str]:
    """The entries of ``<name>.txt``, case-folded, as a set."""
    return frozenset(entry.casefold() for entry in words(name))


@cache
def data(name: str) -> dict:
    """The contents of ``<name>.json``."""
    return json.loads(_read(f"{name}.json"))


def version(name: str) -> str:
    """The version line of a lexicon (``.txt``) or its ``"version"`` key (``.json``)."""
    root = resources.files(__name__)
    if root.joinpath(f"{name}.json").is_file():
        return str(data(name)["version"])
    for line in _read(f"{name}.txt").splitlines():
        if line.startswith("# version:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"lexicon {name!r} has no version line")


def alternatives(patterns: list[str]) -> "re.Pattern[str]":
    """One regular expression matching any of the patterns, each starting at a word boundary."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")
