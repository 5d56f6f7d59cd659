"""Intake: files in, answers out — each file with a receipt, nothing lost, nothing half-stored.

A run takes the files of one delivery (an upload or `remiss ingest`). Each file is read by
``remiss.textkit`` and goes through these steps, in this order, inside its own transaction:

1. ``unpack``     — a ZIP file becomes its members, an e-mail its body and attachments;
2. ``read``       — the facts of the letter (sender, date, case numbers, signatories …);
3. ``match``      — the sender against the sändlista, then other known bodies, then Sweden's
                    municipalities and regions; no match waits for an officer;
4. ``deduplicate``— the same bytes again are reported, not stored; another copy of an answer
                    already registered (same sender, date and text) joins that answer;
5. ``register``   — a new answer with its documents, originals stored by SHA-256.

A file that cannot be read gets a receipt with the reason and is not stored; the other files
of the run land regardless. Each file is processed inside a savepoint of its own: a database
error while writing its receipts or results rolls back that file alone (and removes the
originals it stored), gives its receipt the reason, and the run goes on with the next file.
"""

import dataclasses
import logging
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss import textkit
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Organisation, OrganisationKind
from remiss.consultations.reference import municipalities, regions
from remiss.consultations.services import organisation_create
from remiss.runs import RunStatus
from remiss.textkit.extract import ExtractedFile, Limits, extract
from remiss.textkit.letter import LetterFacts, letter_facts
from remiss.textkit.matching import best_name_match, text_similarity, title_similarity

from .models import (
    Channel,
    Document,
    IntakeItem,
    IntakeOutcome,
    IntakeRun,
    Response,
)
from .services import document_add, response_register
from .storage import original_path, sha256_hex

logger = logging.getLogger(__name__)

SAME_TEXT = 0.9  # text similarity from which two letters are copies of one answer
SAME_TITLE = 0.8  # title similarity from which a letter refers to the consultation


@dataclass(frozen=True)
class IncomingFile:
    """A file as delivered. One over the size limit comes without its bytes, only measured."""

    name: str
    data: bytes
    received_at: datetime | None = None
    oversize: int | None = None
    oversize_sha256: str = ""

    @property
    def size(self) -> int:
        return self.oversize if self.oversize is not None else len(self.data)

    @property
    def sha256(self) -> str:
        return self.oversize_sha256 if self.oversize is not None else sha256_hex(self.data)


def intake_limits() -> Limits:
    return Limits(max_file_bytes=settings.REMISS_MAX_UPLOAD_BYTES)


@transaction.atomic
def intake_run_create(
    *,
    actor: Any | None,
    consultation: Consultation,
    channel: Channel | str,
    files: Iterable[IncomingFile],
    spool: bool = False,
) -> IntakeRun:
    """A run with a receipt per file. With ``spool`` the bytes wait on disk (for the worker, or
    to read one file at a time), so ``files`` may be a generator that holds one file at once."""
    run = IntakeRun.objects.create(
        consultation=consultation,
        channel=channel,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
        textkit_version=textkit.__version__,
    )
    now = timezone.now()
    position = -1
    for position, incoming in enumerate(files):
        IntakeItem.objects.create(
            run=run,
            position=position,
            path=incoming.name,
            filename=Path(incoming.name).name,
            size=incoming.size,
            sha256=incoming.sha256,
            received_at=incoming.received_at or now,
        )
        if spool and incoming.oversize is None:
            path = _spool_path(run, position)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(incoming.data)
    run.files_total = position + 1
    run.save(update_fields=["files_total"])
    audit_record(
        actor=actor, action="intake.run_created", obj=run, changes={"files": run.files_total}
    )
    return run


def _spool_path(run: IntakeRun, position: int) -> Path:
    return Path(settings.INTAKE_SPOOL_DIR) / str(run.pk) / f"{position:05d}"


ProgressCallback = Callable[[IntakeRun, IntakeItem], None]


def intake_run_execute(
    *,
    run: IntakeRun,
    files: list[IncomingFile] | None = None,
    on_progress: ProgressCallback | None = None,
) -> IntakeRun:
    """Read every file of the run; ``files`` in the order of the receipts, or the spooled bytes."""
    run.status = RunStatus.PAGAR
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    items = list(run.items.filter(parent=None).order_by("position"))
    try:
        for item in items:
            if item.size > settings.REMISS_MAX_UPLOAD_BYTES:
                data = b""
            elif files is not None:
                data = files[item.position].data
            else:
                data = _read_spool(run, item)
            _process_item(run=run, item=item, data=data)
            run.files_done += 1
            run.save(update_fields=["files_done"])
            if on_progress:
                on_progress(run, item)
    except Exception as error:  # the run itself broke (e.g. the database went away)
        logger.exception("intake run %s failed", run.pk)
        run.status = RunStatus.MISSLYCKAD
        run.error = f"{type(error).__name__}: {error}"
    else:
        run.status = RunStatus.KLAR
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    if files is None:
        shutil.rmtree(Path(settings.INTAKE_SPOOL_DIR) / str(run.pk), ignore_errors=True)
    return run


def _read_spool(run: IntakeRun, item: IntakeItem) -> bytes:
    return _spool_path(run, item.position).read_bytes()


# -- one file ------------------------------------------------------------------------------


@dataclass
class _Unit:
    """The files that make one answer: a letter, or an e-mail with its attachments."""

    files: list[tuple[ExtractedFile, IntakeItem]]


class _ItemTree:
    """Receipts for what a file unpacks to, created as the tree is walked."""

    def __init__(self, run: IntakeRun, root: IntakeItem, extracted: list[ExtractedFile]):
        self.run = run
        self.root = root
        self.children: dict[str, list[ExtractedFile]] = defaultdict(list)
        for file in extracted[1:]:
            self.children[file.container or extracted[0].path].append(file)
        self.top = extracted[0]
        self.next_position = run.items.count()

    def receipt(self, file: ExtractedFile, parent: IntakeItem) -> IntakeItem:
        item = IntakeItem.objects.create(
            run=self.run,
            parent=parent,
            position=self.next_position,
            path=file.path,
            filename=file.name,
            size=len(file.data),
            sha256=sha256_hex(file.data),
            media_type=file.media_type,
            received_at=parent.received_at,
        )
        self.next_position += 1
        return item

    def descendants(self, file: ExtractedFile, item: IntakeItem):
        """Every file below ``file``, depth first, each with its new receipt."""
        for child in self.children.get(file.path, []):
            child_item = self.receipt(child, item)
            yield child, child_item
            yield from self.descendants(child, child_item)


def _process_item(*, run: IntakeRun, item: IntakeItem, data: bytes) -> None:
    """One file of the run in its own savepoint. A database error while writing its receipts or
    results (say a constraint or a value the database refuses) fails this file alone: what it
    wrote is rolled back, the originals it stored are removed, and its receipt says why. A
    database that has gone away fails the run, since the receipt cannot be written either."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            _process_file(run=run, item=item, data=data, stored=stored)
    except DatabaseError as error:
        logger.exception("intake: the results of %s could not be saved", item.path)
        for sha256 in stored:
            original_path(sha256).unlink(missing_ok=True)
        _fail(item, "database", f"{type(error).__name__}: {error}")


def _process_file(
    *, run: IntakeRun, item: IntakeItem, data: bytes, stored: list[str] | None = None
) -> None:
    """Read one file and register what it holds; ``stored`` gets the SHA-256 of each original
    it stored for the first time."""
    stored = [] if stored is None else stored
    limits = intake_limits()
    if item.size > limits.max_file_bytes:  # measured on arrival, never read
        _fail(item, "too_large", f"{item.size} bytes > {limits.max_file_bytes}")
        return
    try:
        extracted = extract(item.filename, data, limits=limits)
    except Exception as error:  # textkit promises not to raise; if it does, the file fails alone
        logger.exception("extraction of %s raised", item.path)
        _fail(item, "internal", f"{type(error).__name__}: {error}")
        return
    tree = _ItemTree(run, item, extracted)
    item.media_type = tree.top.media_type
    item.save(update_fields=["media_type"])
    for unit in _units(tree, tree.top, item):
        try:
            _register_unit(run=run, unit=unit, stored=stored)
        except Exception as error:
            logger.exception("registration of %s failed", unit.files[0][1].path)
            code = "database" if isinstance(error, DatabaseError) else "internal"
            for _file, unit_item in unit.files:
                _fail(unit_item, code, f"{type(error).__name__}: {error}")


def _units(tree: _ItemTree, file: ExtractedFile, item: IntakeItem) -> Iterable[_Unit]:
    """Split what a file unpacks to into answers; receipts for failures and containers."""
    if file.error is not None:
        _fail(item, file.error.code, file.error.detail)
        if file.role != "container":
            return
    if file.role == "container":
        if file.error is None:
            _set_outcome(item, IntakeOutcome.BEHALLARE)
        for child in tree.children.get(file.path, []):
            yield from _units(tree, child, tree.receipt(child, item))
        return
    members = [(file, item)]
    if file.role == "email":
        for child, child_item in tree.descendants(file, item):
            if child.error is not None:
                _fail(child_item, child.error.code, child.error.detail)
            elif child.role == "container":
                _set_outcome(child_item, IntakeOutcome.BEHALLARE)
            else:
                members.append((child, child_item))
    yield _Unit(files=members)


def _fail(item: IntakeItem, code: str, detail: str) -> None:
    logger.warning("intake: %s could not be read: %s (%s)", item.path, code, detail)
    item.outcome = IntakeOutcome.FEL
    item.error_code = code
    item.error_detail = detail[:2000]
    item.save(update_fields=["outcome", "error_code", "error_detail"])


def _set_outcome(item: IntakeItem, outcome: str, note: str = "", **links) -> None:
    item.outcome = outcome
    item.note = note[:300]
    for name, value in links.items():
        setattr(item, name, value)
    item.save(update_fields=["outcome", "note", *links])


def _letter_of(unit: _Unit) -> ExtractedFile:
    """The file that carries the answer: the document with most text, else the e-mail body."""
    documents = [f for f, _ in unit.files if f.role != "email" and f.pages]
    candidates = documents or [f for f, _ in unit.files]
    return max(candidates, key=lambda f: sum(len(page.text) for page in f.pages))


def _text_of(file: ExtractedFile) -> str:
    return "\n".join(page.text for page in file.pages)


def _register_unit(*, run: IntakeRun, unit: _Unit, stored: list[str]) -> None:
    consultation = run.consultation
    created_blobs: list[str] = []
    try:
        with transaction.atomic():
            _register_unit_atomically(run, consultation, unit, created_blobs)
    except Exception:
        for sha256 in created_blobs:  # nothing half-stored: remove originals of this unit
            original_path(sha256).unlink(missing_ok=True)
        raise
    stored.extend(created_blobs)


def _register_unit_atomically(run, consultation, unit, created_blobs) -> None:
    letter = _letter_of(unit)
    letter_text = _text_of(letter)
    email = next((f.email for f, _ in unit.files if f.role == "email" and f.email), None)

    # Deduplicate: identical bytes already received for this consultation are not stored again.
    fresh: list[tuple[ExtractedFile, IntakeItem]] = []
    for file, item in unit.files:
        existing = (
            Document.objects.filter(
                response__consultation=consultation, sha256=sha256_hex(file.data)
            )
            .select_related("response")
            .first()
        )
        if existing is not None:
            _set_outcome(
                item,
                IntakeOutcome.DUBBLETT,
                note=existing.original_filename,
                response=existing.response,
                document=existing,
            )
        else:
            fresh.append((file, item))
    if not fresh:
        return

    reading = letter_read(letter=letter, consultation=consultation, email=email)
    facts, organisation = reading.facts, reading.organisation
    letter_date = _iso_date(facts.letter_date.value) if facts.letter_date else None

    response = _existing_copy(consultation, organisation, letter_date, letter_text)
    if response is None:
        channel = Channel.EPOST if email else run.channel
        response = response_register(
            actor=run.started_by,
            consultation=consultation,
            organisation=organisation,
            channel=channel,
            received_at=(email.date if email and email.date else fresh[0][1].received_at),
            title=(facts.quoted_title.value if facts.quoted_title else "")[:300],
            letter_date=letter_date,
            responder_case_number=_value(facts.responder_case_number)[:60],
            quoted_case_number=_value(facts.quoted_case_number)[:60],
        )
        outcome_first, note = IntakeOutcome.REGISTRERAD, ""
    else:
        outcome_first = IntakeOutcome.KOPIA
        note = str(_("Same sender, date and text as an answer already registered."))

    for file, item in fresh:
        is_letter = file is letter
        blob_is_new = not original_path(sha256_hex(file.data)).exists()
        document, _created = document_add(
            actor=run.started_by,
            response=response,
            extracted=file,
            facts=reading.facts_json if is_letter else {},
        )
        if blob_is_new:
            created_blobs.append(document.sha256)
        outcome = outcome_first if is_letter else IntakeOutcome.BILAGA
        _set_outcome(
            item, outcome, note=note if is_letter else "", response=response, document=document
        )


def _value(fact) -> str:
    return fact.value if fact else ""


def _iso_date(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _existing_copy(consultation, organisation, letter_date, letter_text) -> Response | None:
    """An answer already registered with the same sender, date and text, if there is one.

    A date missing on either side (say, misread by OCR) does not rule a copy out; two different
    dates do.
    """
    if not letter_text.strip():
        return None
    candidates = Response.objects.filter(consultation=consultation, organisation=organisation)
    if letter_date is not None:
        candidates = candidates.filter(Q(letter_date=letter_date) | Q(letter_date=None))
    for response in candidates.prefetch_related("documents__pages"):
        for document in response.documents.all():
            text = "\n".join(page.text for page in document.pages.all())
            if text_similarity(text, letter_text) >= SAME_TEXT:
                return response
    return None


@dataclass(frozen=True)
class LetterReading:
    facts: LetterFacts
    organisation: Organisation | None  # the matched sender, None when it waits for an officer
    facts_json: dict  # the facts with their evidence, how the sender was matched, the reference


def letter_read(*, letter: ExtractedFile, consultation: Consultation, email=None) -> LetterReading:
    """Read a letter's facts and find its sender among the bodies Remiss knows."""
    facts = letter_facts(letter.pages)
    organisation, sender_match = _match_sender(consultation, facts, email)
    return LetterReading(
        facts=facts,
        organisation=organisation,
        facts_json=_facts_json(facts, consultation, sender_match),
    )


def _match_sender(consultation, facts: LetterFacts, email) -> tuple[Organisation | None, dict]:
    """The sender among the sändlista, other known bodies, then municipalities and regions."""
    found = [fact.value for fact in (facts.responder, *facts.responder_candidates) if fact]
    if email and email.from_name:
        found.append(email.from_name)
    if not found:
        return None, {"method": "none", "found": []}

    listed = Organisation.objects.filter(recipients__consultation=consultation).distinct()
    for scope, organisations in (("sandlista", listed), ("known", Organisation.objects.all())):
        known = [(org, name) for org in organisations for name in org.all_names]
        match = best_name_match(found, known)
        if match is not None:
            return match.key, _match_json(scope, match, found)

    reference = [(m, m.name) for m in municipalities()] + [
        (m, alias) for m in municipalities() for alias in m.aliases
    ]
    reference += [(r, r.name) for r in regions()]
    match = best_name_match(found, reference)
    if match is not None:
        organisation = _organisation_from_reference(match.key)
        return organisation, _match_json("reference", match, found)
    return None, {"method": "none", "found": found}


def _match_json(scope: str, match, found: list[str]) -> dict:
    return {
        "method": match.method,
        "scope": scope,
        "score": round(match.score, 1),
        "name": match.name,
        "found": found,
    }


def _organisation_from_reference(body) -> Organisation:
    existing = Organisation.objects.filter(name=body.name).first()
    if existing is not None:
        return existing
    if hasattr(body, "short_name"):  # a municipality
        return organisation_create(
            actor=None,
            name=body.name,
            kind=OrganisationKind.KOMMUN,
            short_name=body.short_name,
            aliases=body.aliases,
            municipality_code=body.code,
            county_code=body.county_code,
        )
    return organisation_create(
        actor=None, name=body.name, kind=OrganisationKind.REGION, county_code=body.county_code
    )


def _facts_json(facts: LetterFacts, consultation: Consultation, sender_match: dict) -> dict:
    data = dataclasses.asdict(facts)
    data["sender_match"] = sender_match
    data["consultation_reference"] = _consultation_reference(facts, consultation)
    return data


def _consultation_reference(facts: LetterFacts, consultation: Consultation) -> dict:
    """Whether the letter names this consultation: by case number, by title, or not at all."""
    from remiss.textkit.identifiers import case_number_key

    if facts.quoted_case_number and (
        case_number_key(facts.quoted_case_number.value) == consultation.case_number_key
    ):
        return {"method": "case_number", "value": facts.quoted_case_number.value}
    if facts.quoted_title:
        score = title_similarity(facts.quoted_title.value, consultation.title)
        if score >= SAME_TITLE:
            return {"method": "title", "value": facts.quoted_title.value, "score": score}
    return {"method": "none"}


# -- reporting -----------------------------------------------------------------------------


def intake_run_report(run: IntakeRun) -> dict:
    """The run's receipts as plain data, in reading order: for the CLI's JSON and summaries."""
    items = list(
        run.items.select_related("response__organisation", "document").order_by("position")
    )
    files = []
    for item in items:
        entry = {
            "path": item.path,
            "name": item.filename,
            "size": item.size,
            "sha256": item.sha256,
            "received_at": item.received_at.isoformat(),
            "media_type": item.media_type,
            "unpacked_from": _parent_path(items, item),
            "outcome": item.outcome,
            "error_code": item.error_code or None,
            "error": item.error_message or None,
            "note": item.note or None,
            "answer": None,
        }
        if item.response is not None:
            facts = item.document.facts if item.document else {}
            entry["answer"] = {
                "id": str(item.response.pk),
                "organisation": str(item.response.organisation or "") or None,
                "letter_date": item.response.letter_date.isoformat()
                if item.response.letter_date
                else None,
                "sender_match": facts.get("sender_match"),
                "consultation_reference": facts.get("consultation_reference"),
                "signatories": [
                    {"name": s["name"], "title": s["title"]} for s in facts.get("signatories", [])
                ],
            }
        files.append(entry)
    counts = defaultdict(int)
    for item in items:
        counts[item.outcome] += 1
    return {
        "run": str(run.pk),
        "consultation": run.consultation.case_number,
        "status": run.status,
        "files_total": run.files_total,
        "files": files,
        "summary": {
            "answers_registered": counts[IntakeOutcome.REGISTRERAD],
            "copies": counts[IntakeOutcome.KOPIA],
            "duplicates": counts[IntakeOutcome.DUBBLETT],
            "attachments": counts[IntakeOutcome.BILAGA],
            "failed": counts[IntakeOutcome.FEL],
        },
    }


def _parent_path(items: list[IntakeItem], item: IntakeItem) -> str | None:
    if item.parent_id is None:
        return None
    parent = next((other for other in items if other.pk == item.parent_id), None)
    return parent.path if parent else None
