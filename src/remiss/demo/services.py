"""The demo case: Region Stockholm's remiss of its business and growth strategy, RS 2020-0780.

Facts come from two public documents kept in ``data/``: the region's memo (PM 2020-12-17) and
Huddinge's answer. The sändlista itself is not public: every entry on it except Huddinge, which
did answer, is invented for the demonstration and marked as example data. Loading twice
changes nothing: every item is looked up before it is created.
"""

import csv
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from remiss.accounts.models import Role
from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.audit.services import audit_record
from remiss.consultations.models import (
    Consultation,
    ConsultationStatus,
    Organisation,
    OrganisationKind,
    SectionKind,
)
from remiss.consultations.reference import municipalities_in_county
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    section_add,
)
from remiss.demo.followup import followup_demo_load
from remiss.responses.intake import letter_read
from remiss.responses.models import Channel, Response
from remiss.responses.services import document_add, response_register
from remiss.textkit.extract import extract
from remiss.textkit.identifiers import case_number_key

DATA_DIR = Path(__file__).resolve().parent / "data"
CASE_NUMBER = "RS 2020-0780"
STOCKHOLM_COUNTY = "01"
HUDDINGE = "Huddinge kommun"
HUDDINGE_FILE = "huddinge-ks-yttrande.txt"
DEMO_USERNAME = "demo"

SUMMARY = """\
Näringslivs- och tillväxtstrategin för Stockholmsregionen är en operationalisering och \
konkretisering av den regionala utvecklingsstrategin, RUFS 2050 och det regionala \
tillväxtarbetet i Stockholms län.

Strategin har sin utgångspunkt i globala trender, Stockholmsregionens styrkor och utmaningar \
och omfattande analyser. Strategin tar upp vad som behöver prioriteras för ett \
konkurrenskraftigt näringsliv och hållbar tillväxt i Stockholmsregionen, sedan kommer \
handlingsplaner och genomförandeplaner att tas fram. Förslaget till näringslivs- och \
tillväxtstrategi är ett vägledande dokument som ska underlätta dialog och samsyn mellan \
regionens utvecklingsaktörer."""

CLOSED_REASON = """\
Forsknings- och innovationsstrategin har redan varit ute på remiss i september 2020 i samband \
med remissen för förslag till operativt regionalt program för europeiska regionala \
utvecklingsfonden för programperioden 2021 - 2027. I och med att Forsknings- och \
innovationsstrategin redan varit ute på remiss efterfrågas inte särskilt några synpunkter på den."""


@dataclass(frozen=True)
class SectionSpec:
    number: str
    kind: str
    title: str
    parent: str | None = None
    text: str = ""
    closed_reason: str = ""


SECTIONS = [
    SectionSpec(
        "1",
        SectionKind.KAPITEL,
        "Utgångsläge, utmaningar och styrkeområden, hållbar utveckling och förutsättningar för "
        "näringsliv och tillväxt",
    ),
    SectionSpec(
        "2",
        SectionKind.KAPITEL,
        "Strategiska inriktningen, med insatser inom fyra olika inriktningsområden",
        text="Fyra inriktningsområden som ska bidra till att stärka Stockholmsregionens globala "
        "konkurrenskraft och tillväxt genom gemensam kraftsamling och samordning.",
    ),
    SectionSpec(
        "2.1",
        SectionKind.INRIKTNINGSOMRADE,
        "Stärk och utveckla forskning och innovation och smart specialisering",
        parent="2",
    ),
    SectionSpec(
        "2.2",
        SectionKind.INRIKTNINGSOMRADE,
        "Stärk och utveckla små och medelstora företags konkurrenskraft",
        parent="2",
    ),
    SectionSpec(
        "2.3",
        SectionKind.INRIKTNINGSOMRADE,
        "Stärk och utveckla export, internationalisering och investeringar",
        parent="2",
    ),
    SectionSpec(
        "2.4",
        SectionKind.INRIKTNINGSOMRADE,
        "Stärk och utveckla strategisk kompetensförsörjning",
        parent="2",
    ),
    SectionSpec(
        "3",
        SectionKind.KAPITEL,
        "Stockholmsregionens forsknings- och innovationsstrategi för smart specialisering",
        closed_reason=CLOSED_REASON,
    ),
    SectionSpec(
        "4",
        SectionKind.KAPITEL,
        "Genomförande och uppföljning – processen framåt med handlingsplaner och "
        "genomförandeplaner",
        text="För att genomföra strategin kommer handlingsplaner och genomförandeplaner inom de "
        "olika inriktningsområdena tas fram tillsammans med regionens aktörer. Strategin kommer "
        "att följas upp i samband med den årliga RUFS 2050-uppföljningen.",
    ),
]


@dataclass
class DemoLoadResult:
    consultation: Consultation
    created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


@transaction.atomic
def demo_load(*, actor: Any | None = None) -> DemoLoadResult:
    """Create whatever part of the demo case is missing; return what was created."""
    created: list[str] = []
    region = _organisation(
        created, actor, name="Region Stockholm", kind=OrganisationKind.REGION, county_code="01"
    )
    consultation = Consultation.objects.filter(
        remitting_organisation=region, case_number_key=case_number_key(CASE_NUMBER)
    ).first()
    if consultation is None:
        consultation = consultation_create(
            actor=actor,
            remitting_organisation=region,
            case_number=CASE_NUMBER,
            title="Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen",
            summary=SUMMARY,
            deadline=date(2021, 3, 5),
            answer_email="registrator.lsf@sll.se",
            answer_instructions="Ange diarienummer RS 2020–0780.",
            status=ConsultationStatus.STANGD,
            is_demo_data=True,
        )
        created.append(f"consultation {consultation.case_number}")
    _sections(created, actor, consultation)
    _recipients(created, actor, consultation)
    _huddinge_answer(created, actor, consultation)
    if not consultation.analysis_runs.exists():
        run = analysis_run_create(actor=actor, consultation=consultation)
        analysis_run_execute(run=run)
        created.append("analysis")
    followup_demo_load(created, actor, consultation)
    return DemoLoadResult(consultation=consultation, created=created)


def _organisation(created: list[str], actor: Any | None, *, name: str, **fields) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = organisation_create(actor=actor, name=name, **fields)
        created.append(f"organisation {name}")
    return organisation


def _sections(created: list[str], actor: Any | None, consultation: Consultation) -> None:
    by_number = {section.number: section for section in consultation.sections.all()}
    for position, spec in enumerate(SECTIONS, start=1):
        if spec.number in by_number:
            continue
        by_number[spec.number] = section_add(
            actor=actor,
            consultation=consultation,
            number=spec.number,
            kind=spec.kind,
            title=spec.title,
            parent=by_number[spec.parent] if spec.parent else None,
            text=spec.text,
            open_for_comment=not spec.closed_reason,
            closed_reason=spec.closed_reason,
            position=position,
        )
        created.append(f"section {spec.number}")


def _recipients(created: list[str], actor: Any | None, consultation: Consultation) -> None:
    bodies: list[tuple[Organisation, bool]] = []
    for municipality in municipalities_in_county(STOCKHOLM_COUNTY):
        organisation = _organisation(
            created,
            actor,
            name=municipality.name,
            kind=OrganisationKind.KOMMUN,
            short_name=municipality.short_name,
            aliases=municipality.aliases,
            municipality_code=municipality.code,
            county_code=municipality.county_code,
        )
        bodies.append((organisation, municipality.name != HUDDINGE))
    with (DATA_DIR / "sandlista.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            organisation = _organisation(
                created, actor, name=row["name"], kind=row["kind"], short_name=row["short_name"]
            )
            bodies.append((organisation, True))
    listed = set(consultation.recipients.values_list("organisation_id", flat=True))
    for position, (organisation, invented) in enumerate(bodies, start=1):
        if organisation.pk in listed:
            continue
        recipient_add(
            actor=actor,
            consultation=consultation,
            organisation=organisation,
            is_demo_data=invented,
            position=position,
        )
        created.append(f"recipient {organisation.name}")


def _huddinge_answer(created: list[str], actor: Any | None, consultation: Consultation) -> None:
    huddinge = Organisation.objects.get(name=HUDDINGE)
    if Response.objects.filter(consultation=consultation, organisation=huddinge).exists():
        return
    response = response_register(
        actor=actor,
        consultation=consultation,
        organisation=huddinge,
        channel=Channel.UPPLADDNING,
        received_at_unknown=True,
        title="Näringslivs- och tillväxtstrategi för Stockholmsregionen – svar på remiss från "
        "Region Stockholm",
        letter_date=date(2021, 1, 21),
    )
    letter = extract(HUDDINGE_FILE, (DATA_DIR / HUDDINGE_FILE).read_bytes())[0]
    reading = letter_read(letter=letter, consultation=consultation)
    document_add(actor=actor, response=response, extracted=letter, facts=reading.facts_json)
    created.append(f"answer {HUDDINGE}")


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    password: str | None
    created: bool


@transaction.atomic
def demo_officer_ensure(*, password: str | None) -> DemoOfficer:
    """The officer account ``demo``. A given password is set; otherwise a new account gets a
    random one and an existing account keeps its own (``password`` is then None)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_USERNAME).first()
    created = user is None
    if created:
        user = user_model(
            username=DEMO_USERNAME,
            first_name="Demo",
            last_name="Handläggare",
            role=Role.HANDLAGGARE,
            is_staff=True,
            is_superuser=True,
        )
        password = password or secrets.token_urlsafe(12)
    if password is not None and (created or not user.check_password(password)):
        user.set_password(password)
        user.save()
        audit_record(
            actor=None,
            action="user.created" if created else "user.password_set",
            obj=user,
            actor_label="remiss demo",
        )
    return DemoOfficer(username=DEMO_USERNAME, password=password, created=created)
