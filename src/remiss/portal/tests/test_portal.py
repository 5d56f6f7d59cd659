"""The respondent portal: open a link, write, save, attach, submit, decline, get a receipt."""

import hashlib
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.audit.models import AuditEvent
from remiss.consultations.invitations import invitation_issue, recipient_extend_deadline
from remiss.consultations.models import Organisation, Recipient, RecipientStatus
from remiss.portal.document import position_sentence
from remiss.portal.models import AnswerStatus, PortalAnswer, Position
from remiss.portal.services import portal_answer_submit
from remiss.responses.models import Channel
from remiss.responses.storage import original_read
from remiss.textkit.extract import extract

from .conftest import make_case

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def open_link(client, token):
    """Follow the e-mail's link; return the answer page's URL."""
    response = client.get(reverse("portal:start", args=[token]))
    assert response.status_code == 302
    return response["Location"]


def answer_of(recipient) -> PortalAnswer:
    return PortalAnswer.objects.get(recipient=recipient)


def form_data(answer, **values):
    data = {
        "version": answer.version,
        "position": "",
        "summary": "",
        "general_comments": "",
        "participation": "",
        "contact_name": "",
        "contact_email": "",
        "decided_by": "",
        "decided_on": "",
        "action": "save",
    }
    data.update(values)
    return data


def section_field(consultation, number):
    return f"section_{consultation.sections.get(number=number).pk}"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.text.split()) for page in extract("a.pdf", data)[0].pages)


def docx_bytes(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- opening the link ----------------------------------------------------------------------------


def test_the_link_opens_the_answer_on_a_token_free_url(client, case):
    location = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    assert location == reverse("portal:answer", args=[answer.pk])
    assert case.kommun_token not in location
    page = client.get(location)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Strategi för hållbar tillväxt" in html
    assert "RS 2025-0101" in html
    deadline = case.consultation.deadline
    assert f"{deadline.day} " in html and str(deadline.year) in html
    assert case.kommun_token not in html
    assert reverse("portal:missiv", args=[answer.pk]) in html
    assert reverse("accessibility") in html


def test_opening_the_link_twice_gives_the_same_answer_to_two_colleagues(client, case):
    from django.test import Client

    first = open_link(client, case.kommun_token)
    second = open_link(Client(), case.kommun_token)
    assert first == second
    assert PortalAnswer.objects.filter(recipient=case.kommun).count() == 1


def test_the_answer_page_shows_open_parts_as_boxes_and_closed_parts_with_their_reason(client, case):
    html = client.get(open_link(client, case.kommun_token)).content.decode()
    consultation = case.consultation
    assert f'name="{section_field(consultation, "2")}"' in html
    assert f'name="{section_field(consultation, "3")}"' in html
    assert f'name="{section_field(consultation, "1")}"' not in html
    assert "Redan beslutad av fullmäktige." in html
    for position in Position.values:
        assert f'value="{position}"' in html


def test_an_unknown_link_gives_a_friendly_404_that_names_no_consultation(client, case):
    response = client.get(reverse("portal:start", args=["x" * 43]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "registrator@region.example" not in html
    assert "Strategi" not in html
    assert reverse("accessibility") in html


def test_an_expired_link_says_whom_to_contact(client, case):
    case.kommun.invitations.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("portal:start", args=[case.kommun_token]))
    assert response.status_code == 404
    assert "registrator@region.example" in response.content.decode()


def test_a_revoked_link_stops_working_for_a_session_already_open(client, case):
    location = open_link(client, case.kommun_token)
    case.kommun.invitations.update(revoked_at=timezone.now())
    assert client.get(location).status_code == 404


def test_the_missiv_can_be_downloaded_by_the_invitation_holder(client, case):
    answer_url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    response = client.get(reverse("portal:missiv", args=[answer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Remissvaren ska ha kommit in" in pdf_text(response.content)
    assert answer_url


# -- saving ---------------------------------------------------------------------------------------


def test_a_draft_is_saved_and_comes_back_with_the_same_link(client, case):
    from django.test import Client

    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    consultation = case.consultation
    data = form_data(
        answer,
        position=Position.TILLSTYRKER_MED_SYNPUNKTER,
        summary="Vi välkomnar strategin.",
        **{section_field(consultation, "2"): "Satsa på testbäddar."},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.version == 1
    assert answer.summary == "Vi välkomnar strategin."
    assert answer.comments.get().text == "Satsa på testbäddar."
    later = Client()
    html = later.get(open_link(later, case.kommun_token)).content.decode()
    assert "Satsa på testbäddar." in html
    assert "Vi välkomnar strategin." in html


def test_a_comment_on_a_closed_part_is_not_stored(client, case):
    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    closed = section_field(case.consultation, "1")
    client.post(url, form_data(answer, **{closed: "Smugglad kommentar"}))
    assert not answer.comments.exists()


def test_a_stale_save_is_refused_and_shows_both_texts(client, case):
    from django.test import Client

    url = open_link(client, case.kommun_token)
    colleague = Client()
    open_link(colleague, case.kommun_token)
    answer = answer_of(case.kommun)
    stale_version = answer.version
    assert colleague.post(url, form_data(answer, summary="Kollegans text.")).status_code == 302

    response = client.post(url, form_data(answer, version=stale_version, summary="Min text."))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kollegans text." in html
    assert "Min text." in html
    answer.refresh_from_db()
    assert answer.summary == "Kollegans text."
    # The form now carries the colleague's version: saving again is deliberate and works.
    assert f'name="version" value="{answer.version}"' in html
    again = client.post(url, form_data(answer, summary="Kollegans text. Min text."))
    assert again.status_code == 302
    answer.refresh_from_db()
    assert answer.summary == "Kollegans text. Min text."


# -- attachments ----------------------------------------------------------------------------------


def test_an_attachment_is_checked_stored_listed_and_removable(client, case):
    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    data = docx_bytes("Bilaga: statistik om kompetensförsörjning.")
    upload = SimpleUploadedFile("bilaga.docx", data)
    response = client.post(reverse("portal:attachment_add", args=[answer.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = answer.attachments.get()
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert original_read(attachment.sha256) == data
    html = client.get(url).content.decode()
    assert "bilaga.docx" in html and attachment.sha256 in html

    remove = reverse("portal:attachment_remove", args=[answer.pk, attachment.pk])
    assert client.post(remove).status_code == 302
    assert not answer.attachments.exists()


def test_the_same_file_uploaded_again_is_attached_once(client, case):
    """A retried upload whose reply was lost must not list the file twice."""
    open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    data = docx_bytes("Bilaga: samma fil två gånger.")
    for _ in range(2):
        upload = SimpleUploadedFile("bilaga.docx", data)
        client.post(reverse("portal:attachment_add", args=[answer.pk]), {"file": upload})
    assert answer.attachments.count() == 1


def test_an_unreadable_attachment_is_rejected_with_the_reason(client, case):
    open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    upload = SimpleUploadedFile("trasig.pdf", b"%PDF-1.7 this is not really a pdf")
    response = client.post(reverse("portal:attachment_add", args=[answer.pk]), {"file": upload})
    assert response.status_code == 400
    assert not answer.attachments.exists()
    assert "error-summary" in response.content.decode()


def test_an_attachment_over_the_size_limit_is_rejected(client, case, settings):
    settings.REMISS_MAX_UPLOAD_BYTES = 1000
    open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    upload = SimpleUploadedFile("stor.txt", b"Text " * 400)
    response = client.post(reverse("portal:attachment_add", args=[answer.pk]), {"file": upload})
    assert response.status_code == 400
    assert not answer.attachments.exists()


# -- submitting -----------------------------------------------------------------------------------


def fill_and_submit(client, case, recipient, token, position, **values):
    url = open_link(client, token)
    answer = answer_of(recipient)
    data = form_data(
        answer,
        position=position,
        contact_name="Karin Exempel",
        contact_email="karin@exempelby.example",
        action="review",
        **values,
    )
    review = client.post(url, data)
    assert review.status_code == 302, review.content.decode()[:2000]
    assert review["Location"] == reverse("portal:review", args=[answer.pk])
    page = client.get(review["Location"])
    assert page.status_code == 200
    answer.refresh_from_db()
    submitted = client.post(review["Location"], {"version": answer.version})
    assert submitted.status_code == 302
    assert submitted["Location"] == reverse("portal:receipt", args=[answer.pk])
    answer.refresh_from_db()
    return answer


def test_submitting_registers_a_response_with_the_answer_as_text_and_mails_a_receipt(
    client, case, mailoutbox
):
    consultation = case.consultation
    data = docx_bytes("Bilaga med underlag.")
    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    client.post(
        reverse("portal:attachment_add", args=[answer.pk]),
        {"file": SimpleUploadedFile("underlag.docx", data)},
    )
    answer = fill_and_submit(
        client,
        case,
        case.kommun,
        case.kommun_token,
        Position.TILLSTYRKER_MED_SYNPUNKTER,
        summary="Strategin är bra men behöver fler insatser.",
        general_comments="Tack för möjligheten att svara.",
        participation="Vi vill delta i arbetet med kompetensförsörjning.",
        decided_by="Kommunstyrelsen",
        decided_on="2025-03-01",
        **{section_field(consultation, "2"): "Satsa på testbäddar i länet."},
    )
    assert url
    assert answer.status == AnswerStatus.INSKICKAT
    assert not answer.is_late
    response = answer.response
    assert response.channel == Channel.PORTAL
    assert response.organisation == case.kommun.organisation
    # The original and the attachment; the PDF copy is a rendition beside them, no document.
    assert response.documents.count() == 2
    main = response.documents.get(sha256=answer.receipt_sha256)
    original = original_read(main.sha256)
    assert hashlib.sha256(original).hexdigest() == answer.receipt_sha256
    text = original.decode("utf-8")
    assert main.media_type == "text/plain"
    assert main.original_filename == "RS 2025-0101 Exempelby kommun.txt"
    for expected in (
        "Yttrande över Strategi för hållbar tillväxt (RS 2025-0101)",
        "Er beteckning: RS 2025-0101",
        "Exempelby kommun tillstyrker förslaget med följande synpunkter.",
        "2 Forskning och innovation\n\nSatsa på testbäddar i länet.",
        "Vi vill delta i arbetet med kompetensförsörjning.",
        "Kommunstyrelsen den 1 mars 2025",
        "Bilagor\n\n– underlag.docx",
    ):
        assert expected in text
    # Its pages are the composition's text, not a re-extraction.
    assert [page.text for page in main.pages.all()] == [text.rstrip("\n")]
    assert main.facts["source"] == "portal"
    assert main.facts["sender_match"]["method"] == "portal"
    assert response.documents.filter(sha256=hashlib.sha256(data).hexdigest()).exists()
    case.kommun.refresh_from_db()
    assert case.kommun.status == RecipientStatus.SVARAT

    # The immediate task backend has made the PDF copy and sent the receipt.
    assert answer.pdf_sha256 and answer.pdf_sha256 != answer.receipt_sha256
    pdf = original_read(answer.pdf_sha256)
    pdf_words = pdf_text(pdf)
    assert "Exempelby kommun tillstyrker förslaget med följande synpunkter." in pdf_words
    assert "Satsa på testbäddar i länet." in pdf_words

    receipt = client.get(reverse("portal:receipt", args=[answer.pk])).content.decode()
    assert answer.receipt_sha256 in receipt
    assert answer.pdf_sha256 in receipt
    download = client.get(reverse("portal:answer_original", args=[answer.pk]))
    assert hashlib.sha256(download.content).hexdigest() == answer.receipt_sha256
    download = client.get(reverse("portal:answer_pdf", args=[answer.pk]))
    assert hashlib.sha256(download.content).hexdigest() == answer.pdf_sha256

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {"karin@exempelby.example", "registrator@exempelby.example"}
    assert "RS 2025-0101" in mail.subject
    assert answer.receipt_sha256 in mail.body
    assert answer.pdf_sha256 in mail.body
    (_name, content, media_type) = mail.attachments[0]
    assert media_type == "application/pdf"
    assert hashlib.sha256(content).hexdigest() == answer.pdf_sha256

    for action in ("submitted", "pdf_made", "receipt_sent"):
        assert AuditEvent.objects.filter(
            action=f"portal_answer.{action}", object_pk=str(answer.pk)
        ).exists()


def test_a_submitted_answer_is_read_only(client, case):
    answer = fill_and_submit(client, case, case.kommun, case.kommun_token, Position.TILLSTYRKER)
    url = reverse("portal:answer", args=[answer.pk])
    assert client.get(url)["Location"] == reverse("portal:receipt", args=[answer.pk])
    client.post(url, form_data(answer, summary="Ändrat i efterhand"))
    answer.refresh_from_db()
    assert answer.summary == ""
    upload = SimpleUploadedFile("sen.txt", b"En sen bilaga med text.")
    client.post(reverse("portal:attachment_add", args=[answer.pk]), {"file": upload})
    assert not answer.attachments.exists()
    assert answer.response.documents.count() == 1


def test_an_answer_without_a_position_cannot_be_submitted(client, case):
    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    client.post(url, form_data(answer, contact_email="karin@exempelby.example"))
    answer.refresh_from_db()
    response = client.post(reverse("portal:review", args=[answer.pk]), {"version": answer.version})
    assert response.status_code == 400
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.UTKAST
    assert not case.consultation.responses.exists()


def test_a_late_answer_is_accepted_and_flagged(case):
    answer = PortalAnswer.objects.create(
        consultation=case.consultation,
        recipient=case.kommun,
        position=Position.AVSTYRKER,
        contact_email="karin@exempelby.example",
    )
    invitation = case.kommun.invitations.get()
    deadline = case.kommun.deadline
    just_after = datetime.combine(deadline + timedelta(days=1), datetime.min.time(), STOCKHOLM)
    submission = portal_answer_submit(
        invitation=invitation, answer=answer, version=answer.version, now=just_after
    )
    assert submission.answer.is_late
    assert submission.answer.response.received_at == just_after


def test_an_answer_on_the_last_evening_is_not_late(case):
    answer = PortalAnswer.objects.create(
        consultation=case.consultation,
        recipient=case.kommun,
        position=Position.TILLSTYRKER,
        contact_email="karin@exempelby.example",
    )
    invitation = case.kommun.invitations.get()
    evening = datetime.combine(case.kommun.deadline, datetime.min.time(), STOCKHOLM).replace(
        hour=23, minute=59
    )
    submission = portal_answer_submit(
        invitation=invitation, answer=answer, version=answer.version, now=evening
    )
    assert not submission.answer.is_late


def test_an_extended_deadline_counts_for_lateness(case):
    consultation = case.consultation
    recipient_extend_deadline(
        actor=None, recipient=case.kommun, deadline=consultation.deadline + timedelta(days=10)
    )
    case.kommun.refresh_from_db()
    answer = PortalAnswer.objects.create(
        consultation=consultation,
        recipient=case.kommun,
        position=Position.TILLSTYRKER,
        contact_email="karin@exempelby.example",
    )
    after_original = datetime.combine(
        consultation.deadline + timedelta(days=2), datetime.min.time(), STOCKHOLM
    )
    submission = portal_answer_submit(
        invitation=case.kommun.invitations.get(),
        answer=answer,
        version=answer.version,
        now=after_original,
    )
    assert not submission.answer.is_late


@pytest.mark.parametrize(
    "position", [Position.TILLSTYRKER, Position.AVSTYRKER, Position.INGA_SYNPUNKTER]
)
def test_the_analysis_reads_the_submitted_position(client, case, position):
    fill_and_submit(client, case, case.kommun, case.kommun_token, position)
    run = analysis_run_execute(run=analysis_run_create(actor=None, consultation=case.consultation))
    assert run.status == "klar", run.error
    response = case.consultation.responses.get()
    assert run.stances.get(response=response).label == position


def test_a_submitted_answer_is_analysed_without_an_officer_starting_a_run(
    client, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fill_and_submit(client, case, case.kommun, case.kommun_token, Position.AVSTYRKER)
    run = case.consultation.analysis_runs.get()
    assert run.status == "klar", run.error
    response = case.consultation.responses.get()
    assert run.stances.get(response=response).label == Position.AVSTYRKER


def test_answers_arriving_together_share_the_run_that_waits(case):
    from remiss.analysis.tasks import analysis_run_request

    first = analysis_run_request(actor=None, consultation=case.consultation)
    second = analysis_run_request(actor=None, consultation=case.consultation)
    assert first == second and first.status == "vantar"
    assert case.consultation.analysis_runs.count() == 1


def test_the_position_sentences_are_the_standard_phrasing():
    assert position_sentence(Position.TILLSTYRKER, "Huddinge kommun") == (
        "Huddinge kommun tillstyrker förslaget."
    )
    assert position_sentence(Position.AVSTAR, "Tillväxtverket") == (
        "Tillväxtverket avstår från att yttra sig."
    )
    assert position_sentence(Position.BERORS_INTE, "Tillväxtverket") == (
        "Förslaget berör inte Tillväxtverkets verksamhet."
    )


# -- declining in one step ------------------------------------------------------------------------


def test_declining_in_one_step_submits_at_once_and_sets_the_status(client, case, mailoutbox):
    url = open_link(client, case.myndighet_token)
    html = client.get(url).content.decode()
    answer = answer_of(case.myndighet)
    assert reverse("portal:decline", args=[answer.pk]) in html
    response = client.post(
        reverse("portal:decline", args=[answer.pk]),
        {"decline-contact_email": "", "decline-confirm": "on"},
    )
    assert response["Location"] == reverse("portal:receipt", args=[answer.pk])
    answer.refresh_from_db()
    assert answer.is_submitted
    assert answer.position == Position.AVSTAR
    case.myndighet.refresh_from_db()
    assert case.myndighet.status == RecipientStatus.AVSTATT
    original = original_read(answer.receipt_sha256).decode("utf-8")
    assert "Tillväxtverket avstår från att yttra sig." in original
    assert "Tillväxtverket avstår från att yttra sig." in pdf_text(original_read(answer.pdf_sha256))
    assert mailoutbox[0].to == ["registrator@tvv.example"]


def test_declining_needs_the_confirmation(client, case):
    open_link(client, case.myndighet_token)
    answer = answer_of(case.myndighet)
    response = client.post(reverse("portal:decline", args=[answer.pk]), {})
    assert response.status_code == 400
    answer.refresh_from_db()
    assert not answer.is_submitted


# -- an open consultation -------------------------------------------------------------------------


def test_anyone_can_ask_for_a_link_to_an_open_consultation_and_answer_spontaneously(
    client, case, mailoutbox
):
    consultation = case.consultation
    consultation.open_to_all = True
    consultation.save()
    page = client.get(reverse("portal:open_request", args=[consultation.pk]))
    assert page.status_code == 200
    sent = client.post(
        reverse("portal:open_request", args=[consultation.pk]),
        {"name": "Företagarna Exempel", "kind": "intresseorganisation", "email": "a@f.example"},
    )
    assert sent.status_code == 200, sent.content.decode()
    link = next(word for word in mailoutbox[0].body.split() if "/svara/" in word)
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = open_link(client, token)
    answer = PortalAnswer.objects.get(invitation__email="a@f.example")
    assert answer.recipient is None
    response = client.post(
        url,
        form_data(
            answer,
            respondent_name="Företagarna Exempel",
            respondent_kind="intresseorganisation",
            position=Position.TILLSTYRKER,
            contact_email="a@f.example",
            action="review",
        ),
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    client.post(reverse("portal:review", args=[answer.pk]), {"version": answer.version})
    answer.refresh_from_db()
    assert answer.is_submitted
    organisation = Organisation.objects.get(name="Företagarna Exempel")
    recipient = Recipient.objects.get(consultation=consultation, organisation=organisation)
    assert not recipient.is_invited
    assert answer.recipient == recipient
    assert answer.response.organisation == organisation


def test_a_consultation_not_open_to_all_has_no_request_page(client, case):
    response = client.get(reverse("portal:open_request", args=[case.consultation.pk]))
    assert response.status_code == 404


def test_a_private_person_answers_as_privatperson(client, case, mailoutbox):
    consultation = case.consultation
    consultation.open_to_all = True
    consultation.save()
    issued = invitation_issue(actor=None, consultation=consultation, email="p@example.se")
    url = open_link(client, issued.token)
    answer = PortalAnswer.objects.get(invitation=issued.invitation)
    client.post(
        url,
        form_data(
            answer,
            respondent_name="Eva Exempelsson",
            respondent_kind="privatperson",
            position=Position.INGA_SYNPUNKTER,
            contact_email="p@example.se",
        ),
    )
    answer.refresh_from_db()
    client.post(reverse("portal:review", args=[answer.pk]), {"version": answer.version})
    organisation = Organisation.objects.get(name="Eva Exempelsson")
    assert organisation.kind == "privatperson"


def test_a_draft_consultation_link_does_not_open(client, db):
    case = make_case(status="utkast")
    response = client.get(reverse("portal:start", args=[case.kommun_token]))
    assert response.status_code == 404
    assert "Strategi" not in response.content.decode()
    assert not PortalAnswer.objects.exists()


# -- the tjänsteskrivelse -------------------------------------------------------------------------


def test_a_municipality_can_download_its_draft_tjansteskrivelse(client, case):
    from docx import Document

    url = open_link(client, case.kommun_token)
    answer = answer_of(case.kommun)
    client.post(url, form_data(answer, position=Position.AVSTYRKER))
    link = reverse("portal:tjansteskrivelse", args=[answer.pk])
    assert link in client.get(url).content.decode()
    response = client.get(link)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Förslag till beslut" in text
    assert "avstyrker" in text


def test_an_agency_gets_no_tjansteskrivelse(client, case):
    url = open_link(client, case.myndighet_token)
    answer = answer_of(case.myndighet)
    link = reverse("portal:tjansteskrivelse", args=[answer.pk])
    assert link not in client.get(url).content.decode()
    assert client.get(link).status_code == 404
