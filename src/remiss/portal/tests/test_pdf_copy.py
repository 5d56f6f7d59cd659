"""The submitted answer's PDF copy and receipt e-mail, made by a task after the request."""

import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from remiss.audit.models import AuditEvent
from remiss.portal.models import PortalAnswer, Position
from remiss.portal.services import RenditionFailed
from remiss.portal.tasks import portal_answer_finish
from remiss.responses.storage import original_read

from .test_portal import fill_and_submit, pdf_text

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RECEIPT_HASH = re.compile(r'class="receipt-hash">([0-9a-f]{64})<')


def submit_without_running_the_task(client, case, settings) -> PortalAnswer:
    settings.TASKS = DUMMY  # the task is enqueued but nothing runs it
    return fill_and_submit(
        client,
        case,
        case.kommun,
        case.kommun_token,
        Position.AVSTYRKER,
        summary="Förslaget saknar finansiering.",
    )


def finish(answer: PortalAnswer) -> dict:
    """Run the task's work as a worker would (the enqueued call, run here)."""
    return portal_answer_finish.call(str(answer.pk), str(answer.invitation_id))


def test_the_receipt_hash_is_that_of_the_stored_original(client, case, settings):
    answer = submit_without_running_the_task(client, case, settings)
    receipt = client.get(reverse("portal:receipt", args=[answer.pk])).content.decode()
    shown = RECEIPT_HASH.search(receipt).group(1)
    stored = original_read(shown)
    assert hashlib.sha256(stored).hexdigest() == shown == answer.receipt_sha256
    assert answer.response.documents.get(sha256=shown).size == len(stored)
    assert "Förslaget saknar finansiering." in stored.decode("utf-8")


def test_the_receipt_says_the_pdf_follows_until_the_task_has_made_it(
    client, case, settings, mailoutbox
):
    answer = submit_without_running_the_task(client, case, settings)
    assert answer.pdf_sha256 == ""
    assert mailoutbox == []
    receipt = client.get(reverse("portal:receipt", args=[answer.pk])).content.decode()
    assert 'class="pdf-pending"' in receipt
    assert reverse("portal:answer_pdf", args=[answer.pk]) not in receipt
    assert client.get(reverse("portal:answer_pdf", args=[answer.pk])).status_code == 404

    outcome = finish(answer)
    answer.refresh_from_db()
    assert outcome == {"answer": str(answer.pk), "pdf": answer.pdf_sha256, "mailed": True}
    pdf = original_read(answer.pdf_sha256)
    assert pdf.startswith(b"%PDF")
    assert "Exempelby kommun avstyrker förslaget." in pdf_text(pdf)
    receipt = client.get(reverse("portal:receipt", args=[answer.pk])).content.decode()
    assert 'class="pdf-pending"' not in receipt
    assert answer.pdf_sha256 in receipt
    download = client.get(reverse("portal:answer_pdf", args=[answer.pk]))
    assert hashlib.sha256(download.content).hexdigest() == answer.pdf_sha256
    # The received original is untouched and is still the answer's one main document.
    assert RECEIPT_HASH.search(receipt).group(1) == answer.receipt_sha256
    assert not answer.response.documents.filter(sha256=answer.pdf_sha256).exists()


def test_the_receipt_mail_carries_both_hashes_and_the_pdf(client, case, settings, mailoutbox):
    answer = submit_without_running_the_task(client, case, settings)
    finish(answer)
    answer.refresh_from_db()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert answer.receipt_sha256 in mail.body
    assert answer.pdf_sha256 in mail.body
    assert set(mail.to) == {"karin@exempelby.example", "registrator@exempelby.example"}
    [(name, content, media_type)] = mail.attachments
    assert (name, media_type) == ("RS 2025-0101 Exempelby kommun.pdf", "application/pdf")
    assert hashlib.sha256(content).hexdigest() == answer.pdf_sha256
    assert answer.receipt_sent_at is not None


def test_running_the_task_twice_makes_one_pdf_and_sends_one_mail(
    client, case, settings, mailoutbox
):
    answer = submit_without_running_the_task(client, case, settings)
    first = finish(answer)
    second = finish(answer)
    assert first["mailed"] is True and second["mailed"] is False
    assert first["pdf"] == second["pdf"] != ""
    assert len(mailoutbox) == 1
    for action in ("pdf_made", "receipt_sent"):
        assert (
            AuditEvent.objects.filter(
                action=f"portal_answer.{action}", object_pk=str(answer.pk)
            ).count()
            == 1
        )


def test_a_pdf_engine_failure_loses_nothing_and_the_next_run_makes_the_pdf(
    client, case, settings, mailoutbox, tmp_path, caplog
):
    answer = submit_without_running_the_task(client, case, settings)
    broken = tmp_path / "broken-templates" / "portal"
    broken.mkdir(parents=True)
    (broken / "answer_document.html").write_text("{% if %}", encoding="utf-8")
    working = settings.TEMPLATES
    settings.TEMPLATES = [{**working[0], "DIRS": [broken.parent, *working[0]["DIRS"]]}]

    with pytest.raises(RenditionFailed):
        finish(answer)
    assert "run the task again" in caplog.text
    answer.refresh_from_db()
    assert answer.is_submitted and answer.pdf_sha256 == "" and answer.receipt_sent_at is None
    assert original_read(answer.receipt_sha256)
    assert mailoutbox == []

    with pytest.raises(CommandError):  # `remiss portal_finish` fails again while it is broken
        call_command("portal_finish", "--now")

    settings.TEMPLATES = working
    out = io.StringIO()
    call_command("portal_finish", "--now", stdout=out)
    assert "1 of 1" in out.getvalue()
    answer.refresh_from_db()
    assert answer.pdf_sha256 and len(mailoutbox) == 1
    call_command("portal_finish", "--now", stdout=io.StringIO())  # nothing left: no second mail
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)  # the worker sees only what was committed
def test_a_committed_submission_gets_its_pdf_when_a_worker_runs_later(client, settings, mailoutbox):
    """On PostgreSQL in CI's second run: the task row commits with the submission."""
    from .conftest import make_case

    case = make_case()
    settings.TASKS = DATABASE
    answer = fill_and_submit(client, case, case.kommun, case.kommun_token, Position.TILLSTYRKER)
    assert answer.is_submitted and answer.receipt_sha256
    assert answer.pdf_sha256 == "" and mailoutbox == []

    call_command("worker", "--batch")
    answer.refresh_from_db()
    assert answer.pdf_sha256
    assert "Exempelby kommun tillstyrker förslaget." in pdf_text(original_read(answer.pdf_sha256))
    assert [
        hashlib.sha256(content).hexdigest() for _n, content, _t in mailoutbox[0].attachments
    ] == [answer.pdf_sha256]

    call_command("worker", "--batch")  # nothing is left to run: no second PDF or mail
    assert len(mailoutbox) == 1
