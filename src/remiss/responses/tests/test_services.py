import hashlib
import stat

import pytest

from remiss.audit.models import AuditEvent
from remiss.consultations.models import Recipient, RecipientStatus
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    recipient_set_status,
)
from remiss.responses.models import Channel, Document
from remiss.responses.services import document_add, response_register
from remiss.responses.storage import OriginalCorrupted, original_path, original_read
from remiss.textkit.extract import extract

pytestmark = pytest.mark.django_db

LETTER = "Yttrande\n\nKommunen tillstyrker förslaget.\fSida två: underskrifter".encode()


@pytest.fixture
def consultation():
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    return consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2020-0780", title="Strategi"
    )


@pytest.fixture
def nacka(consultation):
    body = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    recipient_add(actor=None, consultation=consultation, organisation=body)
    return body


def test_an_answer_from_an_invited_body_marks_it_answered(consultation, nacka, registrator):
    response = response_register(
        actor=registrator, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    recipient = Recipient.objects.get(consultation=consultation, organisation=nacka)
    assert recipient.status == RecipientStatus.SVARAT
    assert response.received_at is not None
    assert response.registered_by == registrator
    assert AuditEvent.objects.for_object(response).get().action == "response.registered"


def test_an_answer_from_a_body_not_on_the_list_is_registered_as_spontaneous(consultation):
    stranger = organisation_create(actor=None, name="Föreningen Fri Företagsamhet", kind="annan")
    response_register(
        actor=None, consultation=consultation, organisation=stranger, channel=Channel.POST
    )
    recipient = Recipient.objects.get(consultation=consultation, organisation=stranger)
    assert not recipient.is_invited
    assert recipient.status == RecipientStatus.SVARAT
    assert consultation.recipients.response_rate().spontaneous == 1


def test_an_answer_with_an_unknown_sender_is_kept_and_changes_no_status(consultation, nacka):
    response = response_register(actor=None, consultation=consultation, channel=Channel.EPOST)
    assert response.organisation is None
    assert consultation.recipients.get().status == RecipientStatus.EJ_SVARAT


def test_an_answer_does_not_overwrite_a_status_an_officer_set(consultation, nacka):
    recipient = consultation.recipients.get()
    recipient_set_status(actor=None, recipient=recipient, status=RecipientStatus.AVSTATT)
    response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.AVSTATT


def test_the_case_number_quoted_back_is_compared_by_key(consultation, nacka):
    response = response_register(
        actor=None,
        consultation=consultation,
        organisation=nacka,
        channel=Channel.EPOST,
        quoted_case_number="RS 2020–0780",
        responder_case_number="KFKS 2021/12",
    )
    assert response.quotes_our_case_number is True
    response.quoted_case_number = "RS 2020-0999"
    assert response.quotes_our_case_number is False


def test_a_document_is_stored_byte_for_byte_read_only_with_its_text_per_page(consultation, nacka):
    response = response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    document, created = document_add(
        actor=None, response=response, extracted=extract("yttrande.txt", LETTER)[0]
    )
    assert created
    assert document.sha256 == hashlib.sha256(LETTER).hexdigest()
    assert document.size == len(LETTER)
    assert original_read(document.sha256) == LETTER
    mode = original_path(document.sha256).stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert [p.number for p in document.pages.all()] == [1, 2]
    assert "tillstyrker" in document.pages.get(number=1).text


def test_the_same_file_twice_is_recognised_and_not_stored_twice(consultation, nacka):
    first = response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    second = response_register(actor=None, consultation=consultation, channel=Channel.POST)
    document, _ = document_add(actor=None, response=first, extracted=extract("a.txt", LETTER)[0])
    again, created = document_add(actor=None, response=first, extracted=extract("b.txt", LETTER)[0])
    assert (again, created) == (document, False)
    other, created = document_add(
        actor=None, response=second, extracted=extract("c.txt", LETTER)[0]
    )
    assert created and other.sha256 == document.sha256
    stored = list(original_path(document.sha256).parent.iterdir())
    assert [p.name for p in stored] == [document.sha256]
    assert Document.objects.count() == 2


def test_a_changed_original_is_detected_on_reading(consultation, nacka):
    response = response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    document, _ = document_add(actor=None, response=response, extracted=extract("a.txt", LETTER)[0])
    path = original_path(document.sha256)
    path.chmod(0o644)
    path.write_bytes(LETTER + b"tampered")
    with pytest.raises(OriginalCorrupted):
        original_read(document.sha256)


def test_personal_data_in_a_document_is_listed_with_its_page(consultation, nacka):
    response = response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    letter = b"Yttrande\fKontakt: Anna Andersson, 070-123 45 67, anna.andersson@gmail.com"
    document, _ = document_add(actor=None, response=response, extracted=extract("a.txt", letter)[0])
    kinds = {(hit["kind"], hit["page"]) for hit in document.personal_data}
    assert ("telefon", 2) in kinds
    assert ("e-post", 2) in kinds
