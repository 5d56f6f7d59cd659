import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from remiss.file_errors import error_message
from remiss.textkit.analyse import analyse_answer
from remiss.textkit.extract import ExtractedFile, extract
from remiss.textkit.letter import letter_facts
from remiss.textkit.orgtype import organisation_type
from remiss.textkit.personal_data import find_personal_data
from remiss.textkit.sections import sections_from_document

# The kinds of body as the labelled corpus and the JSON output spell them.
OUTPUT_TYPES = {"larosate": "lärosäte", "foretag": "företag"}


class Command(BaseCommand):
    help = (
        "Analyse answer files and print one JSON object per file (JSON Lines): sender, date, "
        "case numbers, position with evidence, endorsements, signatories, points placed under "
        "sections, personal data and errors. Needs no database unless --consultation is given."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--consultation",
            metavar="DNR",
            help="Place points under this consultation's sections (reads the database).",
        )
        parser.add_argument(
            "--format", choices=["jsonl"], default="jsonl", help="Output format (JSON Lines)."
        )

    def handle(self, *args, paths, consultation, format, **options):
        sections = self.consultation_sections(consultation) if consultation else None
        for path in self.files(paths):
            result = analyse_file(path, sections)
            self.stdout.write(json.dumps(result, ensure_ascii=False))

    def consultation_sections(self, raw: str):
        from remiss.analysis.services import section_refs
        from remiss.consultations.models import Consultation
        from remiss.textkit.identifiers import case_number_key

        matches = list(Consultation.objects.filter(case_number_key=case_number_key(raw)))
        if len(matches) != 1:
            raise CommandError(_("No consultation has the case number %(dnr)s.") % {"dnr": raw})
        return section_refs(matches[0])[0]

    def files(self, paths: list[str]):
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise CommandError(_("There is no file or folder %(path)s.") % {"path": raw})
            yield from (
                sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            )


def analyse_file(path: Path, sections) -> dict:
    """One file in, one JSON-ready object out; a file that cannot be read gives its errors."""
    data = path.read_bytes()
    result = {
        "file": str(path),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": 0,
        "responder": {"name": None, "type": None},
        "date": None,
        "responder_dnr": None,
        "remiss_dnr": None,
        "stance": None,
        "stance_evidence": [],
        "endorses": [],
        "signatories": [],
        "comments": [],
        "personal_data": [],
        "errors": [],
    }
    try:
        extracted = extract(path.name, data)
    except Exception as error:  # textkit promises not to raise; never stop the batch
        result["errors"].append(f"{error_message('internal')} ({type(error).__name__})")
        return result
    result["errors"] = [
        f"{file.path}: {error_message(file.error.code)}" for file in extracted if file.error
    ]
    letter = _letter(extracted)
    if letter is None:
        return result
    pages = list(letter.pages)
    facts = letter_facts(pages)
    analysis = analyse_answer(
        pages, sections if sections is not None else sections_from_document(pages)
    )
    responder = facts.responder.value if facts.responder else None
    result.update(
        {
            "pages": len(pages),
            "responder": {
                "name": responder,
                "type": _output_type(organisation_type(responder)) if responder else None,
            },
            "date": facts.letter_date.value if facts.letter_date else None,
            "responder_dnr": _value(facts.responder_case_number),
            "remiss_dnr": _value(facts.quoted_case_number),
            "stance": analysis.stance.label,
            "stance_evidence": [{"text": e.text, "page": e.page} for e in analysis.stance.evidence],
            "endorses": [endorsement.organisation for endorsement in analysis.endorsements],
            "signatories": [{"name": s.name, "title": s.title} for s in facts.signatories],
            "comments": [
                {
                    "text": point.text,
                    "page": point.evidence.page,
                    "kind": point.kind,
                    "sections": [placement.number for placement in point.sections],
                }
                for point in analysis.points
            ],
            "personal_data": [
                {"kind": hit.kind, "page": hit.span.page} for hit in find_personal_data(pages)
            ],
        }
    )
    return result


def _letter(extracted: list[ExtractedFile]) -> ExtractedFile | None:
    readable = [f for f in extracted if f.error is None and f.role != "container" and f.pages]
    documents = [f for f in readable if f.role != "email"] or readable
    if not documents:
        return None
    return max(documents, key=lambda f: sum(len(page.text) for page in f.pages))


def _value(fact) -> str | None:
    return fact.value if fact else None


def _output_type(kind: str) -> str:
    return OUTPUT_TYPES.get(kind, kind)
