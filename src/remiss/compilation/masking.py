"""Masking personal data in the text of a document before it is published.

Public access to official documents (offentlighetsprincipen) is not publication: what the
region puts on the web must not carry personnummer, samordningsnummer, phone numbers or private
e-mail addresses, and an answer from a private person must not carry the person's name. Each
of them is replaced by a visible marker, so a reader sees that something was taken out.

Pure functions over text, no Django: the finder of personal data is textkit's, the names come
from the caller (the private person's name, the signatories read from the letter).
"""

import re
from collections.abc import Iterable, Mapping, Sequence

from remiss.textkit.documents import Page
from remiss.textkit.personal_data import find_personal_data

MARKER = "[personuppgift borttagen]"
NAME = "namn"  # the kind recorded for a masked name; the other kinds are textkit's


def mask_pages(pages: list[str], *, names: list[str]) -> tuple[list[str], list[dict]]:
    """The pages with personal data and every occurrence of ``names`` replaced by ``MARKER``.

    Returns the masked pages (same count and order) and what was masked as
    ``[{"kind": ..., "page": ...}]`` in page and text order, never the value itself.

    >>> pages, masked = mask_pages(["Anna Berg, tel. 070-123 45 67"], names=["Anna Berg"])
    >>> pages[0], [item["kind"] for item in masked]
    ('[personuppgift borttagen], tel. [personuppgift borttagen]', ['namn', 'telefon'])
    """
    found = find_personal_data([Page(number, text) for number, text in enumerate(pages, 1)])
    spans: dict[int, list[tuple[int, int, str]]] = {n: [] for n in range(1, len(pages) + 1)}
    for hit in found:
        spans[hit.span.page].append((hit.span.start, hit.span.end, hit.kind))
    patterns = [pattern for name in _distinct(names) if (pattern := name_pattern(name))]
    for number, text in enumerate(pages, 1):
        for pattern in patterns:
            spans[number].extend((m.start(), m.end(), NAME) for m in pattern.finditer(text))

    masked_pages: list[str] = []
    masked: list[dict] = []
    for number, text in enumerate(pages, 1):
        merged = _merge(spans[number])
        pieces, position = [], 0
        for start, end, kind in merged:
            pieces.extend((text[position:start], MARKER))
            position = end
            masked.append({"kind": kind, "page": number})
        pieces.append(text[position:])
        masked_pages.append("".join(pieces))
    return masked_pages, masked


def name_pattern(name: str) -> re.Pattern | None:
    """A pattern for a person's name as written in running text.

    Case does not matter, the parts may be split by any white space (a line break in a
    signature), a genitive ``s`` belongs to the name, and a two-part name also matches as
    ``Efternamn, Förnamn``. A single letter or an empty name matches nothing.
    """
    parts = name.split()
    if not parts or sum(len(part) for part in parts) < 2:
        return None
    forms = [r"\s+".join(re.escape(part) for part in parts)]
    if len(parts) == 2:
        forms.append(rf"{re.escape(parts[1])},\s*{re.escape(parts[0])}")
    return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})s?(?!\w)", re.IGNORECASE)


def signatory_names(facts: Mapping | None) -> list[str]:
    """The names of the signatories in a document's facts (as stored by the intake)."""
    if not isinstance(facts, Mapping):
        return []
    names = []
    for signatory in facts.get("signatories") or []:
        name = signatory.get("name", "") if isinstance(signatory, Mapping) else ""
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def masked_counts(masked: Iterable[Mapping]) -> dict[str, int]:
    """How many of each kind were masked, for a preview: {"telefon": 2, "namn": 1}."""
    counts: dict[str, int] = {}
    for item in masked:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return counts


def _distinct(names: Sequence[str]) -> list[str]:
    """Names without repeats (by case-folded spelling), longest first."""
    seen: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return sorted(seen.values(), key=len, reverse=True)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one, the first one's kind kept; sorted by position."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            previous = merged[-1]
            merged[-1] = (previous[0], max(previous[1], end), previous[2])
        else:
            merged.append((start, end, kind))
    return merged
