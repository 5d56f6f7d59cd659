"""Filling a sändlista from a table or a preset: all or nothing, known bodies reused."""

import pytest
from django.utils import translation

from remiss.consultations.models import Organisation
from remiss.consultations.sandlista import PRESETS, sandlista_add_preset, sandlista_import
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
)
from remiss.tabular import table_error_message
from remiss.textkit.tables import TableError, read_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    return consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2026-0001", title="Strategi"
    )


def table(text: str):
    return read_table("sandlista.csv", text.encode("utf-8"))


def test_a_csv_adds_new_and_known_bodies_once(consultation, registrator):
    known = organisation_create(actor=None, name="Nacka kommun", kind="kommun")
    recipient_add(actor=None, consultation=consultation, organisation=known)
    result = sandlista_import(
        actor=registrator,
        consultation=consultation,
        table=table(
            "Namn;Typ;Organisationsnummer;E-post\n"
            "Nacka kommun;kommun;;\n"
            "Södertörns högskola;;;registrator@sh.se\n"
            "Tillväxtverket;myndighet;202100-5133;\n"
        ),
    )
    assert result.ok, result.errors
    assert result.added == ["Södertörns högskola", "Tillväxtverket"]
    assert result.already_listed == ["Nacka kommun"]
    assert Organisation.objects.get(name="Södertörns högskola").kind == "larosate"
    assert Organisation.objects.get(name="Tillväxtverket").organisation_number == "202100-5133"
    assert [r.position for r in consultation.recipients.order_by("position")] == [1, 2, 3]


def test_one_wrong_row_adds_nothing_and_every_problem_is_told(consultation):
    with translation.override("sv"):
        result = sandlista_import(
            actor=None,
            consultation=consultation,
            table=table(
                "namn;typ;organisationsnummer\n"
                "Solna stad;kommun;\n"
                ";kommun;\n"
                "Trafikverket;myndighet;202100-1234\n"
                "Något;flygbolag;\n"
            ),
        )
    assert not result.ok
    assert [error.split(":")[0] for error in result.errors] == ["Rad 3", "Rad 4", "Rad 5"]
    assert result.errors[0] == "Rad 3: namnet saknas."
    assert "flygbolag" in result.errors[2]
    assert consultation.recipients.count() == 0
    assert not Organisation.objects.filter(name="Solna stad").exists()


def test_a_table_without_names_is_refused(consultation):
    result = sandlista_import(
        actor=None, consultation=consultation, table=table("typ;epost\nkommun;a@b.se\n")
    )
    assert result.errors and consultation.recipients.count() == 0


def test_the_presets_from_shipped_data(consultation):
    result = sandlista_add_preset(actor=None, consultation=consultation, preset="stockholms-lan")
    assert result.ok and len(result.added) == 26
    assert "Huddinge kommun" in result.added
    huddinge = Organisation.objects.get(name="Huddinge kommun")
    assert huddinge.municipality_code == "0126" and huddinge.organisation_number == ""
    again = sandlista_add_preset(actor=None, consultation=consultation, preset="kommuner")
    assert len(again.added) == 290 - 26 and len(again.already_listed) == 26
    regions = sandlista_add_preset(actor=None, consultation=consultation, preset="regioner")
    assert len(regions.added) == 20  # Region Stockholm sends the remiss and is listed too
    assert set(PRESETS) == {"stockholms-lan", "regioner", "kommuner"}


def test_table_errors_read_as_swedish_sentences():
    with translation.override("sv"):
        message = table_error_message(TableError("duplicate_column", row=1, column="namn"))
    assert "namn" in message and "1" in message
