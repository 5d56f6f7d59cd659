"""A guess at the kind of body from its name: "Huddinge kommun" is a kommun, "Trafikverket" a
myndighet. Patterns are data (lexicons/organisation_types.json)."""

import re
from functools import cache

from . import lexicons

KINDS = (
    "kommun",
    "region",
    "myndighet",
    "larosate",
    "intresseorganisation",
    "foretag",
    "privatperson",
    "annan",
)


@cache
def _rules() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple(
        (kind, re.compile(pattern, re.IGNORECASE))
        for kind, pattern in lexicons.data("organisation_types")["rules"]
    )


def organisation_type(name: str) -> str:
    """One of ``KINDS``; "annan" when nothing in the name tells."""
    for kind, pattern in _rules():
        if pattern.search(name):
            return kind
    return "annan"
