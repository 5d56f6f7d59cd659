"""Exports of the compilation: Word, PDF, PDF/A, spreadsheet, CSV and open data (JSON).

Every exporter is ``build(compilation) -> bytes`` over the one read-only assembly
(``compilation_assemble``); none of them queries the database. ``FORMATS`` is the registry:
format name -> media type, file extension and builder. ``compilation_export`` is the one
entry point for the view and the ``export`` command: it assembles the compilation in Swedish
(the document's language, whatever the interface's), builds the file and audits the export.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from remiss.audit.services import audit_record
from remiss.compilation.assembly import Compilation, compilation_assemble
from remiss.consultations.models import Consultation

DOCUMENT_LANGUAGE = "sv"


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    media_type: str
    extension: str
    build: Callable[[Compilation], bytes]
    binary: bool = True


@dataclass(frozen=True)
class ExportFile:
    format: ExportFormat
    filename: str
    content: bytes
    compilation: Compilation


def _docx(compilation: Compilation) -> bytes:
    from . import docx

    return docx.build(compilation)


def _pdf(compilation: Compilation) -> bytes:
    from . import pdf

    return pdf.build(compilation)


def _pdfa(compilation: Compilation) -> bytes:
    from . import pdf

    return pdf.build_archival(compilation)


def _xlsx(compilation: Compilation) -> bytes:
    from . import xlsx

    return xlsx.build(compilation)


def _csv(compilation: Compilation) -> bytes:
    from . import tabular

    return tabular.build(compilation)


def _json(compilation: Compilation) -> bytes:
    from . import opendata

    return opendata.build(compilation)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            _docx,
        ),
        ExportFormat("pdf", "PDF", "application/pdf", "pdf", _pdf),
        ExportFormat("pdfa", "PDF/A", "application/pdf", "pdf", _pdfa),
        ExportFormat(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            _xlsx,
        ),
        ExportFormat("csv", "CSV", "text/csv; charset=utf-8", "csv", _csv, binary=False),
        ExportFormat("json", "JSON", "application/json", "json", _json, binary=False),
    )
}


def export_filename(compilation: Compilation, export_format: ExportFormat) -> str:
    """'remissammanstallning-RS-2020-0780.docx' (PDF/A: '…-arkiv.pdf')."""
    case = re.sub(r"[^0-9A-Za-z]+", "-", compilation.case_number).strip("-") or "utan-dnr"
    suffix = "-arkiv" if export_format.name == "pdfa" else ""
    return f"remissammanstallning-{case}{suffix}.{export_format.extension}"


def compilation_export(*, actor: Any, consultation: Consultation, format: str) -> ExportFile:
    """Build one export of the consultation's compilation and audit it.

    Raises ``KeyError`` for an unknown format.
    """
    export_format = FORMATS[format]
    with translation.override(DOCUMENT_LANGUAGE):
        compilation = compilation_assemble(consultation)
        content = export_format.build(compilation)
    filename = export_filename(compilation, export_format)
    audit_record(
        actor=actor,
        action="compilation.exported",
        obj=consultation,
        changes={"format": export_format.name, "filename": filename, "bytes": len(content)},
    )
    return ExportFile(export_format, filename, content, compilation)
