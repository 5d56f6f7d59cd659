"""The portal's guard rails: one body never reaches another's answer, tokens stay out of logs
and pages, every form needs its CSRF token, text is escaped, guessing links is slowed down,
and nothing of a draft consultation shows."""

import logging
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remiss.consultations.models import ConsultationStatus
from remiss.portal.logging import RedactTokensFilter, redact_tokens
from remiss.portal.models import PortalAnswer, PortalAttachment, Position
from remiss.portal.views.start import TOKEN_FAILURE_LIMIT

from .conftest import make_case


def open_link(client, token) -> str:
    response = client.get(reverse("portal:start", args=[token]))
    assert response.status_code == 302
    return response["Location"]


def answer_urls(answer_id, attachment_id=None) -> list[tuple[str, str]]:
    """Every portal URL of an answer, with the method that matters."""
    attachment_id = attachment_id or uuid.uuid4()
    names = [
        "answer",
        "review",
        "receipt",
        "answer_pdf",
        "answer_original",
        "missiv",
        "tjansteskrivelse",
    ]
    urls = [("get", reverse(f"portal:{name}", args=[answer_id])) for name in names]
    posts = ["answer", "review", "decline", "attachment_add"]
    urls += [("post", reverse(f"portal:{name}", args=[answer_id])) for name in posts]
    urls.append(("post", reverse("portal:attachment_remove", args=[answer_id, attachment_id])))
    return urls


@pytest.fixture
def two_bodies(client, case):
    """The kommun's browser holds the kommun's answer; the myndighet has an answer with text
    and an attachment of its own."""
    open_link(client, case.kommun_token)
    other = Client()
    other_url = open_link(other, case.myndighet_token)
    theirs = PortalAnswer.objects.get(recipient=case.myndighet)
    other.post(
        other_url,
        {
            "version": theirs.version,
            "summary": "Tillväxtverkets hemliga utkast",
            "action": "save",
        },
    )
    other.post(
        reverse("portal:attachment_add", args=[theirs.pk]),
        {"file": SimpleUploadedFile("tvv.txt", "Tillväxtverkets bilaga.".encode())},
    )
    theirs.refresh_from_db()
    return case, theirs


# -- one body, one answer -------------------------------------------------------------------------


def test_every_portal_url_of_another_bodys_answer_is_a_404(client, two_bodies):
    _case, theirs = two_bodies
    attachment = theirs.attachments.get()
    for method, url in answer_urls(theirs.pk, attachment.pk):
        response = getattr(client, method)(url, {"version": theirs.version, "summary": "x"})
        assert response.status_code == 404, (method, url, response.status_code)
        html = response.content.decode()
        assert "Tillväxtverket" not in html
        assert "hemliga" not in html


def test_another_bodys_answer_is_unchanged_after_every_attempt(client, two_bodies):
    _case, theirs = two_bodies
    attachment = theirs.attachments.get()
    for method, url in answer_urls(theirs.pk, attachment.pk):
        getattr(client, method)(
            url,
            {
                "version": theirs.version,
                "summary": "Överskrivet",
                "decline-confirm": "on",
                "file": SimpleUploadedFile("x.txt", b"Inskjuten text i en fil."),
            },
        )
    after = PortalAnswer.objects.get(pk=theirs.pk)
    assert after.summary == "Tillväxtverkets hemliga utkast"
    assert after.version == theirs.version
    assert not after.is_submitted
    assert list(after.attachments.all()) == [attachment]


def test_a_visitor_without_a_session_gets_404_everywhere(two_bodies):
    _case, theirs = two_bodies
    anonymous = Client()
    for method, url in answer_urls(theirs.pk):
        assert getattr(anonymous, method)(url).status_code == 404, url


def test_an_unknown_answer_id_is_a_404(client, case):
    open_link(client, case.kommun_token)
    for method, url in answer_urls(uuid.uuid4()):
        assert getattr(client, method)(url).status_code == 404, url


def test_another_bodys_attachment_cannot_be_removed_through_ones_own_answer(client, two_bodies):
    case, theirs = two_bodies
    mine = PortalAnswer.objects.get(recipient=case.kommun)
    attachment = theirs.attachments.get()
    url = reverse("portal:attachment_remove", args=[mine.pk, attachment.pk])
    assert client.post(url).status_code == 404
    assert PortalAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_session_id_planted_before_the_link_is_opened_is_replaced(client, case):
    client.get(reverse("accessibility"))
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    open_link(client, case.kommun_token)
    assert client.session.session_key != before


def test_an_expired_invitation_closes_the_open_session(client, case):
    url = open_link(client, case.kommun_token)
    case.kommun.invitations.update(expires_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 404
    assert "registrator@region.example" in response.content.decode()


# -- tokens never leave the link ------------------------------------------------------------------


def test_the_token_is_neither_in_the_redirect_nor_in_any_page(client, case):
    location = open_link(client, case.kommun_token)
    assert case.kommun_token not in location
    answer = PortalAnswer.objects.get(recipient=case.kommun)
    for name in ("answer", "review"):
        html = client.get(reverse(f"portal:{name}", args=[answer.pk])).content.decode()
        assert case.kommun_token not in html


def test_the_start_response_sends_no_referrer(client, case):
    response = client.get(reverse("portal:start", args=[case.kommun_token]))
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_failed_link_is_logged_without_its_token(client, case, caplog):
    token = case.kommun_token
    case.kommun.invitations.update(revoked_at=timezone.now())
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("portal:start", args=[token]))
        client.get(reverse("portal:start", args=["gissat-" + "a" * 30]))
    assert response.status_code == 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/svara/[dold]/" in logged  # django.request's "Not Found: <path>"
    assert token not in logged
    assert "gissat-" not in logged
    assert caplog.text.count(token) == 0


def test_the_server_log_line_is_redacted(caplog):
    token = "Abc-123_xyzTOKENxyz0987654321abcdefghijklmnopq"
    with caplog.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /svara/{token}/ HTTP/1.1", "302", "0"
        )
    assert caplog.records, "the django.server record reached the log"
    message = caplog.records[-1].getMessage()
    assert token not in message
    assert '"GET /svara/[dold]/ HTTP/1.1" 302 0' == message


def test_the_console_handler_redacts_records_from_any_logger():
    root_handlers = logging.getLogger().handlers
    assert any(isinstance(f, RedactTokensFilter) for h in root_handlers for f in h.filters)
    handler = next(
        h for h in root_handlers if any(isinstance(f, RedactTokensFilter) for f in h.filters)
    )
    record = logging.LogRecord(
        "remiss.somewhere", logging.WARNING, __file__, 1, "link %s", ("/svara/SECRET123/",), None
    )
    assert handler.filter(record)
    assert record.getMessage() == "link /svara/[dold]/"


def test_redaction_keeps_the_portals_own_paths():
    answer = uuid.uuid4()
    assert redact_tokens(f"GET /svara/svar/{answer}/ 200") == f"GET /svara/svar/{answer}/ 200"
    assert redact_tokens("/svara/T0k3n") == "/svara/[dold]"
    assert redact_tokens("/svara/T0k3n?x=1") == "/svara/[dold]?x=1"
    assert redact_tokens("a /svara/one/ and /svara/two/") == "a /svara/[dold]/ and /svara/[dold]/"


# -- CSRF -----------------------------------------------------------------------------------------


def test_every_portal_form_needs_its_csrf_token(case):
    strict = Client(enforce_csrf_checks=True)
    open_link(strict, case.kommun_token)
    answer = PortalAnswer.objects.get(recipient=case.kommun)
    case.consultation.open_to_all = True
    case.consultation.save()
    posts = [url for method, url in answer_urls(answer.pk) if method == "post"]
    posts.append(reverse("portal:open_request", args=[case.consultation.pk]))
    for url in posts:
        response = strict.post(
            url, {"version": answer.version, "summary": "utan token", "decline-confirm": "on"}
        )
        assert response.status_code == 403, url
    answer.refresh_from_db()
    assert answer.summary == "" and not answer.is_submitted


def test_the_answer_form_carries_a_csrf_token_that_works(case):
    strict = Client(enforce_csrf_checks=True)
    url = open_link(strict, case.kommun_token)
    page = strict.get(url)
    token = page.context["csrf_token"]
    answer = PortalAnswer.objects.get(recipient=case.kommun)
    response = strict.post(
        url,
        {"csrfmiddlewaretoken": str(token), "version": answer.version, "summary": "Med token"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.summary == "Med token"


# -- escaping -------------------------------------------------------------------------------------


def test_stored_markup_is_shown_as_text(client, case):
    url = open_link(client, case.kommun_token)
    answer = PortalAnswer.objects.get(recipient=case.kommun)
    evil = '<script>alert("x")</script>'
    section = case.consultation.sections.get(number="2")
    client.post(
        url,
        {
            "version": answer.version,
            "summary": evil,
            f"section_{section.pk}": evil,
            "position": Position.TILLSTYRKER,
            "contact_email": "karin@exempelby.example",
            "action": "save",
        },
    )
    answer.refresh_from_db()
    pages = [
        client.get(url).content.decode(),
        client.get(reverse("portal:review", args=[answer.pk])).content.decode(),
    ]
    client.post(reverse("portal:review", args=[answer.pk]), {"version": answer.version})
    pages.append(client.get(reverse("portal:receipt", args=[answer.pk])).content.decode())
    for html in pages:
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html


# -- guessing -------------------------------------------------------------------------------------


def test_guessing_tokens_is_rate_limited_per_client_address(client, case):
    for attempt in range(TOKEN_FAILURE_LIMIT):
        response = client.get(reverse("portal:start", args=[f"gissning{attempt:040d}"]))
        assert response.status_code == 404
    blocked = client.get(reverse("portal:start", args=["gissning-ytterligare"]))
    assert blocked.status_code == 429
    assert blocked["Retry-After"]
    # While blocked, even a right token waits: the guesser cannot tell a hit from a miss.
    assert client.get(reverse("portal:start", args=[case.kommun_token])).status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert elsewhere.get(reverse("portal:start", args=[case.kommun_token])).status_code == 302


def test_expired_real_links_do_not_count_as_guesses(client, case):
    case.kommun.invitations.update(revoked_at=timezone.now())
    for _ in range(TOKEN_FAILURE_LIMIT + 2):
        assert client.get(reverse("portal:start", args=[case.kommun_token])).status_code == 404


# -- drafts ---------------------------------------------------------------------------------------


def test_nothing_of_a_draft_consultation_shows(client, db):
    case = make_case(status=ConsultationStatus.UTKAST)
    response = client.get(reverse("portal:start", args=[case.kommun_token]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Strategi" not in html and "registrator@region.example" not in html
    case.consultation.open_to_all = True
    case.consultation.save()
    assert (
        client.get(reverse("portal:open_request", args=[case.consultation.pk])).status_code == 404
    )


def test_a_consultation_put_back_to_draft_closes_open_sessions(client, case):
    url = open_link(client, case.kommun_token)
    case.consultation.status = ConsultationStatus.UTKAST
    case.consultation.save()
    response = client.get(url)
    assert response.status_code == 404
    assert "Strategi" not in response.content.decode()
