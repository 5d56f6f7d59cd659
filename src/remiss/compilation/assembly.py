"""One read-only assembly of a compilation: what every page, export and publication shows.

``compilation_assemble`` reads the consultation, its sändlista, the answers, the current
analysis (officers' decisions over the machine's) and the region's replies, and returns plain
frozen dataclasses. Nothing downstream queries the database again, so the Word, PDF,
spreadsheet and open-data exports and the public page cannot disagree.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.analysis.models import PointKind, Stance
from remiss.analysis.selectors import consultation_points, current_stances, latest_run
from remiss.consultations.models import (
    Consultation,
    OrganisationKind,
    RecipientStatus,
)

from .models import Outcome, Reply, SectionComment
from .summary import BodyStance, summary_sentences

GENERAL = "Övergripande"  # the heading for points that concern no single part


@dataclass(frozen=True)
class Entry:
    """One point of one answer under one part of the strategy, with the region's reply."""

    point_id: str
    key: str
    response_id: str
    document_id: str | None
    body: str
    body_kind: str  # OrganisationKind value, "" when the sender is unknown
    body_kind_display: str
    is_private_person: bool
    stance: str  # Stance value, "" when there is none
    stance_display: str
    kind: str  # PointKind value
    kind_display: str
    text: str
    page: int
    themes: tuple[str, ...]
    placed_by: str  # "officer" or "machine"
    reply: str
    outcome: str  # Outcome value or ""
    outcome_display: str
    reason: str


@dataclass(frozen=True)
class SectionBlock:
    """A part of the strategy (``section_id`` None: the general points) and its points."""

    section_id: str | None
    number: str
    title: str
    kind: str
    depth: int
    open_for_comment: bool
    entries: tuple[Entry, ...]
    considerations: str
    summary: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def bodies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(entry.body for entry in self.entries))


@dataclass(frozen=True)
class Body:
    """A body in the annex: on the sändlista, or answering without being asked."""

    name: str
    kind: str
    kind_display: str
    invited: bool
    status: str  # RecipientStatus value
    status_display: str
    stance: str
    stance_display: str
    received_on: date | None
    late: bool
    is_private_person: bool
    response_ids: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    invited: int
    answered: int  # invited bodies that gave an answer of any kind
    with_views: int  # status svarat
    no_comments: int
    declined: int
    not_concerned: int
    not_answered: int
    spontaneous: int
    late: int
    responses: int
    points: int
    replied: int  # points with the region's reply or outcome


@dataclass(frozen=True)
class Link:
    source: str
    target: str


@dataclass(frozen=True)
class DuplicateSet:
    representative: str
    members: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class Compilation:
    consultation_id: str
    case_number: str
    title: str
    remitting_body: str
    sent_on: date | None
    deadline: date | None
    generated_at: datetime
    run_id: str | None
    sections: tuple[SectionBlock, ...]
    bodies: tuple[Body, ...]
    counts: Counts
    stance_by_kind: dict[str, dict[str, int]]  # kind display -> stance value -> bodies
    heat_map: dict[str, dict[str, int]]  # section heading -> body -> points
    summary: tuple[str, ...]
    endorsements: tuple[Link, ...]
    duplicates: tuple[DuplicateSet, ...]
    themes: tuple[str, ...] = field(default=())

    @property
    def answered_bodies(self) -> tuple[Body, ...]:
        return tuple(b for b in self.bodies if b.invited and b.status == RecipientStatus.SVARAT)

    @property
    def declined_bodies(self) -> tuple[Body, ...]:
        """Invited bodies that declined, had no comments, were not concerned or did not answer."""
        return tuple(b for b in self.bodies if b.invited and b.status != RecipientStatus.SVARAT)

    @property
    def spontaneous_bodies(self) -> tuple[Body, ...]:
        return tuple(b for b in self.bodies if not b.invited)

    def entries(self):
        for block in self.sections:
            yield from ((block, entry) for entry in block.entries)


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date()


def compilation_assemble(consultation: Consultation) -> Compilation:
    """Everything of the compilation, read once."""
    run = latest_run(consultation)
    stances = current_stances(consultation, run)
    points = consultation_points(run)
    responses = list(consultation.responses.select_related("organisation"))
    recipients = {
        r.organisation_id: r for r in consultation.recipients.select_related("organisation")
    }
    replies = {(r.response_id, r.key): r for r in Reply.objects.filter(response__in=responses)}
    comments = {
        c.section_id: c.text for c in SectionComment.objects.filter(consultation=consultation)
    }

    by_section: dict[object, list[Entry]] = defaultdict(list)
    for item in points:
        point, response = item.point, item.point.response
        organisation = response.organisation
        stance = stances.get(response.pk)
        reply = replies.get((response.pk, point.key))
        kind_value = organisation.kind if organisation else ""
        entry = Entry(
            point_id=str(point.pk),
            key=point.key,
            response_id=str(response.pk),
            document_id=str(point.document_id) if point.document_id else None,
            body=organisation.name if organisation else _("Unknown sender"),
            body_kind=kind_value,
            body_kind_display=_label(OrganisationKind, kind_value) if kind_value else "",
            is_private_person=kind_value == OrganisationKind.PRIVATPERSON,
            stance=stance.label if stance else "",
            stance_display=stance.display if stance else "",
            kind=item.kind,
            kind_display=_label(PointKind, item.kind),
            text=point.text,
            page=point.page,
            themes=tuple(theme.label for theme in item.themes),
            placed_by="officer"
            if item.correction and item.correction.sections_decided
            else "machine",
            reply=reply.text if reply else "",
            outcome=reply.outcome if reply else "",
            outcome_display=_label(Outcome, reply.outcome) if reply and reply.outcome else "",
            reason=reply.reason if reply else "",
        )
        for section in item.sections or [None]:
            by_section[section.pk if section else None].append(entry)

    blocks: list[SectionBlock] = []

    def walk(nodes, depth):
        for node in nodes:
            section = node.section
            entries = tuple(by_section.get(section.pk, ()))
            blocks.append(
                SectionBlock(
                    section_id=str(section.pk),
                    number=section.number,
                    title=section.title,
                    kind=section.kind,
                    depth=depth,
                    open_for_comment=section.open_for_comment,
                    entries=entries,
                    considerations=comments.get(section.pk, ""),
                    summary=_section_summary(entries),
                )
            )
            walk(node.children, depth + 1)

    general = tuple(by_section.get(None, ()))
    blocks.append(
        SectionBlock(
            section_id=None,
            number="",
            title=GENERAL,
            kind="",
            depth=0,
            open_for_comment=True,
            entries=general,
            considerations=comments.get(None, ""),
            summary=_section_summary(general),
        )
    )
    walk(consultation.sections.as_tree(), 0)

    bodies = _bodies(consultation, responses, recipients, stances)
    counts = _counts(bodies, responses, points, replies)
    stance_by_kind: dict[str, dict[str, int]] = {}
    for body in bodies:
        if body.stance:
            row = stance_by_kind.setdefault(body.kind_display or _("Unknown"), {})
            row[body.stance] = row.get(body.stance, 0) + 1
    heat_map = {
        block.heading: dict(Counter(entry.body for entry in block.entries))
        for block in blocks
        if block.entries
    }
    endorsements: tuple[Link, ...] = ()
    duplicates: tuple[DuplicateSet, ...] = ()
    themes: tuple[str, ...] = ()
    if run is not None:
        endorsements = tuple(
            Link(
                e.response.organisation.name if e.response.organisation else _("Unknown sender"),
                e.organisation_name,
            )
            for e in run.endorsements.select_related("response__organisation")
        )
        duplicates = tuple(
            DuplicateSet(
                _response_name(group.representative),
                tuple(_response_name(m) for m in group.members.all()),
                group.similarity,
            )
            for group in run.duplicate_groups.select_related(
                "representative__organisation"
            ).prefetch_related("members__organisation")
        )
        themes = tuple(
            theme.label for theme in run.themes.filter(merged_into=None).order_by("machine_label")
        )
    return Compilation(
        consultation_id=str(consultation.pk),
        case_number=consultation.case_number,
        title=consultation.title,
        remitting_body=consultation.remitting_organisation.name,
        sent_on=consultation.sent_on,
        deadline=consultation.deadline,
        generated_at=timezone.now(),
        run_id=str(run.pk) if run else None,
        sections=tuple(blocks),
        bodies=bodies,
        counts=counts,
        stance_by_kind=stance_by_kind,
        heat_map=heat_map,
        summary=summary_sentences(
            [BodyStance(b.name, b.stance) for b in bodies if b.stance], invited=counts.invited
        ),
        endorsements=endorsements,
        duplicates=duplicates,
        themes=themes,
    )


def _response_name(response) -> str:
    return response.organisation.name if response.organisation else _("Unknown sender")


def _section_summary(entries: tuple[Entry, ...]) -> tuple[str, ...]:
    from .summary import section_sentences

    return section_sentences([BodyStance(e.body, e.stance) for e in entries])


_STATUS_FROM_STANCE = {
    Stance.AVSTAR: RecipientStatus.AVSTATT,
    Stance.INGA_SYNPUNKTER: RecipientStatus.INGA_SYNPUNKTER,
    Stance.BERORS_INTE: RecipientStatus.BERORS_INTE,
}


def _bodies(consultation, responses, recipients, stances) -> tuple[Body, ...]:
    by_organisation: dict[object, list] = defaultdict(list)
    unknown = []
    for response in responses:
        if response.organisation_id:
            by_organisation[response.organisation_id].append(response)
        else:
            unknown.append(response)
    bodies: list[Body] = []
    seen = set()
    ordered = sorted(recipients.values(), key=lambda r: (not r.is_invited, r.position))
    for recipient in ordered:
        organisation = recipient.organisation
        seen.add(organisation.pk)
        answers = by_organisation.get(organisation.pk, [])
        bodies.append(
            _body(organisation, recipient.is_invited, recipient.status, recipient.deadline,
                  answers, stances)
        )  # fmt: skip
    for organisation_id, answers in by_organisation.items():
        if organisation_id in seen:
            continue
        organisation = answers[0].organisation
        bodies.append(
            _body(organisation, False, RecipientStatus.SVARAT, consultation.deadline, answers,
                  stances)
        )  # fmt: skip
    for response in unknown:
        bodies.append(
            _body(None, False, RecipientStatus.SVARAT, consultation.deadline, [response], stances)
        )
    return tuple(bodies)


def _body(organisation, invited, status, deadline, answers, stances) -> Body:
    stance = next((stances[a.pk] for a in answers if a.pk in stances), None)
    received = [_local_date(a.received_at) for a in answers if a.received_at]
    received_on = min(received) if received else None
    if answers and status == RecipientStatus.EJ_SVARAT:
        # An answer is registered but the status was not set: the position decides.
        status = (
            _STATUS_FROM_STANCE.get(stance.label, RecipientStatus.SVARAT)
            if stance
            else (RecipientStatus.SVARAT)
        )
    kind = organisation.kind if organisation else ""
    return Body(
        name=organisation.name if organisation else _("Unknown sender"),
        kind=kind,
        kind_display=_label(OrganisationKind, kind) if kind else "",
        invited=invited,
        status=status,
        status_display=_label(RecipientStatus, status),
        stance=stance.label if stance else "",
        stance_display=stance.display if stance else "",
        received_on=received_on,
        late=bool(received_on and deadline and received_on > deadline),
        is_private_person=kind == OrganisationKind.PRIVATPERSON,
        response_ids=tuple(str(a.pk) for a in answers),
    )


def _counts(bodies, responses, points, replies) -> Counts:
    invited = [b for b in bodies if b.invited]
    status = Counter(b.status for b in invited)
    return Counts(
        invited=len(invited),
        answered=sum(1 for b in invited if b.status != RecipientStatus.EJ_SVARAT),
        with_views=status[RecipientStatus.SVARAT],
        no_comments=status[RecipientStatus.INGA_SYNPUNKTER],
        declined=status[RecipientStatus.AVSTATT],
        not_concerned=status[RecipientStatus.BERORS_INTE],
        not_answered=status[RecipientStatus.EJ_SVARAT],
        spontaneous=sum(1 for b in bodies if not b.invited),
        late=sum(1 for b in bodies if b.late),
        responses=len(responses),
        points=len(points),
        replied=sum(1 for r in replies.values() if r.text.strip() or r.outcome),
    )
