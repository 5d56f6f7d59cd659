"""The answer as a document: what a body's portal answer becomes when it is submitted.

The text is Swedish whatever the interface language: it is the body's outgoing letter. The
position is written as one sentence in the standard phrasing of remissvar (domain brief §1.5),
so the analysis reads a portal answer's position the way it reads any letter's.

Two forms of one composition (``AnswerDocument``):

* the **received original** (``answer_text``): plain UTF-8 text, LF line endings, Unicode NFC,
  the headings of the letter and every answer field and part in a fixed order. It is what the
  body sent through a web form, written down without a layout engine, so it is made in the
  request in microseconds, reads the same in any viewer in fifty years, hashes the same on any
  machine (a PDF carries creation times and font subsets), and is its own extracted text: the
  Response's pages are built from it directly. Its SHA-256 is the receipt's. A structured form
  (JSON) would be easier for programs but not a letter a person can read as the public record;
  the fields are already structured in the database.
* the **PDF rendition** (``answer_pdf``): the same composition laid out as a letter by
  WeasyPrint, made afterwards by a background task (``portal/tasks.py``) and mailed with the
  receipt; a convenience copy, never the record.
"""

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string

from remiss.consultations.missiv import answer_file_stem, genitive
from remiss.rendering import html_to_pdf, swedish_date
from remiss.textkit.documents import Page
from remiss.textkit.extract import ExtractedFile
from remiss.textkit.letter import letter_facts

from .models import PortalAnswer, Position
from .sections import answer_sections


def position_sentence(position: str, body: str) -> str:
    """'Huddinge kommun tillstyrker förslaget.': the position as a remissvar states it."""
    sentences = {
        Position.TILLSTYRKER: f"{body} tillstyrker förslaget.",
        Position.TILLSTYRKER_MED_SYNPUNKTER: (
            f"{body} tillstyrker förslaget med följande synpunkter."
        ),
        Position.DELVIS_AVSTYRKER: (
            f"{body} tillstyrker förslaget delvis men avstyrker de delar som framgår nedan."
        ),
        Position.AVSTYRKER: f"{body} avstyrker förslaget.",
        Position.INGA_SYNPUNKTER: f"{body} har inga synpunkter på förslaget.",
        Position.AVSTAR: f"{body} avstår från att yttra sig.",
        Position.BERORS_INTE: f"Förslaget berör inte {genitive(body)} verksamhet.",
    }
    return sentences.get(position, "")


@dataclass(frozen=True)
class CommentBlock:
    heading: str
    text: str


@dataclass(frozen=True)
class AnswerDocument:
    """What the PDF says, gathered once so the receipt page and the PDF agree."""

    body: str
    title: str
    consultation_title: str
    case_number: str
    addressee: str
    date: date
    submitted_at: datetime
    position: str
    summary: str
    comments: tuple[CommentBlock, ...]
    general_comments: str
    participation: str
    contact_name: str
    contact_email: str
    decided_by: str
    decided_on: date | None
    attachments: tuple[str, ...]

    @property
    def date_display(self) -> str:
        return swedish_date(self.date)

    @property
    def decided_on_display(self) -> str:
        return swedish_date(self.decided_on)

    @property
    def submitted_display(self) -> str:
        local = self.submitted_at.astimezone(ZoneInfo(settings.TIME_ZONE))
        return f"{swedish_date(local.date())} kl. {local:%H.%M}"

    @property
    def filename(self) -> str:
        """R21: the remitting case number without slashes, then the body (the PDF's name)."""
        return f"{answer_file_stem(self.case_number, self.body)}.pdf"

    @property
    def text_filename(self) -> str:
        """The received original's name: as the PDF's, ending in .txt."""
        return f"{answer_file_stem(self.case_number, self.body)}.txt"


def answer_document_compose(answer: PortalAnswer, *, submitted_at: datetime) -> AnswerDocument:
    consultation = answer.consultation
    body = answer_body_name(answer)
    texts = {comment.section_id: comment.text for comment in answer.comments.all()}
    comments = tuple(
        CommentBlock(heading=str(item.section), text=texts[item.section.pk].strip())
        for item in answer_sections(consultation)
        if item.open_for_comment and texts.get(item.section.pk, "").strip()
    )
    local_day = submitted_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return AnswerDocument(
        body=body,
        title=f"Yttrande över {consultation.title}",
        consultation_title=consultation.title,
        case_number=consultation.case_number,
        addressee=consultation.remitting_organisation.name,
        date=local_day,
        submitted_at=submitted_at,
        position=position_sentence(answer.position, body),
        summary=answer.summary.strip(),
        comments=comments,
        general_comments=answer.general_comments.strip(),
        participation=answer.participation.strip(),
        contact_name=answer.contact_name.strip(),
        contact_email=answer.contact_email.strip(),
        decided_by=answer.decided_by.strip(),
        decided_on=answer.decided_on,
        attachments=tuple(attachment.filename for attachment in answer.attachments.all()),
    )


def answer_body_name(answer: PortalAnswer) -> str:
    if answer.recipient_id:
        return answer.recipient.organisation.name
    return answer.respondent_name


def answer_pdf(document: AnswerDocument) -> bytes:
    html = render_to_string("portal/answer_document.html", {"document": document})
    return html_to_pdf(html)


ORIGINAL_MEDIA_TYPE = "text/plain"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def answer_text(document: AnswerDocument) -> str:
    """The received original: the letter as plain text, in the PDF's order and wording."""
    blocks = [
        "\n".join(
            [
                "YTTRANDE",
                f"Från: {document.body}",
                f"Till: {document.addressee}",
                f"Datum: {document.date_display}",
                f"Er beteckning: {document.case_number}",
            ]
        ),
        f"{document.title} ({document.case_number})",
        "Sammanfattning",
        document.position,
    ]
    if document.summary:
        blocks.append(document.summary)
    if document.comments:
        blocks.append("Synpunkter per avsnitt")
        for block in document.comments:
            blocks += [block.heading, block.text]
    if document.general_comments:
        blocks += ["Övriga synpunkter", document.general_comments]
    if document.participation:
        blocks += ["Synpunkter om medverkan i genomförandet", document.participation]
    if document.decided_by:
        decided = f"Beslut i detta ärende har fattats av {document.decided_by}"
        if document.decided_on:
            decided += f" den {document.decided_on_display}"
        blocks += ["Beslut", decided + "."]
    if document.contact_name or document.contact_email:
        parts = (document.contact_name, document.contact_email)
        contact = ", ".join(part for part in parts if part)
        blocks += ["Kontaktperson", contact]
    if document.attachments:
        blocks += ["Bilagor", "\n".join(f"– {name}" for name in document.attachments)]
    blocks.append(f"Inskickat via Remiss svarsportal {document.submitted_display}.")
    return "\n\n".join(_clean(block) for block in blocks if _clean(block)) + "\n"


def answer_original(document: AnswerDocument) -> ExtractedFile:
    """The received original as intake would hand it on: its bytes and its one page of text,
    taken from the composition (no extraction round-trip)."""
    text = answer_text(document)
    name = document.text_filename
    return ExtractedFile(
        path=name,
        name=name,
        data=text.encode("utf-8"),
        media_type=ORIGINAL_MEDIA_TYPE,
        pages=(Page(1, text.rstrip("\n")),),
        headings=(),
        error=None,
        ocr_used=False,
        container=None,
        role="document",
        email=None,
    )


def answer_facts(original: ExtractedFile, *, organisation_name: str, case_number: str) -> dict:
    """The letter's facts as intake records them, read from the text (cheap: no database), with
    the sender and the consultation known from the portal rather than guessed."""
    data = dataclasses.asdict(letter_facts(original.pages))
    data["sender_match"] = {"method": "portal", "name": organisation_name, "found": []}
    data["consultation_reference"] = {"method": "case_number", "value": case_number}
    return data
