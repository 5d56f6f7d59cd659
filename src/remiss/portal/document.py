"""The answer as a document: the PDF a body's portal answer becomes when it is submitted.

The text is Swedish whatever the interface language: it is the body's outgoing letter. The
position is written as one sentence in the standard phrasing of remissvar (domain brief §1.5),
so the analysis reads a portal answer's position the way it reads any letter's.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string

from remiss.consultations.missiv import answer_file_stem, genitive
from remiss.rendering import html_to_pdf, swedish_date

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
        """R21: the remitting case number without slashes, then the body."""
        return f"{answer_file_stem(self.case_number, self.body)}.pdf"


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
