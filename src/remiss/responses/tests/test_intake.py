"""Intake end to end on real files the tests make: the Huddinge answer in four forms and a set
of broken files, through `remiss ingest` and through the upload page."""

import json
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from remiss.consultations.models import OrganisationKind, RecipientStatus
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
)
from remiss.responses.intake import (
    IncomingFile,
    intake_run_create,
    intake_run_execute,
    intake_run_report,
)
from remiss.responses.models import Channel, Document, IntakeOutcome, Response
from remiss.responses.storage import original_path
from remiss.textkit.extract import ocr_available
from remiss.textkit.tests import builders

pytestmark = pytest.mark.django_db

TITLE = "Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen"


@pytest.fixture
def consultation():
    region = organisation_create(actor=None, name="Region Stockholm", kind=OrganisationKind.REGION)
    consultation = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2020-0780", title=TITLE
    )
    for name, short in [("Huddinge kommun", "Huddinge"), ("Nacka kommun", "Nacka")]:
        body = organisation_create(
            actor=None,
            name=name,
            kind=OrganisationKind.KOMMUN,
            short_name=short,
            aliases=[short, f"Kommunstyrelsen i {short}"],
        )
        recipient_add(actor=None, consultation=consultation, organisation=body)
    return consultation


@pytest.fixture(scope="module")
def huddinge_pdf() -> bytes:
    return builders.text_pdf()


@pytest.fixture(scope="module")
def huddinge_scan(huddinge_pdf) -> bytes:
    import pypdfium2 as pdfium

    pages = list(range(len(pdfium.PdfDocument(huddinge_pdf))))
    return builders.image_only_pdf(builders.scan_images(huddinge_pdf, pages))


def huddinge_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    for paragraph in builders.huddinge_text().split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def broken_files() -> dict[str, bytes]:
    return {
        "tom.pdf": b"",
        "avbruten.pdf": builders.text_pdf()[:900],
        "program.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
        "losenord.pdf": builders.encrypted_pdf(
            "Hemligt yttrande", user_password=b"hemligt", owner_password=b"agare"
        ),
        "entiteter.docx": builders.docx_with_document_xml(builders.EXTERNAL_ENTITY),
    }


def test_a_zip_of_four_copies_and_five_broken_files_gives_one_answer_and_five_reasons(
    consultation, huddinge_pdf, huddinge_scan, tmp_path, capsys
):
    if not ocr_available():
        pytest.skip("tesseract with Swedish data is not installed (apt tesseract-ocr-swe)")
    mail = builders.email_bytes({"yttrande.pdf": (huddinge_pdf, "application/pdf")})
    members = {
        "huddinge.pdf": huddinge_pdf,
        "huddinge-skannad.pdf": huddinge_scan,
        "huddinge.docx": huddinge_docx(),
        "svar.eml": mail,
        **broken_files(),
    }
    archive = tmp_path / "svar.zip"
    archive.write_bytes(builders.zip_bytes(members))

    with pytest.raises(SystemExit) as exit_code:
        call_command("ingest", str(archive), "--consultation", "RS 2020–0780", "--format", "json")
    assert exit_code.value.code == 1  # some files could not be read
    report = json.loads(capsys.readouterr().out)

    answers = Response.objects.filter(consultation=consultation)
    assert answers.count() == 1
    answer = answers.get()
    assert answer.organisation.name == "Huddinge kommun"
    assert answer.letter_date == date(2021, 1, 21)
    letter = answer.documents.exclude(facts={}).first()
    names = {s["name"] for s in letter.facts["signatories"]}
    assert {"Camilla Broo", "Patrik Forshage"} <= names
    assert letter.facts["consultation_reference"]["method"] == "title"
    huddinge = consultation.recipients.get(organisation__name="Huddinge kommun")
    assert huddinge.status == RecipientStatus.SVARAT

    by_name = {entry["name"]: entry for entry in report["files"]}
    assert by_name["svar.zip"]["outcome"] == IntakeOutcome.BEHALLARE
    copies = [by_name[n] for n in ["huddinge.pdf", "huddinge-skannad.pdf", "huddinge.docx"]]
    assert {c["answer"]["id"] for c in copies} == {str(answer.pk)}
    assert by_name["svar.eml"]["answer"]["id"] == str(answer.pk)
    expected_errors = {
        "tom.pdf": "empty",
        "avbruten.pdf": "corrupt",
        "program.pdf": "mismatched_type",
        "losenord.pdf": "encrypted",
        "entiteter.docx": "xml_forbidden",
    }
    for name, code in expected_errors.items():
        assert by_name[name]["outcome"] == IntakeOutcome.FEL, name
        assert by_name[name]["error_code"] == code, name
        assert by_name[name]["error"], name  # a message for people, in Swedish
    assert report["summary"]["failed"] == 5
    assert report["summary"]["answers_registered"] == 1
    # Every receipt has name, size, SHA-256 and time; no broken file was stored.
    for entry in report["files"]:
        assert entry["size"] is not None and len(entry["sha256"]) == 64 and entry["received_at"]
    for name in expected_errors:
        assert not original_path(by_name[name]["sha256"]).exists()
    stored = {d.sha256 for d in Document.objects.all()}
    assert all(original_path(sha).exists() for sha in stored)


def test_the_broken_files_are_named_in_swedish_in_the_text_output(consultation, tmp_path, capsys):
    folder = tmp_path / "inkommet"
    folder.mkdir()
    for name, data in broken_files().items():
        (folder / name).write_bytes(data)
    (folder / "svar.txt").write_text(builders.huddinge_text(), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("ingest", str(folder), "--consultation", "RS 2020-0780")
    out = capsys.readouterr().out
    assert "Filen är tom." in out
    assert "lösenord" in out
    assert Response.objects.get().organisation.name == "Huddinge kommun"


def test_the_same_file_twice_is_reported_and_stored_once(consultation):
    text = builders.huddinge_text().encode()
    for _ in range(2):
        run = intake_run_create(
            actor=None,
            consultation=consultation,
            channel=Channel.EPOST,
            files=[IncomingFile("svar.txt", text)],
        )
        intake_run_execute(run=run, files=[IncomingFile("svar.txt", text)])
    report = intake_run_report(run)
    assert report["files"][0]["outcome"] == IntakeOutcome.DUBBLETT
    assert Document.objects.count() == 1
    assert Response.objects.count() == 1


def test_an_answer_from_a_municipality_not_on_the_list_is_spontaneous(consultation):
    letter = (
        "Tyresö kommun\n\nYttrande över Näringslivs- och tillväxtstrategi\n\n"
        "Tyresö kommun tillstyrker förslaget.\n"
    )
    run = intake_run_create(
        actor=None,
        consultation=consultation,
        channel=Channel.EPOST,
        files=[IncomingFile("tyreso.txt", letter.encode())],
    )
    intake_run_execute(run=run, files=[IncomingFile("tyreso.txt", letter.encode())])
    answer = Response.objects.get()
    assert answer.organisation.name == "Tyresö kommun"
    recipient = consultation.recipients.get(organisation=answer.organisation)
    assert not recipient.is_invited
    assert recipient.status == RecipientStatus.SVARAT


def test_an_answer_that_cannot_be_matched_waits_for_an_officer(consultation, client, registrator):
    letter = "Yttrande\n\nVi har inga synpunkter.\n"
    files = [IncomingFile("okand.txt", letter.encode())]
    run = intake_run_create(
        actor=None, consultation=consultation, channel=Channel.EPOST, files=files
    )
    intake_run_execute(run=run, files=files)
    answer = Response.objects.get()
    assert answer.organisation is None
    assert intake_run_report(run)["files"][0]["outcome"] == IntakeOutcome.REGISTRERAD

    client.force_login(registrator)
    page = client.get(reverse("responses:detail", args=[answer.pk])).content.decode()
    assert "Vem skickade svaret?" in page
    nacka = consultation.recipients.get(organisation__name="Nacka kommun").organisation
    client.post(
        reverse("responses:assign_organisation", args=[answer.pk]),
        {"organisation": nacka.pk},
    )
    answer.refresh_from_db()
    assert answer.organisation == nacka
    assert consultation.recipients.get(organisation=nacka).status == RecipientStatus.SVARAT


def test_an_officer_uploads_several_files_and_sees_a_receipt_for_each(
    consultation, client, registrator, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(registrator)
    url = reverse("responses:intake", args=[consultation.pk])
    assert client.get(url).status_code == 200
    uploads = [
        SimpleUploadedFile("svar.txt", builders.huddinge_text().encode(), "text/plain"),
        SimpleUploadedFile("tom.pdf", b"", "application/pdf"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"files": uploads})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "svar.txt" in page and "tom.pdf" in page
    assert "Filen är tom." in page
    assert "Klar" in page
    assert Response.objects.get().organisation.name == "Huddinge kommun"


def test_a_reader_cannot_upload_and_an_empty_form_says_why(consultation, client, make_user):
    reader = make_user("lasare", role="lasare")
    url = reverse("responses:intake", args=[consultation.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 403
    officer = make_user("handlaggare2", role="handlaggare")
    client.force_login(officer)
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Välj minst en fil." in response.content.decode()


def test_a_file_over_the_size_limit_is_measured_but_never_read(consultation, settings):
    settings.REMISS_MAX_UPLOAD_BYTES = 100
    big = IncomingFile("stor.txt", b"", oversize=10_000, oversize_sha256="a" * 64)
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=[big])
    intake_run_execute(run=run, files=[big])
    entry = intake_run_report(run)["files"][0]
    assert (entry["outcome"], entry["error_code"], entry["size"]) == ("fel", "too_large", 10_000)


def test_a_zip_bomb_is_refused_and_the_rest_of_the_delivery_lands(consultation):
    bomb = builders.zip_bytes({"noll.txt": b"\0" * (20 * 1024 * 1024)})
    files = [
        IncomingFile("bomb.zip", bomb),
        IncomingFile("svar.txt", builders.huddinge_text().encode()),
    ]
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=files)
    intake_run_execute(run=run, files=files)
    report = intake_run_report(run)
    outcomes = {entry["name"]: (entry["outcome"], entry["error_code"]) for entry in report["files"]}
    assert outcomes["bomb.zip"] == ("fel", "zip_bomb")
    assert outcomes["svar.txt"][0] == IntakeOutcome.REGISTRERAD
    assert zipfile.is_zipfile(__import__("io").BytesIO(bomb))


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_a_worker_claims_an_uploaded_delivery_from_the_database(consultation, settings):
    from remiss.responses.tasks import intake_run_process
    from remiss.runs import RunStatus

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    files = [IncomingFile("svar.txt", builders.huddinge_text().encode())]
    run = intake_run_create(
        actor=None, consultation=consultation, channel="uppladdning", files=files, spool=True
    )
    intake_run_process.enqueue(str(run.pk))
    run.refresh_from_db()
    assert run.status == RunStatus.VANTAR  # nothing happens until a worker runs

    call_command("worker", "--batch")
    run.refresh_from_db()
    assert run.status == RunStatus.KLAR
    assert Response.objects.get().organisation.name == "Huddinge kommun"
    assert not (settings.INTAKE_SPOOL_DIR / str(run.pk)).exists()  # spooled bytes removed
