"""The follow-up of the demo strategy: EXAMPLE DATA ONLY.

Region Stockholm's real action plans, insatser and indicator values are not part of the
public documents the demo is built from, so everything here is invented for the
demonstration and marked ``is_demo_data=True``: one action plan per focus area (2.1–2.4),
two example insatser each with responsible actors from the demo's sändlista, a status history
through 2021–2022, each actor's narrative for 2022, one indicator per focus area with a real
indicator *name* (domain notes §5.3) but invented *values* (attributed "Exempeldata – inte
verkliga värden"), and the follow-up report of 2022, frozen. No decision dates, case numbers
or organisation numbers are given.

Two things are not invented. The skills-supply insats (2.4.1) is linked to Huddinge's real
point about Södertörns högskola. Huddinge becomes a candidate actor because its answer says,
in these words, that its business work carries out activities in several of the strategy's
insatser and that it looks forward to continued cooperation; the offer is quoted verbatim
and is added only when the stored answer contains it.

Loading twice changes nothing: every item is looked up before it is created.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from remiss.analysis.models import Point
from remiss.analysis.selectors import latest_run
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Organisation
from remiss.followup.models import (
    ActionPlan,
    AnnualReport,
    CandidateActor,
    Indicator,
    Insats,
    InsatsReport,
    InsatsStatus,
    InsatsStatusChange,
)
from remiss.followup.report import annual_report_freeze
from remiss.followup.services import (
    action_plan_create,
    indicator_create,
    indicator_value_set,
    insats_create,
    insats_link_point,
    insats_set_status,
)
from remiss.responses.models import Response

REPORT_YEAR = 2022
ATTRIBUTION = "Exempeldata – inte verkliga värden"
PLAN_DESCRIPTION = (
    "Exempeldata för demonstrationen – inte Region Stockholms verkliga handlingsplan. "
    "Insatser, aktörer, datum och rapporter är påhittade för att visa uppföljningen."
)
INSATS_DESCRIPTION = "Exempelinsats för demonstrationen; inte en verklig insats."
REPORTED_BY = "Exempelrapport"
DEMO_LABEL = "remiss demo (exempeldata)"
HUDDINGE = "Huddinge kommun"
# Huddinge's own words about taking part (its answer of 21 January 2021).
HUDDINGE_OFFER = (
    "Huddinges kommuns näringslivsarbete genomför aktiviteter i flera av de insatser som "
    "beskrivs i strategin för att stärka de olika inriktningsområdena.",
    "Huddinge kommun ser fram emot fortsatt samarbete i näringslivs- och tillväxtfrågorna.",
)


@dataclass(frozen=True)
class InsatsSpec:
    number: str
    title: str
    responsible: str
    co_actors: tuple[str, ...]
    planned: tuple[date, date]
    history: tuple[tuple[date, str], ...]  # (when, status), the first is the creation
    narrative: str
    actual_start: date | None = None
    actual_end: date | None = None
    huddinge_point: bool = False


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    definition: str
    values: tuple[tuple[int, float], ...]
    target: tuple[int, float]
    higher_is_better: bool = True


@dataclass(frozen=True)
class AreaSpec:
    number: str
    plan_title: str
    insatser: tuple[InsatsSpec, ...]
    indicators: tuple[IndicatorSpec, ...]


KTH = "Kungliga Tekniska högskolan"
KI = "Karolinska Institutet"
SBR = "Stockholm Business Region"
STORSTHLM = "Storsthlm"
HANDELSKAMMAREN = "Stockholms Handelskammare"
SH = "Södertörns högskola"
REGION = "Region Stockholm"

P, G, K, PA = (
    InsatsStatus.PLANERAD,
    InsatsStatus.PAGAR,
    InsatsStatus.KLAR,
    InsatsStatus.PAUSAD,
)

AREAS = (
    AreaSpec(
        "2.1",
        "Handlingsplan för forskning, innovation och smart specialisering (exempel)",
        (
            InsatsSpec(
                "2.1.1",
                "Samverkansarena för smart specialisering inom life science",
                KI,
                (KTH, REGION),
                (date(2021, 3, 1), date(2023, 12, 31)),
                ((date(2021, 1, 15), P), (date(2021, 9, 1), G)),
                "Exempeltext: arenan har under året samlat lärosäten, företag och vården i "
                "fyra arbetsgrupper; en gemensam behovsanalys är klar och två förstudier har "
                "startat.",
                actual_start=date(2021, 9, 1),
            ),
            InsatsSpec(
                "2.1.2",
                "Testbäddar för digital och hållbar teknik",
                KTH,
                (SBR,),
                (date(2021, 6, 1), date(2022, 12, 31)),
                ((date(2021, 1, 15), P), (date(2021, 10, 1), G), (date(2022, 12, 15), K)),
                "Exempeltext: testbäddarna är på plats och har använts av ett tjugotal "
                "företag; insatsen avslutades enligt plan i december.",
                actual_start=date(2021, 10, 1),
                actual_end=date(2022, 12, 15),
            ),
        ),
        (
            IndicatorSpec(
                "FoU-utgifter som andel av BRP",
                "%",
                "Utgifter för forskning och utveckling i förhållande till bruttoregionprodukten. "
                "Verkliga värden finns hos Eurostat och SCB.",
                ((2019, 3.6), (2020, 3.7), (2021, 3.7), (2022, 3.8)),
                (2026, 4.0),
            ),
        ),
    ),
    AreaSpec(
        "2.2",
        "Handlingsplan för små och medelstora företags konkurrenskraft (exempel)",
        (
            InsatsSpec(
                "2.2.1",
                "Samordnad företagsrådgivning för små och medelstora företag",
                SBR,
                (STORSTHLM,),
                (date(2021, 2, 1), date(2023, 6, 30)),
                ((date(2021, 1, 20), P), (date(2021, 5, 3), G)),
                "Exempeltext: rådgivningen har en gemensam ingång för länets kommuner; "
                "fler företag än året innan har fått vägledning.",
                actual_start=date(2021, 5, 3),
            ),
            InsatsSpec(
                "2.2.2",
                "Stöd till digital omställning i små företag",
                STORSTHLM,
                (HANDELSKAMMAREN,),
                (date(2022, 1, 1), date(2023, 12, 31)),
                ((date(2021, 11, 15), P), (date(2022, 3, 1), G), (date(2022, 10, 3), PA)),
                "Exempeltext: en första omgång genomfördes under våren; insatsen är pausad "
                "i väntan på finansiering för nästa omgång.",
                actual_start=date(2022, 3, 1),
            ),
        ),
        (
            IndicatorSpec(
                "Nyföretagande per 1 000 invånare 16–64 år",
                "per 1 000 inv.",
                "Nya företag per år per 1 000 invånare 16–64 år (etableringsfrekvens). "
                "Verkliga värden finns hos Tillväxtanalys.",
                ((2019, 14.0), (2020, 13.2), (2021, 15.1), (2022, 14.3)),
                (2026, 16.0),
            ),
        ),
    ),
    AreaSpec(
        "2.3",
        "Handlingsplan för export, internationalisering och investeringar (exempel)",
        (
            InsatsSpec(
                "2.3.1",
                "Exportprogram för små och medelstora företag",
                HANDELSKAMMAREN,
                (SBR,),
                (date(2021, 4, 1), date(2023, 12, 31)),
                ((date(2021, 1, 20), P), (date(2021, 4, 6), G)),
                "Exempeltext: programmet har haft två omgångar under året med deltagare från "
                "flera branscher.",
                actual_start=date(2021, 4, 6),
            ),
            InsatsSpec(
                "2.3.2",
                "Gemensam marknadsföring av regionen för utländska investerare",
                SBR,
                (REGION,),
                (date(2022, 1, 1), date(2023, 12, 31)),
                ((date(2021, 6, 1), P), (date(2022, 2, 1), G)),
                "Exempeltext: ett gemensamt budskap och material har tagits fram och använts "
                "vid tre internationella mässor.",
                actual_start=date(2022, 2, 1),
            ),
        ),
        (
            IndicatorSpec(
                "Exportvärde",
                "index (2019 = 100)",
                "Exportvärdet för företag i länet som index. Obs: SCB redovisar hela värdet "
                "i huvudkontorets län. Verkliga värden finns hos Tillväxtverket.",
                ((2019, 100.0), (2020, 92.0), (2021, 104.0), (2022, 111.0)),
                (2026, 125.0),
            ),
        ),
    ),
    AreaSpec(
        "2.4",
        "Handlingsplan för strategisk kompetensförsörjning (exempel)",
        (
            InsatsSpec(
                "2.4.1",
                "Utbildning och kompetens på den södra länshalvan",
                SH,
                (STORSTHLM,),
                (date(2021, 9, 1), date(2023, 12, 31)),
                ((date(2021, 3, 15), P), (date(2022, 1, 17), G)),
                "Exempeltext: en kartläggning av näringslivets kompetensbehov på södra "
                "länshalvan är gjord och nya kurser planeras tillsammans med arbetsgivare.",
                actual_start=date(2022, 1, 17),
                huddinge_point=True,
            ),
            InsatsSpec(
                "2.4.2",
                "Regional plattform för matchning mellan utbildning och arbetsliv",
                STORSTHLM,
                (REGION,),
                (date(2021, 3, 1), date(2022, 12, 31)),
                ((date(2021, 1, 20), P), (date(2021, 6, 1), G), (date(2022, 11, 30), K)),
                "Exempeltext: plattformen är lanserad och förvaltas nu i ordinarie verksamhet.",
                actual_start=date(2021, 6, 1),
                actual_end=date(2022, 11, 30),
            ),
        ),
        (
            IndicatorSpec(
                "Förvärvsfrekvens 20–64 år",
                "%",
                "Andel förvärvsarbetande av befolkningen 20–64 år. Verkliga värden finns hos "
                "SCB och i Kolada.",
                ((2019, 80.5), (2020, 78.9), (2021, 79.6), (2022, 80.8)),
                (2026, 82.0),
            ),
        ),
    ),
)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=timezone.get_default_timezone())


def _backdate_last_change(insats: Insats, day: date) -> None:
    last = insats.status_history.order_by("-pk").first()
    InsatsStatusChange.objects.filter(pk=last.pk).update(changed_at=_moment(day))


def _insats(created: list[str], actor: Any | None, plan: ActionPlan, spec: InsatsSpec) -> Insats:
    insats = plan.insatser.filter(number=spec.number).first()
    if insats is not None:
        return insats
    organisations = {o.name: o for o in Organisation.objects.all()}
    (first_day, first_status), *later = spec.history
    insats = insats_create(
        actor=actor,
        plan=plan,
        number=spec.number,
        title=spec.title,
        description=INSATS_DESCRIPTION,
        responsible=organisations[spec.responsible],
        co_actors=[organisations[name] for name in spec.co_actors],
        planned_start=spec.planned[0],
        planned_end=spec.planned[1],
        status=first_status,
        is_demo_data=True,
    )
    _backdate_last_change(insats, first_day)
    for day, status in later:
        insats_set_status(actor=actor, insats=insats, status=status, actor_label=DEMO_LABEL)
        _backdate_last_change(insats, day)
    if spec.actual_start or spec.actual_end:
        Insats.objects.filter(pk=insats.pk).update(
            actual_start=spec.actual_start, actual_end=spec.actual_end
        )
        insats.refresh_from_db()
    created.append(f"insats {spec.number}")
    return insats


def _report(created: list[str], insats: Insats, spec: InsatsSpec) -> None:
    if InsatsReport.objects.filter(insats=insats, year=REPORT_YEAR).exists():
        return
    status = [s for day, s in spec.history if day.year <= REPORT_YEAR][-1]
    report = InsatsReport.objects.create(
        insats=insats,
        year=REPORT_YEAR,
        status=status,
        narrative=spec.narrative,
        reported_at=_moment(date(REPORT_YEAR + 1, 2, 15)),
        reported_by_label=REPORTED_BY,
        is_demo_data=True,
    )
    audit_record(
        actor=None,
        action="followup.insats_reported",
        obj=insats,
        changes={"year": REPORT_YEAR, "status": status, "demo": True},
        actor_label=DEMO_LABEL,
    )
    created.append(f"report {insats.number} {report.year}")


def _huddinge_point(consultation: Consultation) -> Point | None:
    return (
        Point.objects.filter(
            run=latest_run(consultation),
            response__organisation__name=HUDDINGE,
            text__contains="Södertörns",
        )
        .select_related("response")
        .first()
    )


def _link_huddinge(created: list[str], actor: Any | None, insats: Insats) -> None:
    point = _huddinge_point(insats.plan.consultation)
    if point is None or insats.sources.filter(point_key=point.key).exists():
        return
    insats_link_point(
        actor=actor,
        insats=insats,
        response=point.response,
        point_key=point.key,
        point_text=point.text,
    )
    created.append(f"point behind {insats.number}")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _huddinge_candidate(created: list[str], consultation: Consultation, insats: Insats) -> None:
    response = (
        Response.objects.filter(consultation=consultation, organisation__name=HUDDINGE)
        .select_related("organisation")
        .first()
    )
    if response is None:
        return
    text = _squeeze(
        " ".join(
            page.text for document in response.documents.all() for page in document.pages.all()
        )
    )
    if not all(sentence in text for sentence in HUDDINGE_OFFER):
        return  # only what the answer says
    offer = " ".join(HUDDINGE_OFFER)
    _candidate, made = CandidateActor.objects.get_or_create(
        consultation=consultation,
        organisation=response.organisation,
        response=response,
        offer=offer,
        defaults={"insats": insats},
    )
    if made:
        audit_record(
            actor=None,
            action="followup.candidate_actors_found",
            obj=consultation,
            changes={"created": 1, "organisation": HUDDINGE, "demo": True},
            actor_label=DEMO_LABEL,
        )
        created.append(f"candidate actor {HUDDINGE}")


def _indicator(
    created: list[str],
    actor: Any | None,
    consultation: Consultation,
    focus_area,
    spec: IndicatorSpec,
    insatser: list[Insats],
) -> None:
    indicator = Indicator.objects.filter(
        consultation=consultation, focus_area=focus_area, name=spec.name
    ).first()
    if indicator is None:
        base_year, base_value = spec.values[0]
        indicator = indicator_create(
            actor=actor,
            consultation=consultation,
            focus_area=focus_area,
            name=spec.name,
            unit=spec.unit,
            definition=spec.definition,
            geography="01",
            base_year=base_year,
            base_value=base_value,
            target_year=spec.target[0],
            target_value=spec.target[1],
            attribution=ATTRIBUTION,
            higher_is_better=spec.higher_is_better,
            insatser=insatser,
            is_demo_data=True,
        )
        created.append(f"indicator {spec.name}")
    recorded = set(indicator.values.values_list("year", flat=True))
    for year, value in spec.values:
        if year not in recorded:
            indicator_value_set(
                actor=actor, indicator=indicator, year=year, value=value, note="Exempelvärde"
            )
            created.append(f"value {spec.name} {year}")


def followup_demo_load(created: list[str], actor: Any | None, consultation: Consultation) -> None:
    """Add whatever part of the demo's example follow-up is missing (see the module doc)."""
    sections = {section.number: section for section in consultation.sections.all()}
    for area in AREAS:
        focus_area = sections[area.number]
        plan = ActionPlan.objects.filter(
            consultation=consultation, focus_area=focus_area, title=area.plan_title
        ).first()
        if plan is None:
            plan = action_plan_create(
                actor=actor,
                consultation=consultation,
                focus_area=focus_area,
                title=area.plan_title,
                description=PLAN_DESCRIPTION,
                is_demo_data=True,
            )
            created.append(f"action plan {area.number}")
        insatser = []
        for spec in area.insatser:
            insats = _insats(created, actor, plan, spec)
            _report(created, insats, spec)
            if spec.huddinge_point:
                _link_huddinge(created, actor, insats)
                _huddinge_candidate(created, consultation, insats)
            insatser.append(insats)
        for spec in area.indicators:
            _indicator(created, actor, consultation, focus_area, spec, insatser)
    if not AnnualReport.objects.filter(consultation=consultation, year=REPORT_YEAR).exists():
        annual_report_freeze(
            actor=actor, consultation=consultation, year=REPORT_YEAR, is_demo_data=True
        )
        created.append(f"annual report {REPORT_YEAR}")
