"""Filling a sändlista: from an uploaded table (CSV or XLSX) or from the presets shipped as data.

An import is all or nothing: every row is checked first, and if one is wrong nothing is added
and the officer gets every problem with its row number. Bodies already known are reused by
organisation number or name; bodies already on the list are reported, not added twice.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from remiss.textkit.orgtype import organisation_type
from remiss.textkit.tables import Table

from .models import Consultation, Organisation, OrganisationKind
from .reference import municipalities, regions
from .services import organisation_create, recipient_add

NAME_COLUMNS = ("namn", "name", "remissinstans", "organisation")
KIND_COLUMNS = ("typ", "kind", "typ av organisation")
NUMBER_COLUMNS = ("organisationsnummer", "orgnr", "org.nr", "organisation number")
EMAIL_COLUMNS = ("e-post", "epost", "e-postadress", "email", "e-mail")
SHORT_NAME_COLUMNS = ("kortnamn", "short name")

# What officers write in a "typ" column, to the kinds of the model.
KIND_WORDS = {
    "kommun": OrganisationKind.KOMMUN,
    "region": OrganisationKind.REGION,
    "myndighet": OrganisationKind.MYNDIGHET,
    "statlig myndighet": OrganisationKind.MYNDIGHET,
    "lärosäte": OrganisationKind.LAROSATE,
    "larosate": OrganisationKind.LAROSATE,
    "universitet": OrganisationKind.LAROSATE,
    "högskola": OrganisationKind.LAROSATE,
    "intresseorganisation": OrganisationKind.INTRESSEORGANISATION,
    "organisation": OrganisationKind.INTRESSEORGANISATION,
    "företag": OrganisationKind.FORETAG,
    "foretag": OrganisationKind.FORETAG,
    "civilsamhälle": OrganisationKind.CIVILSAMHALLE,
    "civilsamhalle": OrganisationKind.CIVILSAMHALLE,
    "förening": OrganisationKind.CIVILSAMHALLE,
    "privatperson": OrganisationKind.PRIVATPERSON,
    "annan": OrganisationKind.ANNAN,
    "övrig": OrganisationKind.ANNAN,
}
for _kind in OrganisationKind:
    KIND_WORDS.setdefault(_kind.value, _kind)


@dataclass(frozen=True)
class Preset:
    key: str
    label: Any

    def organisations(self) -> list[dict]:
        if self.key == "stockholms-lan":
            return [_municipality(m) for m in municipalities() if m.county_code == "01"]
        if self.key == "regioner":
            return [
                {"name": r.name, "kind": OrganisationKind.REGION, "county_code": r.county_code}
                for r in regions()
            ]
        if self.key == "kommuner":
            return [_municipality(m) for m in municipalities()]
        raise KeyError(self.key)


def _municipality(municipality) -> dict:
    return {
        "name": municipality.name,
        "kind": OrganisationKind.KOMMUN,
        "short_name": municipality.short_name,
        "aliases": municipality.aliases,
        "municipality_code": municipality.code,
        "county_code": municipality.county_code,
    }


PRESETS = {
    preset.key: preset
    for preset in (
        Preset("stockholms-lan", gettext_lazy("The 26 municipalities of Stockholm County")),
        Preset("regioner", gettext_lazy("The 21 regions")),
        Preset("kommuner", gettext_lazy("All 290 municipalities")),
    )
}


@dataclass
class SandlistaImport:
    """What an import did, or why it did nothing."""

    added: list[str] = field(default_factory=list)
    already_listed: list[str] = field(default_factory=list)
    created_organisations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # Swedish, one per problem, with the row

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows_to_organisations(table: Table) -> tuple[list[dict], list[str]]:
    if not any(column in table.headers for column in NAME_COLUMNS):
        return [], [_("The table has no column “namn” with the names of the bodies.")]
    wanted, errors, names = [], [], set()
    for row in table.rows:
        name = " ".join(row.get(*NAME_COLUMNS).split())
        if not name:
            errors.append(_("Row %(row)s: the name is missing.") % {"row": row.number})
            continue
        if name.casefold() in names:
            errors.append(
                _("Row %(row)s: “%(name)s” is already on an earlier row.")
                % {"row": row.number, "name": name}
            )
            continue
        names.add(name.casefold())
        kind_word = row.get(*KIND_COLUMNS).casefold()
        kind = KIND_WORDS.get(kind_word) if kind_word else organisation_type(name)
        if kind is None:
            errors.append(
                _("Row %(row)s: the kind “%(kind)s” is unknown.")
                % {"row": row.number, "kind": kind_word}
            )
            continue
        wanted.append(
            {
                "row": row.number,
                "name": name,
                "kind": kind,
                "organisation_number": row.get(*NUMBER_COLUMNS),
                "email": row.get(*EMAIL_COLUMNS),
                "short_name": row.get(*SHORT_NAME_COLUMNS),
            }
        )
    return wanted, errors


def _row_of(message: str) -> int:
    digits = "".join(ch for ch in message.split(":", 1)[0] if ch.isdigit())
    return int(digits) if digits else 0


def _existing(values: dict) -> Organisation | None:
    number = values.get("organisation_number", "")
    if number:
        found = Organisation.objects.filter(organisation_number=number).first()
        if found is not None:
            return found
    return Organisation.objects.filter(name__iexact=values["name"]).first()


def _check(values: dict) -> list[str]:
    """The validation errors a new organisation would raise, as Swedish sentences."""
    candidate = Organisation(
        **{key: value for key, value in values.items() if key in _ORGANISATION_FIELDS}
    )
    try:
        candidate.full_clean(validate_unique=False)
    except ValidationError as error:
        return [
            _("Row %(row)s: %(message)s") % {"row": values.get("row", "?"), "message": message}
            for messages in error.message_dict.values()
            for message in messages
        ]
    return []


_ORGANISATION_FIELDS = {
    "name",
    "kind",
    "short_name",
    "organisation_number",
    "email",
    "aliases",
    "municipality_code",
    "county_code",
}


@transaction.atomic
def sandlista_add(
    *, actor: Any | None, consultation: Consultation, organisations: list[dict]
) -> SandlistaImport:
    """Add bodies to the list, all or nothing; reuse known bodies, skip those already listed."""
    result = SandlistaImport()
    plan: list[tuple[dict, Organisation | None]] = []
    for values in organisations:
        existing = _existing(values)
        if existing is None:
            result.errors.extend(_check(values))
        plan.append((values, existing))
    if result.errors:
        return result
    listed = set(consultation.recipients.values_list("organisation_id", flat=True))
    for values, organisation in plan:
        if organisation is None:
            organisation = organisation_create(
                actor=actor,
                **{key: value for key, value in values.items() if key in _ORGANISATION_FIELDS},
            )
            result.created_organisations.append(organisation.name)
        if organisation.pk in listed:
            result.already_listed.append(organisation.name)
            continue
        recipient_add(actor=actor, consultation=consultation, organisation=organisation)
        listed.add(organisation.pk)
        result.added.append(organisation.name)
    return result


def sandlista_import(*, actor: Any | None, consultation: Consultation, table: Table):
    """Add the bodies of an uploaded table; nothing at all if any row is wrong."""
    organisations, errors = _rows_to_organisations(table)
    if errors:
        # Tell every problem at once: also those of the rows that were readable.
        for values in organisations:
            if _existing(values) is None:
                errors.extend(_check(values))
        return SandlistaImport(errors=sorted(errors, key=_row_of))
    return sandlista_add(actor=actor, consultation=consultation, organisations=organisations)


def sandlista_add_preset(*, actor: Any | None, consultation: Consultation, preset: str):
    return sandlista_add(
        actor=actor, consultation=consultation, organisations=PRESETS[preset].organisations()
    )


def sandlista_add_one(
    *,
    actor: Any | None,
    consultation: Consultation,
    organisation: Organisation | None = None,
    **values: Any,
) -> SandlistaImport:
    """Add one body: a known organisation, or a new one made from ``values`` (name, kind,
    organisation_number, email)."""
    if organisation is not None:
        values = {
            "name": organisation.name,
            "kind": organisation.kind,
            "organisation_number": organisation.organisation_number,
        }
    return sandlista_add(actor=actor, consultation=consultation, organisations=[values])
