"""The missiv: the cover letter that sends a draft on remiss (domain brief §1.3, R03–R04).

``missiv_compose`` gathers what the letter says from the consultation; ``missiv_docx`` and
``missiv_pdf`` write the same content as Word and as a tagged PDF. The letter is Swedish
whatever the language of the interface: it is the authority's outgoing document.
"""

import io
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from remiss.rendering import html_to_pdf, swedish_date

from .models import Consultation

GUIDANCE = "Svara på remiss – hur och varför (SB PM 2021:1)"


@dataclass(frozen=True)
class Missiv:
    sender: str
    case_number: str
    date: date
    title: str
    introduction: str
    summary: str
    deadline_sentence: str
    how_to_answer: tuple[str, ...]
    duty: str
    publication: str
    closed_parts: tuple[str, ...]
    contacts: tuple[str, ...]
    recipients: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"Remiss: {self.title}"

    @property
    def date_display(self) -> str:
        return swedish_date(self.date)


def genitive(name: str) -> str:
    """'Region Stockholms', 'Trafikverkets'; a name ending in s, x or z takes no extra s."""
    return name if name[-1:].casefold() in ("s", "x", "z") else f"{name}s"


def answer_file_stem(case_number: str, body: str) -> str:
    """How an answer's file is named: the case number without slashes, then the body (R21)."""
    return f"{case_number.replace('/', '-')} {body}".strip()


def missiv_compose(
    consultation: Consultation, *, portal_url: str = "", on: date | None = None
) -> Missiv:
    sender = consultation.remitting_organisation.name
    case_number = consultation.case_number
    recipients = tuple(
        recipient.organisation.name
        for recipient in consultation.recipients.invited()
        .select_related("organisation")
        .order_by("position", "organisation__name")
    )
    if consultation.deadline:
        deadline = (
            f"Remissvaren ska ha kommit in till {sender} senast den "
            f"{swedish_date(consultation.deadline)}."
        )
    else:
        deadline = "Svarstiden är ännu inte bestämd."
    how = []
    if portal_url:
        how.append(
            "Svara helst i Remiss svarsportal, där synpunkter kan lämnas avsnitt för avsnitt: "
            f"{portal_url}. Varje remissinstans får en egen länk med e-post."
        )
    if consultation.answer_email:
        formats = (
            f", i formatet {consultation.answer_formats}" if consultation.answer_formats else ""
        )
        how.append(f"Remissvaren kan skickas med e-post till {consultation.answer_email}{formats}.")
    how.append(f"Ange diarienummer {case_number} i ämnesraden och i remissvaret.")
    example = answer_file_stem(case_number, recipients[0] if recipients else "Remissinstansen")
    how.append(
        "Namnge filen med diarienumret, utan snedstreck, följt av remissinstansens namn, "
        f"till exempel ”{example}”."
    )
    how.append(
        "Ett remissvar som lämnas som pdf bör vara tillgängligt enligt lagen (2018:1937) om "
        "tillgänglighet till digital offentlig service."
    )
    if consultation.answer_instructions.strip():
        how.append(consultation.answer_instructions.strip())
    closed = tuple(
        f"{section.number} {section.title}".strip()
        + (f": {section.closed_reason}" if section.closed_reason else "")
        for section in consultation.sections.filter(open_for_comment=False).order_by("position")
        if section.parent is None or section.parent.open_for_comment
    )
    contacts = tuple(
        ", ".join(
            part for part in (officer.get_full_name() or officer.username, officer.email) if part
        )
        for officer in consultation.responsible_officers.order_by("last_name", "first_name")
    )
    return Missiv(
        sender=sender,
        case_number=case_number,
        date=on or consultation.sent_on or timezone.localdate(),
        title=consultation.title,
        introduction=(
            f"{sender} remitterar härmed {consultation.title} till de remissinstanser som "
            "anges nedan."
        ),
        summary=consultation.summary.strip(),
        deadline_sentence=deadline,
        how_to_answer=tuple(how),
        duty=(
            "Remissen är en inbjudan att lämna synpunkter. Om ni inte har några synpunkter "
            "räcker det att ni meddelar det, och om ni avstår från att svara vill vi gärna få "
            f"veta det. Regeringskansliets vägledning {GUIDANCE} ger råd om hur ett remissvar "
            "kan skrivas: börja med en sammanfattning, ta tydlig ställning och ange vilket "
            "avsnitt i förslaget en synpunkt gäller."
        ),
        publication=(
            "Remissvaren blir allmänna handlingar. De kan komma att publiceras på "
            f"{genitive(sender)} webbplats; uppgifter om privatpersoner, som namn och "
            "kontaktuppgifter, maskeras då."
        ),
        closed_parts=closed,
        contacts=contacts,
        recipients=recipients,
    )


def missiv_pdf(missiv: Missiv, *, archival: bool = False) -> bytes:
    html = render_to_string("consultations/missiv_document.html", {"missiv": missiv})
    return html_to_pdf(html, archival=archival)


def missiv_docx(missiv: Missiv) -> bytes:
    from docx import Document  # imported when a Word file is made

    document = Document()
    document.core_properties.title = missiv.heading
    document.core_properties.language = "sv-SE"
    document.core_properties.author = missiv.sender
    document.add_paragraph(
        f"{missiv.sender}\nDiarienummer: {missiv.case_number}\n{missiv.date_display}"
    )
    document.add_heading(missiv.heading, level=1)
    document.add_paragraph(missiv.introduction)
    if missiv.summary:
        document.add_paragraph(missiv.summary)
    document.add_heading("Svarstid", level=2)
    document.add_paragraph(missiv.deadline_sentence)
    document.add_heading("Så svarar ni", level=2)
    for line in missiv.how_to_answer:
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(missiv.duty)
    document.add_heading("Publicering", level=2)
    document.add_paragraph(missiv.publication)
    if missiv.closed_parts:
        document.add_heading("Delar som inte remitteras", level=2)
        document.add_paragraph("Synpunkter efterfrågas inte på följande delar av förslaget:")
        for line in missiv.closed_parts:
            document.add_paragraph(line, style="List Bullet")
    if missiv.contacts:
        document.add_heading("Kontaktpersoner", level=2)
        for line in missiv.contacts:
            document.add_paragraph(line)
    document.add_heading("Remissinstanser", level=2)
    for name in missiv.recipients:
        document.add_paragraph(name, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
