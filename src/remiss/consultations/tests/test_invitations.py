"""Invitation links: only a hash is stored; they expire after the deadline and a grace period,
follow a body's extended deadline, and can be revoked."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from remiss.audit.models import AuditEvent
from remiss.consultations.invitations import (
    invitation_from_token,
    invitation_issue,
    invitation_revoke,
    recipient_extend_deadline,
    token_hash,
)
from remiss.consultations.models import Invitation

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def huddinge(demo_case):
    return demo_case.recipients.get(organisation__name="Huddinge kommun")


def test_only_the_hash_of_the_token_is_stored(demo_case, huddinge, registrator):
    issued = invitation_issue(actor=registrator, consultation=demo_case, recipient=huddinge)
    assert len(issued.token) >= 40
    stored = Invitation.objects.get()
    assert stored.token_hash == token_hash(issued.token) != issued.token
    assert issued.token not in str(list(Invitation.objects.values()))
    assert issued.token not in str(list(AuditEvent.objects.values()))
    before_deadline = datetime(2021, 3, 1, tzinfo=STOCKHOLM)
    assert invitation_from_token(issued.token, now=before_deadline) == stored
    assert invitation_from_token(issued.token[:-1] + "x", now=before_deadline) is None
    assert invitation_from_token("", now=before_deadline) is None


def test_a_link_works_until_the_deadline_plus_the_grace_period(demo_case, huddinge, settings):
    settings.REMISS_INVITATION_GRACE_DAYS = 10
    issued = invitation_issue(actor=None, consultation=demo_case, recipient=huddinge)
    last_moment = datetime(2021, 3, 15, 23, 59, tzinfo=STOCKHOLM)  # 5 March + 10 days
    assert invitation_from_token(issued.token, now=last_moment) is not None
    assert invitation_from_token(issued.token, now=last_moment + timedelta(minutes=1)) is None


def test_an_extended_deadline_moves_the_expiry_of_the_bodys_links(
    demo_case, huddinge, handlaggare, settings
):
    settings.REMISS_INVITATION_GRACE_DAYS = 0
    issued = invitation_issue(actor=None, consultation=demo_case, recipient=huddinge)
    after_deadline = datetime(2021, 3, 10, 12, tzinfo=STOCKHOLM)
    assert invitation_from_token(issued.token, now=after_deadline) is None
    recipient_extend_deadline(actor=handlaggare, recipient=huddinge, deadline=date(2021, 3, 12))
    assert invitation_from_token(issued.token, now=after_deadline) is not None
    event = AuditEvent.objects.get(action="recipient.deadline_extended")
    assert event.changes["extended_deadline"] == {"from": None, "to": "2021-03-12"}


def test_a_revoked_link_stops_working(demo_case, huddinge, handlaggare):
    issued = invitation_issue(actor=None, consultation=demo_case, recipient=huddinge)
    before_deadline = datetime(2021, 3, 1, tzinfo=STOCKHOLM)
    assert invitation_from_token(issued.token, now=before_deadline) is not None
    invitation_revoke(actor=handlaggare, invitation=issued.invitation)
    assert invitation_from_token(issued.token, now=before_deadline) is None
    assert AuditEvent.objects.filter(action="invitation.revoked").count() == 1


def test_a_recipient_of_another_consultation_is_refused(demo_case, huddinge):
    from remiss.consultations.services import consultation_create

    other = consultation_create(
        actor=None,
        remitting_organisation=demo_case.remitting_organisation,
        case_number="RS 2099-0001",
        title="Annan",
    )
    with pytest.raises(ValueError):
        invitation_issue(actor=None, consultation=other, recipient=huddinge)
