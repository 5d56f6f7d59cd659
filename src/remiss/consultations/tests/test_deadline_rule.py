"""R02: the deadline is by default at least three calendar months after the remiss is sent; a
shorter one needs a recorded reason. The form and the dispatch refuse the same cases."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from remiss.audit.models import AuditEvent
from remiss.consultations.deadlines import add_months, deadline_is_short, short_deadline_problem
from remiss.consultations.dispatch import invitations_send
from remiss.consultations.forms import ConsultationForm
from remiss.consultations.models import Consultation
from remiss.consultations.services import (
    consultation_create,
    consultation_set_short_deadline_reason,
    organisation_create,
    recipient_add,
)
from remiss.rendering import swedish_date

REASON = "Strategin ska beslutas av regionfullmäktige i juni."


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2025, 11, 29), 3, date(2026, 2, 28)),
        (date(2025, 12, 31), 3, date(2026, 3, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2020, 12, 17), 3, date(2021, 3, 17)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),  # over the year end
        (date(2026, 2, 28), 12, date(2027, 2, 28)),
    ],
)
def test_months_are_added_by_the_calendar_with_the_end_of_month_rule(day, months, expected):
    assert add_months(day, months) == expected


def test_a_deadline_on_the_day_three_months_later_is_not_short():
    sent = date(2025, 11, 30)
    assert not deadline_is_short(deadline=date(2026, 2, 28), sent_on=sent)
    assert deadline_is_short(deadline=date(2026, 2, 27), sent_on=sent)
    # the anchor case: sent 17 December 2020, deadline 5 March 2021
    assert deadline_is_short(deadline=date(2021, 3, 5), sent_on=date(2020, 12, 17))


def test_a_reason_lifts_the_refusal_but_blank_space_is_no_reason():
    short = {"deadline": date(2026, 2, 1), "sent_on": date(2025, 12, 1)}
    assert short_deadline_problem(**short, reason="   ") is not None
    assert short_deadline_problem(**short, reason=REASON) is None
    assert short_deadline_problem(deadline=None, sent_on=date(2025, 12, 1), reason="") is None


@pytest.fixture
def region(db):
    return organisation_create(actor=None, name="Region Stockholm", kind="region")


def form_data(region, **changes) -> dict:
    return {
        "remitting_organisation": region.pk,
        "case_number_raw": "RS 2026-0100",
        "title": "Strategi",
        "sent_on": "2025-11-30",
        "deadline": "2026-02-27",
        **changes,
    }


def test_the_form_asks_for_a_reason_when_the_deadline_is_short(region):
    form = ConsultationForm(form_data(region))
    assert not form.is_valid()
    assert list(form.errors) == ["short_deadline_reason"]
    with translation.override("sv"):
        [message] = ConsultationForm(form_data(region)).errors["short_deadline_reason"]
    assert "27 februari 2026" in message and "28 februari 2026" in message

    assert ConsultationForm(form_data(region, deadline="2026-02-28")).is_valid()
    with_reason = ConsultationForm(form_data(region, short_deadline_reason=REASON))
    assert with_reason.is_valid()
    assert with_reason.consultation_fields()["short_deadline_reason"] == REASON


def test_without_a_sent_date_the_form_counts_from_today(region):
    today = timezone.localdate()
    data = form_data(region, sent_on="", deadline=add_months(today, 3).isoformat())
    assert ConsultationForm(data).is_valid()
    data["deadline"] = (add_months(today, 3).replace(day=1)).isoformat()
    assert list(ConsultationForm(data).errors) == ["short_deadline_reason"]


def test_the_create_page_refuses_a_short_deadline_and_keeps_the_input(client, handlaggare, region):
    client.force_login(handlaggare)
    data = {
        **form_data(region, title="Kort remisstid"),
        "action": "create",
        "parts-TOTAL_FORMS": "0",
        "parts-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("consultations:create"), data)
    assert response.status_code == 400
    assert 'value="Kort remisstid"' in response.content.decode()
    assert not Consultation.objects.exists()

    data["short_deadline_reason"] = REASON
    response = client.post(reverse("consultations:create"), data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.short_deadline_reason == REASON
    event = AuditEvent.objects.get(action="consultation.short_deadline_reason_set")
    assert event.changes["to"] == REASON and event.actor == handlaggare
    page = client.get(reverse("consultations:detail", args=[consultation.pk]))
    assert REASON in page.content.decode()


@pytest.fixture
def short_round(region):
    today = timezone.localdate()
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2026-0101",
        title="Strategi med kort remisstid",
        deadline=add_months(today, 3) - (add_months(today, 3) - today) / 2,
    )
    organisation = organisation_create(
        actor=None, name="Huddinge kommun", kind="kommun", email="ks@huddinge.se"
    )
    recipient_add(actor=None, consultation=consultation, organisation=organisation)
    return consultation


def test_dispatch_is_refused_for_a_short_deadline_without_a_reason(
    short_round, handlaggare, mailoutbox
):
    with translation.override("sv"):
        result = invitations_send(actor=handlaggare, consultation=short_round)
    assert result.refused and not result.sent and mailoutbox == []
    earliest = add_months(timezone.localdate(), 3)
    assert swedish_date(earliest) in result.refused  # the first deadline that needs no reason
    short_round.refresh_from_db()
    assert short_round.status == "utkast" and short_round.sent_on is None


def test_dispatch_goes_ahead_once_a_reason_is_recorded(short_round, handlaggare, mailoutbox):
    consultation_set_short_deadline_reason(
        actor=handlaggare, consultation=short_round, reason=f"  {REASON} "
    )
    result = invitations_send(actor=handlaggare, consultation=short_round)
    assert result.ok and result.sent == ["Huddinge kommun"] and len(mailoutbox) == 1
    short_round.refresh_from_db()
    assert short_round.short_deadline_reason == REASON and short_round.status == "oppen"
    [event] = AuditEvent.objects.filter(action="consultation.short_deadline_reason_set")
    assert event.changes == {"from": "", "to": REASON, "deadline": str(short_round.deadline)}
    # the reason is the officer's, not the respondents': the letter does not carry it
    assert REASON not in mailoutbox[0].body


def test_the_reason_is_recorded_on_the_recipient_list_page(
    client, handlaggare, short_round, mailoutbox
):
    client.force_login(handlaggare)
    sandlista = reverse("consultations:sandlista", args=[short_round.pk])
    client.post(reverse("consultations:invitations_send", args=[short_round.pk]))
    assert mailoutbox == []

    response = client.post(
        reverse("consultations:short_deadline_reason", args=[short_round.pk]),
        {"short-reason": REASON},
    )
    assert response.status_code == 302 and response.url == sandlista
    client.post(reverse("consultations:invitations_send", args=[short_round.pk]))
    assert len(mailoutbox) == 1
    assert REASON in client.get(sandlista).content.decode()


def test_a_reader_cannot_record_a_reason(client, make_user, short_round):
    client.force_login(make_user("lasare", role="lasare"))
    response = client.post(
        reverse("consultations:short_deadline_reason", args=[short_round.pk]),
        {"short-reason": REASON},
    )
    assert response.status_code == 403
    short_round.refresh_from_db()
    assert short_round.short_deadline_reason == ""
