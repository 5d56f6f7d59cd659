"""A consultation that is open for answers, with parts (one closed) and two invited bodies."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from remiss.consultations.invitations import invitation_issue
from remiss.consultations.models import Consultation, Recipient
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    section_add,
)


@dataclass
class Case:
    consultation: Consultation
    kommun: Recipient
    myndighet: Recipient
    kommun_token: str
    myndighet_token: str


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def make_case(*, status: str = "oppen", deadline: date | None = None) -> Case:
    region = organisation_create(actor=None, name="Region Exempel", kind="region")
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number="RS 2025-0101",
        title="Strategi för hållbar tillväxt",
        deadline=deadline or timezone.localdate() + timedelta(days=60),
        answer_email="registrator@region.example",
        status=status,
    )
    section_add(
        actor=None,
        consultation=consultation,
        number="1",
        title="Inledning",
        open_for_comment=False,
        closed_reason="Redan beslutad av fullmäktige.",
        position=1,
    )
    section_add(
        actor=None,
        consultation=consultation,
        number="2",
        title="Forskning och innovation",
        position=2,
    )
    section_add(
        actor=None, consultation=consultation, number="3", title="Kompetensförsörjning", position=3
    )
    kommun_org = organisation_create(
        actor=None, name="Exempelby kommun", kind="kommun", email="registrator@exempelby.example"
    )
    myndighet_org = organisation_create(
        actor=None, name="Tillväxtverket", kind="myndighet", email="registrator@tvv.example"
    )
    kommun = recipient_add(actor=None, consultation=consultation, organisation=kommun_org)
    myndighet = recipient_add(actor=None, consultation=consultation, organisation=myndighet_org)
    kommun_token = invitation_issue(actor=None, consultation=consultation, recipient=kommun).token
    myndighet_token = invitation_issue(
        actor=None, consultation=consultation, recipient=myndighet
    ).token
    return Case(consultation, kommun, myndighet, kommun_token, myndighet_token)


@pytest.fixture
def case(db) -> Case:
    return make_case()
