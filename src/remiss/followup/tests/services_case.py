"""A small strategy to follow up, built through the services: two focus areas, three actors."""

from dataclasses import dataclass
from datetime import date

from remiss.consultations.models import Consultation, Organisation, Section
from remiss.consultations.services import consultation_create, organisation_create, section_add


@dataclass
class Case:
    consultation: Consultation
    research: Section  # 2.1, a focus area
    skills: Section  # 2.2, a focus area
    kommun: Organisation  # has an e-mail address
    myndighet: Organisation  # has an e-mail address
    almi: Organisation  # has none


def make_case(*, case_number: str = "RS 2025-0202", title: str = "Tillväxtstrategi") -> Case:
    region, _ = Organisation.objects.get_or_create(
        name="Region Exempel", defaults={"kind": "region"}
    )
    consultation = consultation_create(
        actor=None,
        remitting_organisation=region,
        case_number=case_number,
        title=title,
        deadline=date(2025, 3, 1),
        answer_email="registrator@region.example",
        status="oppen",
    )
    section_add(actor=None, consultation=consultation, number="1", title="Inledning", position=1)
    research = section_add(
        actor=None,
        consultation=consultation,
        number="2.1",
        title="Forskning och innovation",
        kind="inriktningsomrade",
        position=2,
    )
    skills = section_add(
        actor=None,
        consultation=consultation,
        number="2.2",
        title="Kompetensförsörjning",
        kind="inriktningsomrade",
        position=3,
    )

    def organisation(name, kind, email=""):
        found = Organisation.objects.filter(name=name).first()
        return found or organisation_create(actor=None, name=name, kind=kind, email=email)

    return Case(
        consultation,
        research,
        skills,
        organisation("Exempelby kommun", "kommun", "registrator@exempelby.example"),
        organisation("Tillväxtverket", "myndighet", "registrator@tvv.example"),
        organisation("Almi Företagspartner", "foretag"),
    )
