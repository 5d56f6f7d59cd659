"""The compilation as open data: one JSON document with a stable, versioned structure.

The schema is described in docs/opendata.md; its name is in the ``schema`` key
(``remiss.compilation/1``). Codes (positions, kinds, outcomes, statuses) are the stable values,
not the display texts; dates are ISO 8601. A change that removes or renames a key gets a new
schema version; adding keys does not.

``compilation_to_data`` is also what the publication stores: with ``mask_private_persons``
every private person is called "Privatperson 1", "Privatperson 2", … (numbered in the order of
the annex), the same everywhere, and their names are replaced in the free texts as well.
"""

import json
import re
from typing import Any

from remiss.compilation.assembly import Body, Compilation, Entry, SectionBlock

SCHEMA = "remiss.compilation/1"
PRIVATE_PERSON = "Privatperson"


class _Names:
    """Names as they are published: private persons replaced when masking."""

    def __init__(self, compilation: Compilation, *, mask: bool):
        self.mapping: dict[str, str] = {}
        if mask:
            private = [b.name for b in compilation.bodies if b.is_private_person]
            for name in dict.fromkeys(private):
                self.mapping[name] = f"{PRIVATE_PERSON} {len(self.mapping) + 1}"
        names = sorted(self.mapping, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(name) for name in names if name.strip())
                + r")(?!\w)"
            )
            if any(name.strip() for name in names)
            else None
        )

    def name(self, name: str) -> str:
        return self.mapping.get(name, name)

    def text(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda match: self.mapping[match[0]], text)


def compilation_to_data(compilation: Compilation, *, mask_private_persons: bool) -> dict:
    """The compilation as JSON-ready data (see docs/opendata.md)."""
    names = _Names(compilation, mask=mask_private_persons)
    counts = compilation.counts
    return {
        "schema": SCHEMA,
        "consultation": {
            "id": compilation.consultation_id,
            "case_number": compilation.case_number,
            "title": compilation.title,
            "remitting_body": compilation.remitting_body,
            "sent_on": _date(compilation.sent_on),
            "deadline": _date(compilation.deadline),
        },
        "generated_at": compilation.generated_at.isoformat(),
        "counts": {name: getattr(counts, name) for name in counts.__dataclass_fields__},
        "summary": [names.text(sentence) for sentence in compilation.summary],
        "sections": [_section(block, names) for block in compilation.sections],
        "bodies": [_body(body, names) for body in compilation.bodies],
        "endorsements": [
            {"source": names.name(link.source), "target": names.name(link.target)}
            for link in compilation.endorsements
        ],
        "duplicates": [
            {
                "representative": names.name(group.representative),
                "members": [names.name(member) for member in group.members],
                "similarity": round(group.similarity, 4),
            }
            for group in compilation.duplicates
        ],
    }


def build(compilation: Compilation) -> bytes:
    """The open-data file of the officers' export (names as they are; nothing masked)."""
    data = compilation_to_data(compilation, mask_private_persons=False)
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _date(day) -> str | None:
    return day.isoformat() if day else None


def _section(block: SectionBlock, names: _Names) -> dict[str, Any]:
    return {
        "number": block.number,
        "title": block.title,
        "depth": block.depth,
        "general": block.section_id is None,
        "summary": [names.text(sentence) for sentence in block.summary],
        "considerations": names.text(block.considerations),
        "points": [_point(entry, names) for entry in block.entries],
    }


def _point(entry: Entry, names: _Names) -> dict[str, Any]:
    return {
        "body": names.name(entry.body),
        "body_kind": entry.body_kind or None,
        "stance": entry.stance or None,
        "kind": entry.kind,
        "text": names.text(entry.text),
        "page": entry.page or None,
        "themes": list(entry.themes),
        "reply": names.text(entry.reply),
        "outcome": entry.outcome or None,
        "reason": names.text(entry.reason),
    }


def _body(body: Body, names: _Names) -> dict[str, Any]:
    return {
        "name": names.name(body.name),
        "kind": body.kind or None,
        "invited": body.invited,
        "status": body.status,
        "stance": body.stance or None,
        "received_on": _date(body.received_on),
        "late": body.late,
    }
