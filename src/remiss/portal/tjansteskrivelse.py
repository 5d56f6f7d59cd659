"""The respondent's own tjänsteskrivelse: a Word draft of the decision behind its answer.

A municipality (or region) that answers a remiss usually decides its answer in a committee,
and the officers write a tjänsteskrivelse that proposes the decision (domain brief §1.6, R19).
``tjansteskrivelse_docx`` writes that document from the portal answer, in Swedish, for the
body to finish in its own case system:

- page header: the body's name, "Tjänsteskrivelse" and "Sida X (Y)" as Word PAGE and NUMPAGES
  fields, so Word fills in the page numbers;
- a header block: the body, "Tjänsteskrivelse", Datum (today), Diarienummer (a blank line:
  the body's own case number is not known to Remiss) and Handläggare (the answer's contact);
- the title "Yttrande över <title> (<remitting body>s dnr <case number>)" as Heading 1;
- the sections, as Heading 2 in this order: Förslag till beslut, Sammanfattning, Beskrivning
  av ärendet, Förvaltningens synpunkter (with one Heading 3 per commented part of the draft),
  Ekonomiska och juridiska konsekvenser (a neutral default sentence, marked as a suggestion to
  check, also with a Word comment), Bilagor, Beslutet ska skickas till.

``tjansteskrivelse_filename`` names the file as answers are named (R21): the case number
without slashes, the body, then "tjänsteskrivelse".
"""

import io
import re
from datetime import date

from django.utils import timezone

from remiss.consultations.missiv import answer_file_stem, genitive
from remiss.consultations.models import OrganisationKind, section_sort_key
from remiss.rendering import swedish_date, swedish_weekday

from .models import PortalAnswer, Position

HEADINGS = (
    "Förslag till beslut",
    "Sammanfattning",
    "Beskrivning av ärendet",
    "Förvaltningens synpunkter",
    "Ekonomiska och juridiska konsekvenser",
    "Bilagor",
    "Beslutet ska skickas till",
)
DEFAULT_CONSEQUENCES = (
    "Förslaget bedöms inte medföra några direkta ekonomiska eller juridiska konsekvenser för "
    "{subject}."
)
CONSEQUENCES_NOTE = (
    "Att kontrollera: texten nedan är ett förslag som Remiss har fyllt i. Förvaltningen behöver "
    "bedöma de ekonomiska och juridiska konsekvenserna och ändra texten innan "
    "tjänsteskrivelsen lämnas."
)
DNR_BLANK = "_" * 24

# What the body does, as the predicate of a sentence whose subject is the body.
POSITION_PHRASES = {
    Position.TILLSTYRKER: "tillstyrker förslaget",
    Position.TILLSTYRKER_MED_SYNPUNKTER: (
        "tillstyrker förslaget med de synpunkter som framförs i detta ärende"
    ),
    Position.DELVIS_AVSTYRKER: (
        "tillstyrker delar av förslaget men avstyrker andra delar, enligt synpunkterna i detta "
        "ärende"
    ),
    Position.AVSTYRKER: "avstyrker förslaget",
    Position.INGA_SYNPUNKTER: "inte har några synpunkter på förslaget",
    Position.AVSTAR: "avstår från att yttra sig över förslaget",
    Position.BERORS_INTE: "meddelar att förslaget inte berör {possessive} verksamhet",
}
# Main clauses put "inte" after the verb: "Kommunen har inte några synpunkter".
MAIN_CLAUSE = {Position.INGA_SYNPUNKTER: "har inte några synpunkter på förslaget"}

UNSAFE_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _body_name(answer: PortalAnswer) -> str:
    if answer.recipient_id is not None:
        return answer.recipient.organisation.name
    return answer.respondent_name.strip() or "Remissinstansen"


def _body_kind(answer: PortalAnswer) -> str:
    if answer.recipient_id is not None:
        return answer.recipient.organisation.kind
    return answer.respondent_kind


def _subject_and_possessive(answer: PortalAnswer) -> tuple[str, str]:
    """How the text names the body: "kommunen"/"kommunens", else its own name."""
    kind = _body_kind(answer)
    if kind == OrganisationKind.KOMMUN:
        return "kommunen", "kommunens"
    if kind == OrganisationKind.REGION:
        return "regionen", "regionens"
    name = _body_name(answer)
    return name, genitive(name)


def _decision_maker(answer: PortalAnswer) -> str:
    if answer.decided_by.strip():
        return answer.decided_by.strip()
    kind = _body_kind(answer)
    if kind == OrganisationKind.KOMMUN:
        return "Kommunstyrelsen"
    if kind == OrganisationKind.REGION:
        return "Regionstyrelsen"
    return "Styrelsen"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _position_phrase(answer: PortalAnswer, *, main_clause: bool) -> str:
    if answer.position not in POSITION_PHRASES:
        return ""
    _, possessive = _subject_and_possessive(answer)
    phrase = (MAIN_CLAUSE if main_clause else {}).get(
        answer.position, POSITION_PHRASES[answer.position]
    )
    return phrase.format(possessive=possessive)


def position_sentence(answer: PortalAnswer) -> str:
    """The position as a statement: "Kommunen tillstyrker förslaget." ("" when none is set)."""
    phrase = _position_phrase(answer, main_clause=True)
    subject, _ = _subject_and_possessive(answer)
    return f"{_capitalised(subject)} {phrase}." if phrase else ""


def summary_sentence(answer: PortalAnswer) -> str:
    """A summary when the answer has none: what the remiss is and what is proposed."""
    consultation = answer.consultation
    remitter = consultation.remitting_organisation.name
    subject, _ = _subject_and_possessive(answer)
    text = f"{remitter} har skickat remissen ”{consultation.title}” till {subject}."
    phrase = _position_phrase(answer, main_clause=False)
    if phrase:
        return f"{text} Förvaltningen föreslår att {subject} {phrase}."
    return f"{text} Förvaltningens synpunkter framgår av detta ärende."


def document_title(answer: PortalAnswer) -> str:
    consultation = answer.consultation
    remitter = genitive(consultation.remitting_organisation.name)
    return f"Yttrande över {consultation.title} ({remitter} dnr {consultation.case_number})"


def tjansteskrivelse_filename(answer: PortalAnswer) -> str:
    """'RS 2020-0780 Huddinge kommun tjänsteskrivelse.docx' (R21, as answer_file_stem)."""
    stem = answer_file_stem(answer.consultation.case_number, _body_name(answer))
    stem = UNSAFE_IN_FILENAMES.sub("-", stem).strip(" .")
    return f"{stem} tjänsteskrivelse.docx"


def tjansteskrivelse_docx(answer: PortalAnswer, *, on: date | None = None) -> bytes:
    """The tjänsteskrivelse as a Word file, dated ``on`` (today by default)."""
    from docx import Document  # imported when a Word file is made
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    consultation = answer.consultation
    remitter = consultation.remitting_organisation.name
    body = _body_name(answer)
    subject, possessive = _subject_and_possessive(answer)
    title = document_title(answer)
    day = on or timezone.localdate()

    document = Document()
    _set_language(document, "sv-SE")
    properties = document.core_properties
    properties.title = title
    properties.subject = "Tjänsteskrivelse"
    properties.language = "sv-SE"
    properties.author = body
    properties.keywords = f"remiss; {consultation.case_number}"

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    text_width = section.page_width - section.left_margin - section.right_margin

    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run(f"{body}\tTjänsteskrivelse\tSida ")
    _add_field(header, "PAGE", "1")
    header.add_run(" (")
    _add_field(header, "NUMPAGES", "1")
    header.add_run(")")

    # The header block.
    document.add_paragraph().add_run(body).bold = True
    document.add_paragraph().add_run("Tjänsteskrivelse").bold = True
    document.add_paragraph(f"Datum: {swedish_date(day)}")
    document.add_paragraph(f"Diarienummer: {DNR_BLANK}")
    officer = ", ".join(
        part for part in (answer.contact_name.strip(), answer.contact_email.strip()) if part
    )
    document.add_paragraph(f"Handläggare: {officer}")

    document.add_heading(title, level=1)

    # Förslag till beslut
    document.add_heading(HEADINGS[0], level=2)
    document.add_paragraph(f"{_decision_maker(answer)} föreslås besluta att")
    if answer.position == Position.AVSTAR:
        document.add_paragraph(
            f"1. meddela {remitter} att {subject} avstår från att yttra sig över remissen."
        )
    else:
        document.add_paragraph(
            f"1. överlämna förvaltningens yttrande till {remitter} som {possessive} svar på "
            "remissen."
        )

    # Sammanfattning
    document.add_heading(HEADINGS[1], level=2)
    _add_text(document, answer.summary or summary_sentence(answer))

    # Beskrivning av ärendet
    document.add_heading(HEADINGS[2], level=2)
    description = f"{remitter} har skickat ”{consultation.title}” på remiss till {subject}."
    deadline = answer.recipient.deadline if answer.recipient_id else consultation.deadline
    if deadline:
        extended = " efter förlängd svarstid" if deadline != consultation.deadline else ""
        description += (
            f" Remissvaren ska ha kommit in till {remitter}{extended} senast "
            f"{swedish_weekday(deadline)}en den {swedish_date(deadline)}."
        )
    description += f" {genitive(remitter)} diarienummer för remissen är {consultation.case_number}."
    document.add_paragraph(description)
    if consultation.summary.strip():
        _add_text(document, consultation.summary)

    # Förvaltningens synpunkter
    document.add_heading(HEADINGS[3], level=2)
    sentence = position_sentence(answer)
    if sentence:
        document.add_paragraph(sentence)
    comments = sorted(
        (comment for comment in answer.comments.select_related("section") if comment.text.strip()),
        key=lambda comment: (section_sort_key(comment.section.number), comment.section.position),
    )
    for comment in comments:
        document.add_heading(f"{comment.section.number} {comment.section.title}".strip(), level=3)
        _add_text(document, comment.text)
    if answer.general_comments.strip():
        document.add_heading("Övriga synpunkter", level=3)
        _add_text(document, answer.general_comments)
    if answer.participation.strip():
        document.add_heading("Medverkan i genomförandet", level=3)
        _add_text(document, answer.participation)
    if not (
        sentence or comments or answer.general_comments.strip() or answer.participation.strip()
    ):
        document.add_paragraph("[Skriv förvaltningens synpunkter här.]")

    # Ekonomiska och juridiska konsekvenser
    document.add_heading(HEADINGS[4], level=2)
    document.add_paragraph().add_run(CONSEQUENCES_NOTE).italic = True
    suggestion = document.add_paragraph().add_run(DEFAULT_CONSEQUENCES.format(subject=subject))
    document.add_comment(
        suggestion,
        text="Förslag att kontrollera: bedöm konsekvenserna för er organisation.",
        author="Remiss",
        initials="R",
    )

    # Bilagor
    document.add_heading(HEADINGS[5], level=2)
    for attachment in answer.attachments.order_by("added_at", "filename"):
        document.add_paragraph(attachment.filename, style="List Number")
    document.add_paragraph(f"Remiss: {consultation.title}", style="List Number")

    # Beslutet ska skickas till
    document.add_heading(HEADINGS[6], level=2)
    if consultation.answer_email:
        document.add_paragraph(
            f"{remitter}, {consultation.answer_email} (ange diarienummer "
            f"{consultation.case_number})"
        )
    else:
        document.add_paragraph(f"{remitter} (ange diarienummer {consultation.case_number})")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_text(document, text: str) -> None:
    """Paragraphs from text: a blank line separates paragraphs, a newline breaks a line."""
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # Word updates the value when it opens the file
        return element

    paragraph.add_run()._r.append(field_char("begin"))
    instruction_run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    instruction_run._r.append(text)
    paragraph.add_run()._r.append(field_char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(field_char("end"))


def _set_language(document, language: str) -> None:
    """The proofing language of the whole document (docDefaults), so Word checks Swedish."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
