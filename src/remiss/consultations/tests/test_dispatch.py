"""Invitations and reminders go out by e-mail through Django's mailer (the locmem outbox in
tests), each with a personal link that really opens the portal's invitation."""

import io
import json
import logging
import re
import smtplib
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command

from remiss.audit.models import AuditEvent
from remiss.consultations.dispatch import invitations_send, reminders_send
from remiss.consultations.invitations import (
    invitation_from_token,
    invitation_revoke,
    recipient_extend_deadline,
)
from remiss.consultations.models import Invitation, Reminder
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    recipient_set_status,
)
from remiss.consultations.tasks import reminders_send_daily
from remiss.rendering import swedish_date
from remiss.textkit.extract import extract

pytestmark = pytest.mark.django_db

# Links stop working some weeks after the deadline, so the round lies ahead of the clock.
DEADLINE = date.today() + timedelta(days=100)  # over three months: no reason needed
DEADLINE_TEXT = swedish_date(DEADLINE)
LINK = re.compile(r"(https?://\S+/svara/([A-Za-z0-9_\-]+)/)")


class RefusingBackend(LocmemBackend):
    """A mail server that refuses one address, as an SMTP server does."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("refuse@") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def round_(handlaggare):
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2020-0780",
        title="Näringslivs- och tillväxtstrategi för Stockholmsregionen",
        deadline=DEADLINE,
        answer_email="registrator.lsf@sll.se",
        answer_formats="Word och pdf",
    )
    bodies = [
        ("Huddinge kommun", "kommunstyrelsen@huddinge.se"),
        ("Nacka kommun", "registrator@nacka.se"),
        ("Tyresö kommun", ""),
    ]
    for name, email in bodies:
        organisation = organisation_create(actor=None, name=name, kind="kommun", email=email)
        recipient_add(actor=None, consultation=consultation, organisation=organisation)
    return consultation


def recipient(consultation, name):
    return consultation.recipients.get(organisation__name=name)


def token_in(message) -> str:
    return LINK.search(message.body).group(2)


def test_each_body_gets_its_own_link_the_case_number_and_the_missiv(
    round_, handlaggare, mailoutbox
):
    result = invitations_send(actor=handlaggare, consultation=round_)

    assert result.sent == ["Huddinge kommun", "Nacka kommun"]
    assert result.without_email == ["Tyresö kommun"] and result.failed == []
    assert len(mailoutbox) == 2
    for message, name in zip(mailoutbox, result.sent, strict=True):
        assert message.subject == (
            "Remiss: Näringslivs- och tillväxtstrategi för Stockholmsregionen (dnr RS 2020-0780)"
        )
        assert message.to == [recipient(round_, name).organisation.email]
        assert message.reply_to == ["registrator.lsf@sll.se"]
        assert (
            f"Remissvaren ska ha kommit in till Region Stockholm senast den {DEADLINE_TEXT}."
            in message.body
        )
        assert f"Länken är personlig för {name}" in message.body
        assert "registrator.lsf@sll.se" in message.body
        link, token = LINK.search(message.body).groups()
        assert link.startswith(settings.REMISS_PUBLIC_URL + "/svara/")
        invitation = invitation_from_token(token)
        assert invitation is not None and invitation.recipient == recipient(round_, name)
        assert invitation.sent_at is not None
        [(filename, content, mimetype)] = message.attachments
        assert filename == "RS-2020-0780-missiv.pdf" and mimetype == "application/pdf"
        [document] = extract(filename, content)
        text = " ".join(" ".join(page.text for page in document.pages).split())
        assert f"kommit in till Region Stockholm senast den {DEADLINE_TEXT}" in text
        assert "Huddinge kommun" in text and "Nacka kommun" in text
    assert token_in(mailoutbox[0]) != token_in(mailoutbox[1])
    round_.refresh_from_db()
    assert round_.status == "oppen" and round_.sent_on is not None and result.opened


def test_a_second_send_skips_invited_bodies_and_a_resend_gives_a_new_working_link(
    round_, handlaggare, mailoutbox
):
    invitations_send(actor=handlaggare, consultation=round_)
    again = invitations_send(actor=handlaggare, consultation=round_)
    assert again.sent == [] and again.already_sent == ["Huddinge kommun", "Nacka kommun"]
    assert len(mailoutbox) == 2

    huddinge = recipient(round_, "Huddinge kommun")
    resent = invitations_send(
        actor=handlaggare, consultation=round_, recipients=[huddinge], resend=True
    )
    assert resent.sent == ["Huddinge kommun"] and len(mailoutbox) == 3
    first, new = token_in(mailoutbox[0]), token_in(mailoutbox[2])
    assert first != new
    assert invitation_from_token(first) is not None and invitation_from_token(new) is not None


def test_a_revoked_link_no_longer_counts_as_sent(round_, handlaggare, mailoutbox):
    invitations_send(actor=handlaggare, consultation=round_)
    invitation = invitation_from_token(token_in(mailoutbox[0]))
    invitation_revoke(actor=handlaggare, invitation=invitation)
    result = invitations_send(actor=handlaggare, consultation=round_)
    assert result.sent == ["Huddinge kommun"] and result.already_sent == ["Nacka kommun"]


def test_a_refused_message_is_reported_and_the_other_bodies_still_get_theirs(
    round_, handlaggare, mailoutbox, settings
):
    settings.MAILERS = {
        "default": {"BACKEND": "remiss.consultations.tests.test_dispatch.RefusingBackend"}
    }
    huddinge = recipient(round_, "Huddinge kommun").organisation
    huddinge.email = "refuse@huddinge.se"
    huddinge.save()

    result = invitations_send(actor=handlaggare, consultation=round_)

    assert result.failed == ["Huddinge kommun"] and result.sent == ["Nacka kommun"]
    assert [message.to for message in mailoutbox] == [["registrator@nacka.se"]]
    [failed] = Invitation.objects.filter(recipient__organisation=huddinge)
    assert failed.sent_at is None and failed.revoked_at is not None


def test_nothing_is_sent_without_a_deadline_or_for_a_closed_consultation(
    round_, handlaggare, mailoutbox
):
    round_.deadline = None
    round_.save()
    assert invitations_send(actor=handlaggare, consultation=round_).refused
    round_.deadline = DEADLINE
    round_.status = "stangd"
    round_.save()
    assert invitations_send(actor=handlaggare, consultation=round_).refused
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_no_token_reaches_the_log_or_the_audit_trail(round_, handlaggare, mailoutbox, caplog):
    with caplog.at_level(logging.DEBUG):
        invitations_send(actor=handlaggare, consultation=round_)
        reminders_send(today=DEADLINE - timedelta(days=1))
    tokens = [token_in(message) for message in mailoutbox]
    assert len(tokens) == 4
    audit = json.dumps(list(AuditEvent.objects.values("changes", "object_repr")))
    for token in tokens:
        assert token not in caplog.text and token not in audit


@pytest.fixture
def open_round(round_, handlaggare, mailoutbox, settings):
    settings.REMISS_REMINDER_DAYS = [7, 1]
    invitations_send(actor=handlaggare, consultation=round_)
    mailoutbox.clear()
    return round_


def test_reminders_go_n_days_before_with_a_new_link_and_never_twice(open_round, mailoutbox):
    first_link = Invitation.objects.get(recipient__organisation__name="Nacka kommun")

    result = reminders_send(today=DEADLINE - timedelta(days=7))

    assert [line.organisation for line in result.sent] == ["Huddinge kommun", "Nacka kommun"]
    assert [line.organisation for line in result.without_email] == ["Tyresö kommun"]
    assert len(mailoutbox) == 2
    message = mailoutbox[1]
    assert message.subject.startswith("Påminnelse") and "(dnr RS 2020-0780)" in message.subject
    assert "om 7 dagar" in message.body
    reminded = invitation_from_token(token_in(message))
    assert reminded.recipient.organisation.name == "Nacka kommun"
    assert reminded != first_link and first_link.is_usable()
    assert Reminder.objects.filter(days_before=7).count() == 2

    again = reminders_send(today=DEADLINE - timedelta(days=7))
    assert again.sent == [] and len(mailoutbox) == 2

    assert reminders_send(today=DEADLINE - timedelta(days=3)).due == []
    tomorrow = reminders_send(today=DEADLINE - timedelta(days=1))
    assert len(tomorrow.sent) == 2 and "i morgon" in mailoutbox[-1].body


def test_no_reminder_to_a_body_that_answered_and_an_extension_moves_the_reminder(
    open_round, handlaggare, mailoutbox
):
    recipient_set_status(
        actor=handlaggare, recipient=recipient(open_round, "Huddinge kommun"), status="svarat"
    )
    nacka = recipient(open_round, "Nacka kommun")
    extended = DEADLINE + timedelta(days=14)
    recipient_extend_deadline(actor=handlaggare, recipient=nacka, deadline=extended)

    assert reminders_send(today=DEADLINE - timedelta(days=7)).sent == []
    assert mailoutbox == []
    later = reminders_send(today=extended - timedelta(days=7))
    assert [(line.organisation, line.deadline) for line in later.sent] == [
        ("Nacka kommun", extended)
    ]
    assert f"senast den {swedish_date(extended)}" in mailoutbox[0].body


def test_a_draft_consultation_gets_no_reminders(round_, mailoutbox, settings):
    settings.REMISS_REMINDER_DAYS = [7]
    assert reminders_send(today=DEADLINE - timedelta(days=7)).due == []
    assert mailoutbox == []


def test_the_command_dry_run_lists_but_sends_nothing(open_round, mailoutbox):
    out = io.StringIO()
    day = (DEADLINE - timedelta(days=7)).isoformat()
    call_command("send_reminders", "--date", day, "--dry-run", stdout=out)
    assert "Huddinge kommun" in out.getvalue() and "RS 2020-0780" in out.getvalue()
    assert mailoutbox == [] and not Reminder.objects.exists()

    out = io.StringIO()
    call_command("send_reminders", "--date", day, stdout=out)  # no address is no failure
    assert len(mailoutbox) == 2 and Reminder.objects.count() == 2
    assert "Tyresö kommun" in out.getvalue()


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "5 mars", stdout=io.StringIO())


def test_the_daily_task_sends_the_reminders(open_round, mailoutbox):
    result = reminders_send_daily.enqueue(on=(DEADLINE - timedelta(days=1)).isoformat())
    assert result.return_value["sent"] == 2 and len(mailoutbox) == 2
