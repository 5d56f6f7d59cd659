"""The draft that goes on remiss: its parts proposed from the uploaded file, its versions, and
what changed between two versions, part by part.

The proposal reads the file with textkit (DOCX, ODT, PDF, text) and takes its numbered
headings ("2", "2.3 Export …", "Insats 12 …") as the tree: "2.3" goes under "2". The officer
edits the proposal before it becomes the consultation's parts. A version freezes the parts as
they stand; the adopted version records the decision (date, body, case number).
"""

import difflib
import hashlib
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction

from remiss.audit.services import audit_record
from remiss.textkit.analysis_types import SectionRef
from remiss.textkit.extract import extract
from remiss.textkit.sections import sections_from_document

from .models import Consultation, DraftVersion, DraftVersionKind, Section, SectionKind
from .services import consultation_create, section_add


@dataclass(frozen=True)
class ProposedSection:
    number: str
    title: str
    text: str
    kind: str
    parent_number: str | None
    open_for_comment: bool = True
    closed_reason: str = ""

    @property
    def depth(self) -> int:
        return self.number.count(".")


class DraftUnreadable(Exception):
    """The file could not be read; ``code`` is textkit's error code (see remiss.file_errors)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def draft_propose_sections(filename: str, data: bytes) -> list[ProposedSection]:
    """The parts of a draft, read from its numbered headings; [] when it has none."""
    [document, *_] = extract(filename, data)
    if document.error is not None and not document.pages:
        raise DraftUnreadable(document.error.code)
    return _proposed(sections_from_document(document.pages))


def _proposed(refs: list[SectionRef]) -> list[ProposedSection]:
    numbers = {ref.number for ref in refs}
    proposed = []
    for ref in refs:
        parent = ref.number.rsplit(".", 1)[0] if "." in ref.number else None
        while parent is not None and parent not in numbers:
            parent = parent.rsplit(".", 1)[0] if "." in parent else None
        kind = ref.kind if ref.kind in SectionKind.values else SectionKind.AVSNITT
        if not ref.kind and parent is None:
            kind = SectionKind.KAPITEL
        proposed.append(ProposedSection(ref.number, ref.title, ref.text, kind, parent))
    return proposed


@transaction.atomic
def sections_create(
    *, actor: Any, consultation: Consultation, proposed: list[ProposedSection]
) -> list[Section]:
    """The officer's edited proposal becomes the consultation's parts (parents before children)."""
    by_number: dict[str, Section] = {}
    created = []
    for position, item in enumerate(proposed, 1):
        section = section_add(
            actor=actor,
            consultation=consultation,
            number=item.number,
            title=item.title,
            kind=item.kind,
            text=item.text,
            parent=by_number.get(item.parent_number) if item.parent_number else None,
            open_for_comment=item.open_for_comment,
            closed_reason="" if item.open_for_comment else item.closed_reason,
            position=position,
        )
        by_number[item.number] = section
        created.append(section)
    return created


def sections_snapshot(consultation: Consultation) -> list[dict]:
    snapshot = []

    def walk(nodes):
        for node in nodes:
            section = node.section
            snapshot.append(
                {
                    "number": section.number,
                    "title": section.title,
                    "text": section.text,
                    "kind": section.kind,
                    "open_for_comment": section.open_for_comment,
                    "closed_reason": section.closed_reason,
                    "parent": section.parent.number if section.parent else None,
                }
            )
            walk(node.children)

    walk(consultation.sections.as_tree())
    return snapshot


@transaction.atomic
def draft_version_record(
    *,
    actor: Any,
    consultation: Consultation,
    kind: DraftVersionKind | str,
    label: str = "",
    source_filename: str = "",
    source_data: bytes = b"",
    decided_on: date | None = None,
    decided_by_body: str = "",
    decision_case_number: str = "",
) -> DraftVersion:
    """Freeze the parts as they stand now as a version of the draft."""
    version = DraftVersion(
        consultation=consultation,
        kind=kind,
        label=label,
        sections=sections_snapshot(consultation),
        source_filename=source_filename,
        source_sha256=hashlib.sha256(source_data).hexdigest() if source_data else "",
        decided_on=decided_on,
        decided_by_body=decided_by_body,
        decision_case_number=decision_case_number,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        action="draft.version_recorded",
        obj=consultation,
        changes={"version": str(version.pk), "kind": str(kind), "decided_on": str(decided_on)},
    )
    return version


@dataclass(frozen=True)
class SectionChange:
    """How one part differs between two versions."""

    number: str
    status: str  # "added", "removed", "changed", "unchanged"
    title_before: str
    title_after: str
    diff: tuple[tuple[str, str], ...]  # ("=", words) ("-", words) ("+", words)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def draft_compare(before: list[dict], after: list[dict]) -> list[SectionChange]:
    """Part by part, matched by number, in the order of the later version."""
    old = {item["number"]: item for item in before}
    new = {item["number"]: item for item in after}
    order = [item["number"] for item in after] + [
        item["number"] for item in before if item["number"] not in new
    ]
    changes = []
    for number in order:
        a, b = old.get(number), new.get(number)
        if a is None:
            status = "added"
        elif b is None:
            status = "removed"
        elif (a["title"], a["text"]) == (b["title"], b["text"]):
            status = "unchanged"
        else:
            status = "changed"
        changes.append(
            SectionChange(
                number=number,
                status=status,
                title_before=a["title"] if a else "",
                title_after=b["title"] if b else "",
                diff=_word_diff(a["text"] if a else "", b["text"] if b else ""),
            )
        )
    return changes


def _word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    a, b = before.split(), after.split()
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", " ".join(b[j1:j2])))
    return tuple(parts)


# The uploaded draft waits in the spool between the proposal and the officer's confirmation.
# The form carries a signed ticket naming it, so a ticket cannot be forged to read another file.
HELD_DRAFT_SALT = "remiss.consultations.held-draft"
HELD_DRAFT_MAX_AGE = 24 * 60 * 60


@dataclass(frozen=True)
class HeldDraft:
    filename: str
    data: bytes


def _held_dir() -> Path:
    return Path(settings.INTAKE_SPOOL_DIR) / "drafts"


def draft_hold(filename: str, data: bytes) -> str:
    """Keep an uploaded draft until the proposal is confirmed; returns a signed ticket."""
    folder = _held_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - HELD_DRAFT_MAX_AGE
    for old in folder.iterdir():
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    (folder / digest).write_bytes(data)
    return signing.dumps({"sha256": digest, "filename": filename}, salt=HELD_DRAFT_SALT)


def draft_held(ticket: str) -> HeldDraft | None:
    """The draft a ticket names, or None (unknown, forged, too old or already used)."""
    try:
        held = signing.loads(ticket, salt=HELD_DRAFT_SALT, max_age=HELD_DRAFT_MAX_AGE)
    except signing.BadSignature:
        return None
    path = _held_dir() / held["sha256"]
    if not path.is_file():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != held["sha256"]:
        return None
    return HeldDraft(held["filename"], data)


def draft_release(ticket: str) -> None:
    try:
        held = signing.loads(ticket, salt=HELD_DRAFT_SALT)
    except signing.BadSignature:
        return
    (_held_dir() / held["sha256"]).unlink(missing_ok=True)


@transaction.atomic
def consultation_create_with_parts(
    *,
    actor: Any,
    proposed: list[ProposedSection],
    open_to_all: bool = False,
    source_filename: str = "",
    source_data: bytes = b"",
    **fields: Any,
) -> Consultation:
    """A new consultation with the parts the officer confirmed and, when a draft was uploaded,
    the version sent on remiss with the file's SHA-256. ``fields`` go to consultation_create."""
    consultation = consultation_create(actor=actor, **fields)
    if open_to_all:
        consultation.open_to_all = True
        consultation.save(update_fields=["open_to_all"])
        audit_record(
            actor=actor,
            action="consultation.opened_to_all",
            obj=consultation,
            changes={"open_to_all": True},
        )
    sections_create(actor=actor, consultation=consultation, proposed=proposed)
    if source_data or proposed:
        draft_version_record(
            actor=actor,
            consultation=consultation,
            kind=DraftVersionKind.REMISSVERSION,
            source_filename=source_filename,
            source_data=source_data,
        )
    return consultation


SECTION_EDITABLE = ("title", "text", "open_for_comment", "closed_reason")


@transaction.atomic
def sections_edit(
    *, actor: Any, consultation: Consultation, edits: list[tuple[Section, dict]]
) -> list[Section]:
    """Change the title, text and openness of parts; a closed part needs its reason."""
    changed = []
    for edited, values in edits:
        # Read afresh: a bound form may already have changed the instance it was given.
        section = Section.objects.get(pk=edited.pk, consultation=consultation)
        before = {name: getattr(section, name) for name in SECTION_EDITABLE}
        for name in SECTION_EDITABLE:
            if name in values:
                setattr(section, name, values[name])
        if section.open_for_comment:
            section.closed_reason = ""
        after = {name: getattr(section, name) for name in SECTION_EDITABLE}
        fields = [name for name in SECTION_EDITABLE if before[name] != after[name]]
        if not fields:
            continue
        section.full_clean()
        section.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="section.edited",
            obj=section,
            changes={name: after[name] for name in fields if name != "text"}
            | ({"text": "changed"} if "text" in fields else {}),
        )
        changed.append(section)
    return changed
