"""Confirming an e-mail address for an open consultation: the mailed link is the proof."""

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import resolve
from django.utils import timezone

from remiss.audit.models import AuditEvent
from remiss.consultations.invitations import invitation_from_token
from remiss.consultations.models import ConsultationStatus, Invitation
from remiss.portal.verification import EMAIL_LIMIT, IP_LIMIT, verification_request

pytestmark = pytest.mark.django_db

LINK = re.compile(r"^https?://\S+$", re.MULTILINE)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_case(demo_case):
    """The demo case, reopened to everyone with a deadline a month ahead."""
    demo_case.open_to_all = True
    demo_case.status = ConsultationStatus.OPPEN
    demo_case.deadline = timezone.localdate() + timedelta(days=30)
    demo_case.save()
    return demo_case


def request(consultation, *, email="anna.svensson@example.se", ip="192.0.2.10", **extra):
    fields = {"name": "Anna Svensson", "kind": "privatperson", **extra}
    return verification_request(consultation=consultation, email=email, request_ip=ip, **fields)


def token_from(body: str) -> str:
    [link] = LINK.findall(body)
    return resolve(urlsplit(link).path).kwargs["token"]


def test_the_mail_holds_a_link_that_opens_an_invitation_for_the_address(
    open_case, mailoutbox, settings, caplog
):
    settings.REMISS_PUBLIC_URL = "https://remiss.example.se"
    with caplog.at_level(logging.DEBUG):
        result = request(open_case, email=" anna.svensson@example.se ")
    assert result.sent and not result.errors
    assert result.name == "Anna Svensson" and result.kind == "privatperson"
    assert "anna.svensson@example.se" in result.message
    [mail] = mailoutbox
    assert mail.to == ["anna.svensson@example.se"]
    assert "RS 2020-0780" in mail.subject
    assert "Namn: Anna Svensson" in mail.body
    assert "Typ av avsändare: Privatperson" in mail.body
    assert "Sista dag att svara är" in mail.body
    assert "https://remiss.example.se/svara/" in mail.body
    token = token_from(mail.body)
    invitation = invitation_from_token(token)
    assert invitation is not None
    assert invitation == result.invitation
    assert invitation.recipient is None
    assert invitation.email == "anna.svensson@example.se"
    assert invitation.consultation == open_case
    assert invitation.sent_at is not None
    # The token lives only in the mail: not in the result, the logs, the audit or the database.
    assert token not in repr(result)
    assert token not in caplog.text
    assert token not in str(list(AuditEvent.objects.values()))
    assert token not in str(list(Invitation.objects.values()))


def test_a_consultation_not_open_to_all_is_refused(open_case, mailoutbox):
    open_case.open_to_all = False
    open_case.save()
    result = request(open_case)
    assert not result.sent
    assert "inte öppen för alla" in result.message
    assert mailoutbox == []
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("status", [ConsultationStatus.UTKAST, ConsultationStatus.STANGD])
def test_a_consultation_that_is_not_open_is_refused(open_case, mailoutbox, status):
    open_case.status = status
    open_case.save()
    result = request(open_case)
    assert not result.sent
    assert result.message == "Remissen tar inte emot svar just nu."
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_a_consultation_past_its_deadline_and_grace_is_refused(open_case, mailoutbox, settings):
    settings.REMISS_INVITATION_GRACE_DAYS = 0
    open_case.deadline = timezone.localdate() - timedelta(days=1)
    open_case.save()
    result = request(open_case)
    assert not result.sent
    assert "har gått ut" in result.message
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("anna.svensson", "Skriv e-postadressen i formatet namn@exempel.se."),
        ("anna@", "Skriv e-postadressen i formatet namn@exempel.se."),
        ("", "Fyll i din e-postadress."),
    ],
)
def test_a_bad_address_is_refused_with_a_message_for_the_field(
    open_case, mailoutbox, email, message
):
    result = request(open_case, email=email)
    assert not result.sent
    assert result.errors == {"email": message}
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_a_missing_name_and_an_unknown_kind_are_refused(open_case, mailoutbox):
    result = request(open_case, name="  ", kind="marsian")
    assert not result.sent
    assert set(result.errors) == {"name", "kind"}
    assert mailoutbox == []


def test_a_name_with_line_breaks_becomes_one_line_in_the_mail(open_case, mailoutbox):
    request(open_case, name="Anna\nSvensson\r\nBcc: x@example.se")
    [mail] = mailoutbox
    assert "Namn: Anna Svensson Bcc: x@example.se" in mail.body
    assert mail.bcc == []


def test_the_sixth_link_in_an_hour_for_one_address_is_refused(open_case, mailoutbox):
    results = [
        request(open_case, email=email, ip=f"192.0.2.{n}")
        for n, email in enumerate(["anna.svensson@example.se"] * EMAIL_LIMIT, start=1)
    ]
    assert all(result.sent for result in results)
    sixth = request(open_case, email="Anna.Svensson@EXAMPLE.se", ip="198.51.100.1")
    assert not sixth.sent and sixth.throttled
    assert "för många länkar" in sixth.message
    assert len(mailoutbox) == EMAIL_LIMIT
    assert Invitation.objects.count() == EMAIL_LIMIT
    assert request(open_case, email="bo@example.se").sent  # another address is not held up


def test_too_many_requests_from_one_address_of_the_network_are_refused(open_case, mailoutbox):
    for n in range(IP_LIMIT):
        assert request(open_case, email=f"person{n}@example.se", ip="203.0.113.5").sent
    refused = request(open_case, email="one.more@example.se", ip="203.0.113.5")
    assert not refused.sent and refused.throttled
    assert len(mailoutbox) == IP_LIMIT
    assert request(open_case, email="one.more@example.se", ip="203.0.113.6").sent
