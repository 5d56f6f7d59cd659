"""Publishing the compilation: the snapshot, the masked renditions, the public pages."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.audit.models import AuditEvent
from remiss.compilation.masking import MARKER, mask_pages, name_pattern, signatory_names
from remiss.compilation.models import MaskedDocument, Publication
from remiss.compilation.services import (
    REPLACED,
    masking_preview,
    publication_publish,
    publication_withdraw,
)
from remiss.consultations.services import consultation_create, organisation_create, recipient_add
from remiss.responses.models import Channel
from remiss.responses.services import document_add, response_register
from remiss.responses.storage import original_path, original_read
from remiss.textkit.extract import extract

PERSONNUMMER = "19811218-9876"
PERSON = "Karin Lindqvist"

NACKA_LETTER = """Nacka kommun
Kommunstyrelsen

Yttrande över strategin, RS 2021-0001

Nacka kommun tillstyrker förslaget. Kommunen vill att regionen satsar mer på kollektivtrafik.

Frågor besvaras av Per Holm, 08-718 80 00, registrator@nacka.se
""".encode()

PERSON_LETTER = f"""Synpunkter på strategin, RS 2021-0001

Jag avstyrker förslaget. Regionen borde bygga fler cykelvägar i Nacka.

Med vänlig hälsning
{PERSON}
Personnummer {PERSONNUMMER}
Telefon 070-123 45 67
E-post karin.lindqvist@gmail.com
""".encode()


# --- masking, pure ---------------------------------------------------------------------------


def test_mask_pages_replaces_personal_data_with_a_visible_marker_and_keeps_the_rest():
    pages, masked = mask_pages(
        [f"Pnr {PERSONNUMMER}.", "Ring 070-123 45 67 eller skriv till anna.berg@gmail.com."],
        names=[],
    )
    assert pages == [f"Pnr {MARKER}.", f"Ring {MARKER} eller skriv till {MARKER}."]
    assert masked == [
        {"kind": "personnummer", "page": 1},
        {"kind": "telefon", "page": 2},
        {"kind": "e-post", "page": 2},
    ]


def test_mask_pages_leaves_shared_mailboxes_and_case_numbers_alone():
    text = "Svar till registrator@nacka.se, dnr KFKS 2021/123, org.nr 212000-0167."
    assert mask_pages([text], names=[]) == ([text], [])


def test_a_name_is_masked_however_it_is_written_but_not_inside_other_words():
    text = (
        "KARIN LINDQVIST skriver.\nKarin\nLindqvist. Lindqvist, Karin. "
        "Karin Lindqvists hus. Karinlund."
    )
    pages, masked = mask_pages([text], names=[PERSON, "karin lindqvist"])
    assert "lindqvist" not in pages[0].lower()
    assert pages[0].count(MARKER) == 4
    assert "Karinlund" in pages[0]
    assert {item["kind"] for item in masked} == {"namn"}


def test_the_masked_list_never_holds_the_value():
    _, masked = mask_pages([f"{PERSON} {PERSONNUMMER}"], names=[PERSON])
    assert all(set(item) == {"kind", "page"} for item in masked)
    assert PERSONNUMMER not in str(masked) and PERSON not in str(masked)


def test_a_single_letter_is_no_name_and_signatories_come_from_the_facts():
    assert name_pattern("K") is None and name_pattern("  ") is None
    facts = {"signatories": [{"name": "Per Holm", "title": "kommundirektör"}, {"title": "x"}]}
    assert signatory_names(facts) == ["Per Holm"]
    assert signatory_names({}) == [] and signatory_names(None) == []


# --- services ---------------------------------------------------------------------------------


@pytest.fixture
def case(db):
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    consultation = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2021-0001", title="Strategi"
    )
    nacka = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    recipient_add(actor=None, consultation=consultation, organisation=nacka)
    person = organisation_create(actor=None, name=PERSON, kind="privatperson")
    answer = response_register(
        actor=None, consultation=consultation, organisation=nacka, channel=Channel.EPOST
    )
    document_add(actor=None, response=answer, extracted=extract("nacka.txt", NACKA_LETTER)[0])
    private = response_register(
        actor=None, consultation=consultation, organisation=person, channel=Channel.EPOST
    )
    document_add(
        actor=None,
        response=private,
        extracted=extract("synpunkter.txt", PERSON_LETTER)[0],
        facts={"signatories": [{"name": "K. Lindqvist-Berg", "title": ""}]},
    )
    run = analysis_run_create(actor=None, consultation=consultation)
    analysis_run_execute(run=run)
    return consultation


def _masked(publication, organisation_name):
    return publication.documents.get(document__response__organisation__name=organisation_name)


def test_publishing_freezes_the_compilation_and_masks_every_document(case, handlaggare):
    publication = publication_publish(actor=handlaggare, consultation=case)
    assert publication.is_current and publication.published_by == handlaggare
    assert publication.snapshot  # the open data of the compilation
    assert publication.documents.count() == 2
    private = _masked(publication, PERSON)
    text = "\n".join(private.pages)
    for value in (PERSONNUMMER, "070-123 45 67", "karin.lindqvist@gmail.com", PERSON):
        assert value not in text
    assert MARKER in text and "cykelvägar" in text
    kinds = {item["kind"] for item in private.masked}
    assert kinds == {"personnummer", "telefon", "e-post", "namn"}
    event = AuditEvent.objects.get(action="compilation.published")
    assert event.object_pk == str(publication.pk) and event.actor == handlaggare


def test_an_organisations_name_is_kept_and_a_private_persons_is_masked(case, handlaggare):
    publication = publication_publish(actor=handlaggare, consultation=case)
    nacka = "\n".join(_masked(publication, "Nacka kommun").pages)
    assert "Nacka kommun tillstyrker" in nacka and "Per Holm" in nacka
    assert "08-718 80 00" not in nacka  # a phone number is personal wherever it is
    assert "registrator@nacka.se" in nacka  # a shared mailbox is not
    private = "\n".join(_masked(publication, PERSON).pages)
    assert "Lindqvist" not in private


def test_a_signatory_of_a_private_persons_letter_is_masked(case, handlaggare):
    document = case.responses.get(organisation__name=PERSON).documents.get()
    page = document.pages.get()
    page.text += "\nUnderskrift: K. Lindqvist-Berg"
    page.save()
    publication = publication_publish(actor=handlaggare, consultation=case)
    assert "Lindqvist-Berg" not in "\n".join(_masked(publication, PERSON).pages)


def test_the_original_and_its_text_stay_unchanged(case, handlaggare):
    document = case.responses.get(organisation__name=PERSON).documents.get()
    texts = [page.text for page in document.pages.all()]
    publication_publish(actor=handlaggare, consultation=case)
    document.refresh_from_db()
    assert hashlib.sha256(original_path(document.sha256).read_bytes()).hexdigest() == (
        document.sha256
    )
    assert original_read(document.sha256) == PERSON_LETTER
    assert [page.text for page in document.pages.all()] == texts
    assert PERSONNUMMER in texts[0] and PERSON in texts[0]


def test_the_snapshot_names_private_persons_privatperson_n(case, handlaggare):
    publication = publication_publish(actor=handlaggare, consultation=case)
    snapshot = str(publication.snapshot)
    assert PERSON not in snapshot and "Lindqvist" not in snapshot
    assert "Privatperson 1" in snapshot
    assert "Nacka kommun" in snapshot


def test_publishing_again_replaces_the_current_publication(case, handlaggare):
    first = publication_publish(actor=handlaggare, consultation=case)
    second = publication_publish(actor=handlaggare, consultation=case)
    first.refresh_from_db()
    assert not first.is_current and first.withdrawn_reason == REPLACED
    assert list(Publication.objects.current()) == [second]
    assert AuditEvent.objects.filter(action="compilation.published").count() == 2
    assert AuditEvent.objects.filter(action="compilation.withdrawn").count() == 1


def test_withdrawing_needs_a_reason_in_swedish_and_is_audited(case, handlaggare):
    publication = publication_publish(actor=handlaggare, consultation=case)
    with pytest.raises(ValidationError) as error:
        publication_withdraw(actor=handlaggare, publication=publication, reason="  ")
    assert "Ange varför" in str(error.value)
    publication.refresh_from_db()
    assert publication.is_current
    publication_withdraw(actor=handlaggare, publication=publication, reason="Fel i bilaga")
    publication.refresh_from_db()
    assert not publication.is_current and publication.withdrawn_by == handlaggare
    assert publication.withdrawn_reason == "Fel i bilaga"
    event = AuditEvent.objects.get(action="compilation.withdrawn")
    assert event.changes["reason"] == "Fel i bilaga"
    with pytest.raises(ValidationError):
        publication_withdraw(actor=handlaggare, publication=publication, reason="Igen")


def test_the_preview_counts_what_publishing_would_mask(case):
    rows = {row.body: row for row in masking_preview(case)}
    assert rows[PERSON].is_private_person and not rows["Nacka kommun"].is_private_person
    assert rows[PERSON].counts == {"namn": 1, "personnummer": 1, "telefon": 1, "e-post": 1}
    assert rows["Nacka kommun"].counts == {"telefon": 1}
    assert not MaskedDocument.objects.exists()  # a preview publishes nothing


# --- views ------------------------------------------------------------------------------------


@pytest.fixture
def lasare(make_user):
    return make_user("lasare", role="lasare")


def test_an_officer_publishes_and_withdraws_through_the_page(client, case, handlaggare):
    client.force_login(handlaggare)
    url = reverse("compilation:publication", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert PERSON in page.content.decode()  # officers see whose answer it is
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 302
    publication = Publication.objects.current().get(consultation=case)
    response = client.post(url, {"action": "withdraw", "reason": ""})
    assert response.status_code == 400
    assert "Ange varför publiceringen dras tillbaka." in response.content.decode()
    client.post(url, {"action": "withdraw", "reason": "Felaktig maskning"})
    publication.refresh_from_db()
    assert publication.withdrawn_reason == "Felaktig maskning"
    history = client.get(url).content.decode()
    assert "Felaktig maskning" in history


def test_a_reader_may_see_the_publication_page_but_not_publish(client, case, lasare):
    client.force_login(lasare)
    url = reverse("compilation:publication", args=[case.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 403
    assert not Publication.objects.exists()


def test_the_publication_page_is_for_officers_only(client, case, respondent):
    url = reverse("compilation:publication", args=[case.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert client.post(url, {"action": "publish"}).status_code == 302
    client.force_login(respondent)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "publish"}).status_code == 403
    assert not Publication.objects.exists()


def test_nothing_is_public_before_publishing_and_after_withdrawal(client, case, handlaggare):
    public = reverse("compilation:public_consultation", args=[case.pk])
    document = case.responses.get(organisation__name=PERSON).documents.get()
    document_url = reverse("compilation:public_document", args=[case.pk, document.pk])
    assert client.get(public).status_code == 404
    assert client.get(document_url).status_code == 404
    assert case.title not in client.get(reverse("compilation:public_list")).content.decode()

    publication = publication_publish(actor=handlaggare, consultation=case)
    page = client.get(public)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Privatperson 1" in html and PERSON not in html
    assert document_url in html
    assert case.title in client.get(reverse("compilation:public_list")).content.decode()
    masked = client.get(document_url)
    assert masked.status_code == 200
    body = masked.content.decode()
    assert MARKER in body and PERSONNUMMER not in body and PERSON not in body
    assert "offentlighetsprincipen" in body

    publication_withdraw(actor=handlaggare, publication=publication, reason="Fel")
    assert client.get(public).status_code == 404
    assert client.get(document_url).status_code == 404
    assert case.title not in client.get(reverse("compilation:public_list")).content.decode()


def test_the_public_pages_show_no_officer_navigation(client, case, handlaggare):
    publication_publish(actor=handlaggare, consultation=case)
    html = client.get(reverse("compilation:public_consultation", args=[case.pk])).content.decode()
    assert reverse("consultations:list") not in html
    assert reverse("compilation:workspace", args=[case.pk]) not in html
    assert reverse("compilation:publication", args=[case.pk]) not in html


def test_a_document_of_another_consultation_is_not_reachable_through_a_published_one(
    client, case, handlaggare
):
    publication_publish(actor=handlaggare, consultation=case)
    region = case.remitting_organisation
    other = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2021-0002", title="Annan"
    )
    answer = response_register(actor=None, consultation=other, channel=Channel.POST)
    secret, _ = document_add(
        actor=None, response=answer, extracted=extract("annat.txt", PERSON_LETTER)[0]
    )
    url = reverse("compilation:public_document", args=[case.pk, secret.pk])
    assert client.get(url).status_code == 404
    publication_publish(actor=handlaggare, consultation=other)
    assert client.get(url).status_code == 404  # published, but under its own consultation
    own = reverse("compilation:public_document", args=[other.pk, secret.pk])
    assert client.get(own).status_code == 200
