"""The officer's pages of a consultation round, through Django's test client: creating a
consultation from a real Word draft, its parts and versions, the sändlista and the invitations."""

import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from remiss.consultations.drafts import (
    DraftUnreadable,
    draft_propose_sections,
    draft_version_record,
)
from remiss.consultations.invitations import invitation_from_token
from remiss.consultations.models import Consultation, DraftVersion, Invitation, Organisation
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    section_add,
)
from remiss.file_errors import error_message

pytestmark = pytest.mark.django_db

DEADLINE = date.today() + timedelta(days=100)  # over three months: no reason needed
DRAFT = [
    ("1 Utgångsläge", "Stockholmsregionen är Sveriges tillväxtmotor."),
    ("2 Strategisk inriktning", "Strategin har fyra inriktningsområden."),
    ("2.1 Forskning och innovation", "Regionen ska stärka forskning och innovation."),
    ("2.2 Små och medelstora företag", "Företagen behöver kapital och rådgivning."),
    ("3 Genomförande", "Handlingsplaner tas fram med regionens aktörer."),
]


def draft_docx() -> bytes:
    document = Document()
    document.add_heading("Näringslivs- och tillväxtstrategi", 0)
    for heading, text in DRAFT:
        document.add_heading(heading, level=heading.count(".") + 1)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def lasare(make_user):
    return make_user("lasare", role="lasare")


@pytest.fixture
def region(db):
    return organisation_create(actor=None, name="Region Stockholm", kind="region")


@pytest.fixture
def consultation(region):
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2020-0780",
        title="Näringslivs- och tillväxtstrategi",
        deadline=DEADLINE,
        answer_email="registrator.lsf@sll.se",
    )
    chapter = section_add(actor=None, consultation=consultation, number="1", title="Utgångsläge")
    section_add(
        actor=None,
        consultation=consultation,
        number="1.1",
        title="Regionens styrkor",
        text="Regionen har starka universitet.",
        parent=chapter,
        position=1,
    )
    for name, email in [("Huddinge kommun", "ks@huddinge.se"), ("Nacka kommun", "")]:
        organisation = organisation_create(actor=None, name=name, kind="kommun", email=email)
        recipient_add(actor=None, consultation=consultation, organisation=organisation)
    return consultation


def read_pages(consultation):
    return [
        reverse("consultations:sections", args=[consultation.pk]),
        reverse("consultations:versions", args=[consultation.pk]),
        reverse("consultations:sandlista", args=[consultation.pk]),
    ]


def change_posts(consultation):
    recipient = consultation.recipients.first()
    args = [consultation.pk]
    return [
        reverse("consultations:create"),
        reverse("consultations:sections", args=args),
        reverse("consultations:versions", args=args),
        reverse("consultations:sandlista_add", args=args),
        reverse("consultations:sandlista_import", args=args),
        reverse("consultations:sandlista_preset", args=args),
        reverse("consultations:invitations_send", args=args),
        reverse("consultations:recipient_deadline", args=[*args, recipient.pk]),
        reverse("consultations:invitation_resend", args=[*args, recipient.pk]),
        reverse("consultations:invitation_revoke", args=[*args, recipient.pk]),
    ]


# --- who may do what


def test_an_anonymous_visitor_is_sent_to_log_in(client, consultation):
    for url in [reverse("consultations:create"), *read_pages(consultation)]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response.url, url
    for url in change_posts(consultation):
        assert client.post(url).status_code == 302, url
    assert not Invitation.objects.exists()


def test_someone_without_an_officer_role_is_refused(client, consultation, respondent):
    client.force_login(respondent)
    for url in [reverse("consultations:create"), *read_pages(consultation)]:
        assert client.get(url).status_code == 403, url
    for url in change_posts(consultation):
        assert client.post(url).status_code == 403, url


def test_a_reader_may_read_but_not_change(client, consultation, lasare):
    client.force_login(lasare)
    for url in read_pages(consultation):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'method="post"' not in response.content.split(b"<main")[1].split(b"<footer")[0]
    assert client.get(reverse("consultations:create")).status_code == 403
    for url in change_posts(consultation):
        assert client.post(url).status_code == 403, url
    listing = client.get(reverse("consultations:list")).content.decode()
    assert reverse("consultations:create") not in listing


@pytest.mark.parametrize("role", ["registrator", "handlaggare"])
def test_registrars_and_case_officers_reach_every_page(client, consultation, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in [reverse("consultations:create"), *read_pages(consultation)]:
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("consultations:list")).content.decode()
    assert reverse("consultations:create") in listing
    detail = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    for url in read_pages(consultation):
        assert url in detail
    for format in ("docx", "pdf"):
        assert reverse("consultations:missiv", args=[consultation.pk, format]) in detail


# --- a new consultation from a Word draft


def consultation_data(region, **extra) -> dict:
    return {
        "remitting_organisation": str(region.pk),
        "case_number_raw": "RS 2024-0101",
        "title": "Regional utvecklingsstrategi",
        "summary": "Ett förslag till strategi.",
        "sent_on": date.today().isoformat(),
        "deadline": DEADLINE.isoformat(),
        "answer_email": "registrator@regionstockholm.se",
        "answer_formats": "Word och pdf",
        "answer_instructions": "",
        **extra,
    }


def parts_data(rows: list[dict], prefix: str = "parts") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is False or value is None:
                continue
            data[f"{prefix}-{index}-{key}"] = value
    return data


def proposed_rows(response) -> list[dict]:
    """The proposal as the page shows it: the initial values of each row."""
    parts = response.context["parts"]
    return [
        {name: form[name].value() for name in form.fields if name != "DELETE"}
        for form in parts.forms[: parts.initial_form_count()]
    ]


def test_a_consultation_is_created_from_a_word_draft_after_the_officer_edits_the_parts(
    client, region, handlaggare
):
    client.force_login(handlaggare)
    data = draft_docx()
    upload = SimpleUploadedFile("strategi.docx", data)
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, open_to_all="on", action="propose", draft=upload),
    )
    assert response.status_code == 200
    rows = proposed_rows(response)
    assert [(r["number"], r["title"], r["parent_number"]) for r in rows] == [
        ("1", "Utgångsläge", ""),
        ("2", "Strategisk inriktning", ""),
        ("2.1", "Forskning och innovation", "2"),
        ("2.2", "Små och medelstora företag", "2"),
        ("3", "Genomförande", ""),
    ]
    assert "fyra inriktningsområden" in rows[1]["text"]
    ticket = response.context["ticket"]
    assert ticket and "strategi.docx" in response.content.decode()
    assert not Consultation.objects.filter(case_number_raw="RS 2024-0101").exists()

    rows[2]["title"] = "Forskning, innovation och smart specialisering"
    rows[0]["open_for_comment"] = False
    rows[0]["closed_reason"] = "Utgångsläget har redan remitterats."
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, open_to_all="on", action="create", draft_ticket=ticket)
        | parts_data(rows),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    consultation = Consultation.objects.get(case_number_raw="RS 2024-0101")
    assert response.url == reverse("consultations:detail", args=[consultation.pk])
    assert consultation.open_to_all and consultation.deadline == DEADLINE
    assert consultation.sections.get(number="2.1").title == (
        "Forskning, innovation och smart specialisering"
    )
    assert consultation.sections.get(number="2.2").parent.number == "2"
    closed = consultation.sections.get(number="1")
    assert not closed.open_for_comment and closed.closed_reason.startswith("Utgångsläget")
    [version] = consultation.draft_versions.all()
    assert version.kind == "remissversion" and version.source_filename == "strategi.docx"
    assert version.source_sha256 == hashlib.sha256(data).hexdigest()
    assert len(version.sections) == 5


def test_a_closed_part_without_a_reason_stops_the_creation(client, region, handlaggare):
    client.force_login(handlaggare)
    rows = [
        {"number": "1", "title": "Inledning", "kind": "kapitel", "open_for_comment": False},
    ]
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, action="create") | parts_data(rows),
    )
    assert response.status_code == 400
    assert response.context["parts"].forms[0].errors["closed_reason"]
    assert 'href="#id_parts-0-closed_reason"' in response.content.decode()
    assert not Consultation.objects.filter(case_number_raw="RS 2024-0101").exists()


def test_an_unreadable_draft_is_explained_and_the_parts_can_be_typed_in(
    client, region, handlaggare
):
    client.force_login(handlaggare)
    broken = SimpleUploadedFile("strategi.docx", b"PK\x03\x04 not a real word file")
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, action="propose", draft=broken),
    )
    assert response.status_code == 400
    with pytest.raises(DraftUnreadable) as unreadable:
        draft_propose_sections("strategi.docx", b"PK\x03\x04 not a real word file")
    error = response.context["draft_error"]
    assert error_message(unreadable.value.code) in error
    assert error in response.content.decode()

    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, action="add_row") | parts_data([]),
    )
    assert len(response.context["parts"].forms) == 1
    rows = [
        {"number": "1", "title": "Inledning", "kind": "kapitel", "open_for_comment": True},
        {
            "number": "1.1",
            "title": "Bakgrund",
            "kind": "avsnitt",
            "parent_number": "1",
            "open_for_comment": True,
        },
        {"number": "", "title": "", "kind": "avsnitt", "DELETE": True},
    ]
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, action="create") | parts_data(rows),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(case_number_raw="RS 2024-0101")
    assert consultation.sections.get(number="1.1").parent.number == "1"
    assert consultation.draft_versions.get().source_sha256 == ""


def test_a_part_must_belong_to_a_part_above_it(client, region, handlaggare):
    client.force_login(handlaggare)
    rows = [
        {
            "number": "2.1",
            "title": "Forskning",
            "kind": "avsnitt",
            "parent_number": "2",
            "open_for_comment": True,
        }
    ]
    response = client.post(
        reverse("consultations:create"),
        consultation_data(region, action="create") | parts_data(rows),
    )
    assert response.status_code == 400
    assert response.context["parts"].forms[0].errors["parent_number"]


# --- the parts of an existing consultation, and its versions


def section_rows(consultation) -> list[dict]:
    return [
        {
            "id": str(section.pk),
            "title": section.title,
            "text": section.text,
            "open_for_comment": section.open_for_comment,
            "closed_reason": section.closed_reason,
        }
        for section in consultation.sections.order_by("position", "number")
    ]


def test_parts_are_edited_and_a_closed_part_needs_its_reason(client, consultation, handlaggare):
    client.force_login(handlaggare)
    url = reverse("consultations:sections", args=[consultation.pk])
    rows = section_rows(consultation)
    rows[1]["open_for_comment"] = False
    response = client.post(url, {"action": "save"} | parts_data(rows, "sections"))
    assert response.status_code == 400
    assert 'href="#id_sections-1-closed_reason"' in response.content.decode()
    assert consultation.sections.get(number="1.1").open_for_comment

    rows[1]["closed_reason"] = "Beslutat tidigare."
    rows[1]["text"] = "Regionen har starka universitet och högskolor."
    response = client.post(url, {"action": "save"} | parts_data(rows, "sections"))
    assert response.status_code == 302
    section = consultation.sections.get(number="1.1")
    assert not section.open_for_comment and section.closed_reason == "Beslutat tidigare."
    assert section.text.endswith("och högskolor.")

    response = client.post(
        url, {"action": "add", "new-number": "2", "new-title": "Mål", "new-kind": "kapitel"}
    )
    assert response.status_code == 302 and consultation.sections.get(number="2").title == "Mål"
    response = client.post(
        url, {"action": "add", "new-number": "2", "new-title": "Igen", "new-kind": "kapitel"}
    )
    assert response.status_code == 400


def test_the_adopted_version_is_recorded_and_compared_word_by_word(
    client, consultation, handlaggare
):
    client.force_login(handlaggare)
    draft_version_record(actor=handlaggare, consultation=consultation, kind="remissversion")
    section = consultation.sections.get(number="1.1")
    section.text = "Regionen har starka och många universitet."
    section.save()
    adopted = b"%PDF-1.7 the adopted strategy"
    response = client.post(
        reverse("consultations:versions", args=[consultation.pk]),
        {
            "adopted-label": "Antagen av regionfullmäktige",
            "adopted-decided_on": "2021-06-15",
            "adopted-decided_by_body": "Regionfullmäktige",
            "adopted-decision_case_number": "RS 2021-0100",
            "adopted-file": SimpleUploadedFile("antagen.pdf", adopted),
        },
    )
    assert response.status_code == 302
    version = DraftVersion.objects.get(kind="antagen")
    assert version.source_sha256 == hashlib.sha256(adopted).hexdigest()
    assert version.decided_by_body == "Regionfullmäktige"

    page = client.get(response.url)
    html = page.content.decode()
    assert len(page.context["changes"]) == 1 and page.context["unchanged"] == 1
    hidden = r'<span class="visually-hidden">'
    assert re.search(rf"<ins>{hidden}\[[^<]+</span>och många{hidden}\]</span></ins>", html)
    assert version.sections[1]["text"] == "Regionen har starka och många universitet."


def test_an_adopted_version_needs_its_decision(client, consultation, handlaggare):
    client.force_login(handlaggare)
    response = client.post(reverse("consultations:versions", args=[consultation.pk]), {})
    assert response.status_code == 400
    assert not DraftVersion.objects.exists()


# --- the sändlista


def test_an_import_with_a_wrong_row_adds_nothing_and_names_the_row(
    client, consultation, handlaggare
):
    client.force_login(handlaggare)
    csv = (
        "namn;typ;organisationsnummer;e-post\n"
        "Tyresö kommun;kommun;212000-0142;kommun@tyreso.se\n"
        "Trafikverket;myndighet;202100-6297;trafikverket@trafikverket.se\n"
        "Okänd förening;rymdskepp;;\n"
    ).encode()
    url = reverse("consultations:sandlista_import", args=[consultation.pk])
    response = client.post(url, {"import-file": SimpleUploadedFile("lista.csv", csv)})
    assert response.status_code == 400
    [error] = response.context["import_errors"]
    assert "4" in error and "rymdskepp" in error
    assert error in response.content.decode()
    assert consultation.recipients.count() == 2
    assert not Organisation.objects.filter(name="Tyresö kommun").exists()

    fixed = csv.replace(b"rymdskepp", "civilsamhälle".encode())
    response = client.post(url, {"import-file": SimpleUploadedFile("lista.csv", fixed)})
    assert response.status_code == 302
    assert consultation.recipients.count() == 5
    assert Organisation.objects.get(name="Tyresö kommun").email == "kommun@tyreso.se"


def test_a_preset_adds_the_26_municipalities_of_stockholm_county(client, consultation, handlaggare):
    client.force_login(handlaggare)
    response = client.post(
        reverse("consultations:sandlista_preset", args=[consultation.pk]),
        {"preset-preset": "stockholms-lan"},
    )
    assert response.status_code == 302
    # Huddinge and Nacka were already on the list.
    assert consultation.recipients.filter(organisation__kind="kommun").count() == 26


def test_one_body_is_added_known_or_new(client, consultation, handlaggare):
    client.force_login(handlaggare)
    known = organisation_create(actor=None, name="Vinnova", kind="myndighet")
    url = reverse("consultations:sandlista_add", args=[consultation.pk])
    assert client.post(url, {"add-organisation": str(known.pk)}).status_code == 302
    response = client.post(
        url,
        {
            "add-name": "Stockholms universitet",
            "add-kind": "larosate",
            "add-organisation_number": "202100-3062",
            "add-email": "registrator@su.se",
        },
    )
    assert response.status_code == 302
    names = set(consultation.recipients.values_list("organisation__name", flat=True))
    assert {"Vinnova", "Stockholms universitet"} <= names
    response = client.post(
        url,
        {
            "add-name": "Felaktig myndighet",
            "add-kind": "myndighet",
            "add-organisation_number": "202100-3063",
        },
    )
    assert response.status_code == 400
    assert response.context["add_form"].errors["organisation_number"]
    assert not Organisation.objects.filter(name="Felaktig myndighet").exists()


def test_a_body_gets_a_later_deadline(client, consultation, handlaggare):
    client.force_login(handlaggare)
    recipient = consultation.recipients.get(organisation__name="Huddinge kommun")
    url = reverse("consultations:recipient_deadline", args=[consultation.pk, recipient.pk])
    later = DEADLINE + timedelta(days=14)
    response = client.post(url, {f"{recipient.pk}-deadline": later.isoformat()})
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.extended_deadline == later and recipient.deadline == later
    earlier = DEADLINE - timedelta(days=1)
    response = client.post(url, {f"{recipient.pk}-deadline": earlier.isoformat()})
    assert response.status_code == 400
    recipient.refresh_from_db()
    assert recipient.extended_deadline == later


def test_invitations_are_sent_resent_and_revoked_from_the_page(
    client, consultation, handlaggare, mailoutbox
):
    client.force_login(handlaggare)
    args = [consultation.pk]
    response = client.post(reverse("consultations:invitations_send", args=args))
    assert response.status_code == 302
    [message] = mailoutbox  # Nacka has no e-mail address
    assert "(dnr RS 2020-0780)" in message.subject and message.to == ["ks@huddinge.se"]
    [(_name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    token = re.search(r"/svara/([A-Za-z0-9_\-]+)/", message.body).group(1)
    invitation = invitation_from_token(token)
    assert invitation.recipient.organisation.name == "Huddinge kommun"

    page = client.get(reverse("consultations:sandlista", args=args))
    states = {r.organisation.name: s.code for r, s, _ in page.context["rows"]}
    assert states == {"Huddinge kommun": "sent", "Nacka kommun": "not_sent"}
    assert token not in page.content.decode()

    recipient = invitation.recipient
    client.post(reverse("consultations:invitation_resend", args=[*args, recipient.pk]))
    assert len(mailoutbox) == 2
    client.post(reverse("consultations:invitation_revoke", args=[*args, recipient.pk]))
    assert not Invitation.objects.usable().filter(recipient=recipient).exists()
    assert invitation_from_token(token) is None
    page = client.get(reverse("consultations:sandlista", args=args))
    states = {r.organisation.name: s.code for r, s, _ in page.context["rows"]}
    assert states["Huddinge kommun"] == "revoked"
