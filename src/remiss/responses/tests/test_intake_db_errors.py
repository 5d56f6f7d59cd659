"""A database error while intake writes one file's receipts or results fails that file alone.

The error is a real one from the real database: a trigger, as a database administrator might
add, refuses certain writes to the receipts table. Nothing of our own code is replaced.
"""

import io
import zipfile

import pytest
from django.db import connection
from django.utils import translation

from remiss.consultations.models import OrganisationKind
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
)
from remiss.file_errors import error_message
from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute
from remiss.responses.models import IntakeItem, IntakeOutcome, Response
from remiss.responses.storage import original_path, sha256_hex
from remiss.runs import RunStatus

pytestmark = pytest.mark.django_db

REFUSED = "fel.txt"  # the file name the trigger refuses


def letter(body: str) -> bytes:
    return (
        f"{body}\n\nYttrande över Näringslivs- och tillväxtstrategi för Stockholmsregionen\n\n"
        f"{body} tillstyrker förslaget i sin helhet.\n"
    ).encode()


@pytest.fixture
def consultation():
    region = organisation_create(actor=None, name="Region Stockholm", kind=OrganisationKind.REGION)
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2020-0780",
        title="Näringslivs- och tillväxtstrategi för Stockholmsregionen",
    )
    for name in ["Huddinge kommun", "Nacka kommun", "Botkyrka kommun"]:
        body = organisation_create(actor=None, name=name, kind=OrganisationKind.KOMMUN)
        recipient_add(actor=None, consultation=consultation, organisation=body)
    return consultation


def refuse_writes(event: str) -> None:
    """A trigger that makes the database refuse ``event`` (INSERT, or UPDATE of the media
    type) of a receipt named fel.txt. It goes with the test's transaction."""
    table = IntakeItem._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER refuse_receipt BEFORE {event} ON {table} "
                f"WHEN NEW.filename = '{REFUSED}' "
                "BEGIN SELECT RAISE(ABORT, 'receipt refused by the database'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_receipt() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'receipt refused by the database'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_receipt BEFORE {event} ON {table} FOR EACH ROW "
                f"WHEN (NEW.filename = '{REFUSED}') EXECUTE FUNCTION refuse_receipt()"
            )


def run_intake(consultation, files):
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=files)
    return intake_run_execute(run=run, files=files)


def test_a_file_whose_result_cannot_be_saved_fails_alone_and_the_others_land(consultation):
    refuse_writes("UPDATE OF media_type")
    files = [
        IncomingFile("huddinge.txt", letter("Huddinge kommun")),
        IncomingFile(REFUSED, letter("Nacka kommun")),
        IncomingFile("botkyrka.txt", letter("Botkyrka kommun")),
    ]

    run = run_intake(consultation, files)

    assert run.status == RunStatus.KLAR and run.files_done == 3
    receipts = {item.filename: item for item in run.items.all()}
    assert receipts["huddinge.txt"].outcome == IntakeOutcome.REGISTRERAD
    assert receipts["botkyrka.txt"].outcome == IntakeOutcome.REGISTRERAD
    failed = receipts[REFUSED]
    assert failed.outcome == IntakeOutcome.FEL and failed.error_code == "database"
    assert "receipt refused by the database" in failed.error_detail
    with translation.override("sv"):
        assert failed.error_message == error_message("database") != error_message("internal")
    senders = sorted(answer.organisation.name for answer in Response.objects.all())
    assert senders == ["Botkyrka kommun", "Huddinge kommun"]


def test_a_zip_whose_member_receipt_is_refused_leaves_nothing_half_stored(consultation):
    refuse_writes("INSERT")
    inside = letter("Nacka kommun")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("nacka.txt", inside)  # registered first, then rolled back
        archive.writestr(REFUSED, letter("Botkyrka kommun"))
    files = [
        IncomingFile("svar.zip", buffer.getvalue()),
        IncomingFile("huddinge.txt", letter("Huddinge kommun")),
    ]

    run = run_intake(consultation, files)

    assert run.status == RunStatus.KLAR
    [zip_item, huddinge] = run.items.order_by("position")
    assert zip_item.outcome == IntakeOutcome.FEL and zip_item.error_code == "database"
    assert not run.items.filter(parent=zip_item).exists()  # its member receipts rolled back
    assert huddinge.outcome == IntakeOutcome.REGISTRERAD
    assert [answer.organisation.name for answer in Response.objects.all()] == ["Huddinge kommun"]
    assert not original_path(sha256_hex(inside)).exists()  # the rolled-back original is gone
    assert original_path(sha256_hex(files[1].data)).exists()
