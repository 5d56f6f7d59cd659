"""The actors' reporting links: issued with only a hash stored, sent by e-mail to each responsible
actor, valid until 31 March of the following year, revocable; a report can only concern the
link's own insatser and a second report of the year replaces the first."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remiss.audit.models import AuditEvent
from remiss.consultations.invitations import token_hash
from remiss.followup.models import InsatsReport, ReportingLink
from remiss.followup.services import (
    action_plan_create,
    insats_create,
    insats_report_submit,
    reporting_link_expiry,
    reporting_link_from_token,
    reporting_link_issue,
    reporting_link_revoke,
    reporting_links_send,
)

from .services_case import make_case

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def case(db, handlaggare):
    case = make_case()
    plan = action_plan_create(
        actor=handlaggare,
        consultation=case.consultation,
        focus_area=case.skills,
        title="Handlingsplan för kompetensförsörjning",
    )
    case.kommun_insats = insats_create(
        actor=handlaggare, plan=plan, number="2.1", title="Yrkesvux", responsible=case.kommun
    )
    case.myndighet_insats = insats_create(
        actor=handlaggare,
        plan=plan,
        number="2.2",
        title="Regional kompetensanalys",
        responsible=case.myndighet,
    )
    case.almi_insats = insats_create(
        actor=handlaggare, plan=plan, number="2.3", title="Företagslotsar", responsible=case.almi
    )
    insats_create(actor=handlaggare, plan=plan, number="2.4", title="Utan ansvarig")
    return case


def test_a_link_keeps_only_the_hash_and_expires_at_the_end_of_march(case, handlaggare):
    issued = reporting_link_issue(
        actor=handlaggare, consultation=case.consultation, organisation=case.kommun, year=2022
    )
    link = issued.link
    assert len(issued.token) >= 40
    assert link.token_hash == token_hash(issued.token) and issued.token not in link.token_hash
    assert link.email == "registrator@exempelby.example"
    assert link.expires_at == datetime(2023, 3, 31, 23, 59, 59, 999999, tzinfo=STOCKHOLM)
    assert reporting_link_expiry(2022) == link.expires_at

    last_minute = datetime(2023, 3, 31, 21, 58, tzinfo=UTC)  # 23:58 in Stockholm (summer time)
    april = datetime(2023, 3, 31, 22, 0, tzinfo=UTC)  # 1 April 00:00 in Stockholm
    assert reporting_link_from_token(issued.token, now=last_minute) == link
    assert reporting_link_from_token(issued.token, now=april) is None
    assert reporting_link_from_token("fel-token") is None
    assert reporting_link_from_token("") is None

    [event] = AuditEvent.objects.filter(action="followup.reporting_link_issued")
    assert issued.token not in str(event.changes) and issued.token not in event.object_repr


def test_a_revoked_link_opens_nothing_and_takes_no_report(case, handlaggare):
    issued = reporting_link_issue(
        actor=handlaggare, consultation=case.consultation, organisation=case.kommun, year=2099
    )
    assert reporting_link_from_token(issued.token) == issued.link
    reporting_link_revoke(actor=handlaggare, link=issued.link)
    assert reporting_link_from_token(issued.token) is None
    with pytest.raises(PermissionDenied):
        insats_report_submit(
            link=issued.link, insats=case.kommun_insats, status="pagar", narrative="Igång."
        )
    assert not InsatsReport.objects.exists()
    assert AuditEvent.objects.filter(action="followup.reporting_link_revoked").count() == 1


def test_an_expired_link_takes_no_report(case, handlaggare):
    issued = reporting_link_issue(
        actor=handlaggare, consultation=case.consultation, organisation=case.kommun, year=2020
    )
    with pytest.raises(PermissionDenied):
        insats_report_submit(
            link=issued.link, insats=case.kommun_insats, status="klar", narrative="Klart."
        )
    assert not InsatsReport.objects.exists()


def test_an_actor_reports_on_its_own_insats_and_may_correct_the_report(case, handlaggare):
    link = reporting_link_issue(
        actor=handlaggare, consultation=case.consultation, organisation=case.kommun, year=2099
    ).link
    report = insats_report_submit(
        link=link,
        insats=case.kommun_insats,
        status="pagar",
        narrative="  Två utbildningar startade.  ",
        reported_by_label="Anna Andersson",
    )
    assert (report.year, report.status, report.narrative) == (
        2099,
        "pagar",
        "Två utbildningar startade.",
    )
    assert report.reported_by_label == "Anna Andersson" and report.link == link
    insats = case.kommun_insats
    insats.refresh_from_db()
    assert insats.status == "pagar"
    last = insats.status_history.last()
    assert (last.status, last.changed_by, last.changed_by_label) == (
        "pagar",
        None,
        "Exempelby kommun",
    )

    again = insats_report_submit(
        link=link, insats=insats, status="klar", narrative="Alla utbildningar klara."
    )
    assert again.pk == report.pk and InsatsReport.objects.count() == 1
    assert again.status == "klar" and again.reported_by_label == "Exempelby kommun"
    insats.refresh_from_db()
    assert insats.status == "klar"
    events = AuditEvent.objects.filter(action="followup.insats_reported").order_by("at")
    assert [e.changes["replaced"] for e in events] == [False, True]
    assert {e.actor_label for e in events} == {"Exempelby kommun"}
    assert [
        e.changes["status"]
        for e in AuditEvent.objects.filter(
            action="followup.insats_status_changed", object_pk=str(insats.pk)
        ).order_by("at")
    ] == [{"from": "planerad", "to": "pagar"}, {"from": "pagar", "to": "klar"}]


def test_one_actor_cannot_report_on_another_actors_insats(case, handlaggare):
    link = reporting_link_issue(
        actor=handlaggare, consultation=case.consultation, organisation=case.kommun, year=2099
    ).link
    with pytest.raises(PermissionDenied):
        insats_report_submit(
            link=link, insats=case.myndighet_insats, status="avbruten", narrative="Stoppad."
        )
    other = make_case(case_number="RS 2025-0999", title="En annan strategi")
    other_plan = action_plan_create(
        actor=handlaggare, consultation=other.consultation, focus_area=other.research, title="P"
    )
    foreign = insats_create(
        actor=handlaggare,
        plan=other_plan,
        title="Samma aktör, annan strategi",
        responsible=case.kommun,
    )
    with pytest.raises(PermissionDenied):
        insats_report_submit(link=link, insats=foreign, status="klar", narrative="")
    assert not InsatsReport.objects.exists()
    case.myndighet_insats.refresh_from_db()
    assert case.myndighet_insats.status == "planerad"


def test_each_responsible_actor_with_an_address_gets_one_email_with_a_working_link(
    case, handlaggare, settings
):
    settings.REMISS_PUBLIC_URL = "https://remiss.example"
    result = reporting_links_send(actor=handlaggare, consultation=case.consultation, year=2099)
    assert result.sent == ["Exempelby kommun", "Tillväxtverket"]
    assert result.without_email == ["Almi Företagspartner"]
    assert result.failed == [] and result.already_sent == []
    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    message = by_address["registrator@exempelby.example"]
    assert message.subject == "Uppföljning 2099: Tillväxtstrategi"
    assert "2.1 Yrkesvux" in message.body and "Regional kompetensanalys" not in message.body
    assert "31 mars 2100" in message.body
    [url] = re.findall(r"https://remiss\.example/\S+", message.body)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    link = reporting_link_from_token(token)
    assert link is not None and link.organisation == case.kommun and link.year == 2099
    assert link.sent_at is not None
    assert "Regional kompetensanalys" in by_address["registrator@tvv.example"].body

    sent_events = AuditEvent.objects.filter(action="followup.reporting_link_sent")
    assert sent_events.count() == 2
    assert all(token not in str(e.changes) for e in AuditEvent.objects.all())

    again = reporting_links_send(actor=handlaggare, consultation=case.consultation, year=2099)
    assert again.sent == [] and again.already_sent == ["Exempelby kommun", "Tillväxtverket"]
    assert len(mail.outbox) == 2
    forced = reporting_links_send(
        actor=handlaggare, consultation=case.consultation, year=2099, resend=True
    )
    assert forced.sent == ["Exempelby kommun", "Tillväxtverket"] and len(mail.outbox) == 4
    assert ReportingLink.objects.filter(year=2099).count() == 4
