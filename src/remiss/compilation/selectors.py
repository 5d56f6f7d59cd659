"""What the officer's workspace shows: the current points per part, grouped by theme, filtered.

The workspace needs live objects for its forms (the point to save a reply to, the reply as
saved, who saved it), so unlike the exports it reads through the analysis selectors rather
than the frozen assembly. Everything is read in a fixed number of queries, however many
points a consultation has.
"""

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from remiss.analysis.models import AnalysisRun, Theme
from remiss.analysis.selectors import (
    CurrentPoint,
    CurrentStance,
    consultation_points,
    current_stances,
    latest_run,
)
from remiss.consultations.models import Consultation, Section

from .models import Reply, SectionComment

GENERAL = "general"  # the filter value and anchor for the general points (Övergripande)
NO_THEME = "none"  # the filter value for points without a theme
PAGE_SIZE = 200  # points per page of the workspace


@dataclass(frozen=True)
class WorkspaceFilters:
    """What the officer asked to see. Empty strings: everything."""

    kind: str = ""  # OrganisationKind value
    stance: str = ""  # Stance value
    theme: str = ""  # Theme id, or NO_THEME
    section: str = ""  # Section id, or GENERAL

    @property
    def active(self) -> bool:
        return bool(self.kind or self.stance or self.theme or self.section)

    @property
    def narrows_points(self) -> bool:
        """Filters that hide points (the section filter hides whole parts instead)."""
        return bool(self.kind or self.stance or self.theme)


@dataclass
class WorkspacePoint:
    """One point as shown under one part, with the body, its position and the reply."""

    item: CurrentPoint
    stance: CurrentStance | None
    reply: Reply | None
    first: bool  # the first place the point is shown: it carries the reply form and the anchor
    home_page: int = 1  # the page of that first place

    @property
    def point(self):
        return self.item.point

    @property
    def anchor(self) -> str:
        return f"point-{self.item.point.pk}"

    @property
    def organisation(self):
        return self.item.point.response.organisation

    @property
    def body(self) -> str:
        organisation = self.organisation
        return organisation.name if organisation else _("Unknown sender")

    @property
    def body_kind(self) -> str:
        organisation = self.organisation
        return organisation.kind if organisation else ""

    @property
    def body_kind_display(self) -> str:
        organisation = self.organisation
        return organisation.get_kind_display() if organisation else ""

    @property
    def moved(self) -> bool:
        """An officer decided where the point belongs."""
        correction = self.item.correction
        return correction is not None and correction.sections_decided

    @property
    def section_value(self) -> str:
        """The move form's current choice: the first part the point is under, or GENERAL."""
        sections = self.item.sections
        return str(sections[0].pk) if sections else GENERAL


@dataclass
class ThemeGroup:
    theme: Theme | None  # None: points without a theme
    points: list[WorkspacePoint] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.theme.label if self.theme else _("No theme")


@dataclass
class WorkspaceSection:
    """A part of the strategy (``section`` None: the general points) and what is shown there."""

    section: Section | None
    depth: int
    open_for_comment: bool
    comment: SectionComment | None
    groups: list[ThemeGroup]
    total: int  # points placed here, before filtering

    @property
    def key(self) -> str:
        return str(self.section.pk) if self.section else GENERAL

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    @property
    def shown(self) -> int:
        return sum(len(group.points) for group in self.groups)

    @property
    def closed_reason(self) -> str:
        if self.section is None or self.open_for_comment:
            return ""
        return self.section.closed_reason


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Workspace:
    consultation: Consultation
    run: AnalysisRun | None
    filters: WorkspaceFilters
    sections: list[WorkspaceSection]
    shown: int  # distinct points that pass the filters
    total: int  # distinct current points
    section_choices: list[Choice]  # the general points, then every part in reading order
    theme_choices: list[Choice]
    page: int = 1
    pages: int = 1

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def _section_choices(nodes, depth=0) -> list[tuple[object, int]]:
    rows = []
    for node in nodes:
        rows.append((node, depth))
        rows.extend(_section_choices(node.children, depth + 1))
    return rows


def _matches(item: CurrentPoint, stance: CurrentStance | None, filters: WorkspaceFilters) -> bool:
    organisation = item.point.response.organisation
    if filters.kind and (organisation.kind if organisation else "") != filters.kind:
        return False
    if filters.stance and (stance.label if stance else "") != filters.stance:
        return False
    if filters.theme:
        themes = {str(theme.pk) for theme in item.themes}
        if filters.theme == NO_THEME:
            if themes:
                return False
        elif filters.theme not in themes:
            return False
    return True


def _group_by_theme(points: list[WorkspacePoint]) -> list[ThemeGroup]:
    """Points grouped under their first theme; themes by name, the unthemed last."""
    groups: dict[object, ThemeGroup] = {}
    for shown in points:
        theme = shown.item.themes[0] if shown.item.themes else None
        key = theme.pk if theme else None
        groups.setdefault(key, ThemeGroup(theme)).points.append(shown)
    return sorted(groups.values(), key=lambda g: (g.theme is None, g.label.casefold()))


def workspace_read(
    consultation: Consultation, filters: WorkspaceFilters, *, page: int = 1
) -> Workspace:
    """The workspace of a consultation: the general points, then every part in reading order.

    ``page`` counts from 1; each page shows at most PAGE_SIZE points, so that a consultation
    with thousands of points stays usable.
    """
    run = latest_run(consultation)
    points = consultation_points(run)
    stances = current_stances(consultation, run)
    replies = {
        (reply.response_id, reply.key): reply
        for reply in Reply.objects.filter(response__consultation=consultation).select_related(
            "updated_by"
        )
    }
    comments = {
        comment.section_id: comment
        for comment in SectionComment.objects.filter(consultation=consultation).select_related(
            "updated_by"
        )
    }
    tree = _section_choices(consultation.sections.as_tree())

    placed: dict[object, list[tuple[CurrentPoint, bool]]] = {}
    for item in points:
        visible = _matches(item, stances.get(item.point.response_id), filters)
        for section in item.sections or [None]:
            placed.setdefault(section.pk if section else None, []).append((item, visible))

    blocks = []
    for node, depth in [(None, 0), *tree]:
        section = node.section if node else None
        key = section.pk if section else None
        if filters.section and filters.section != (str(key) if key else GENERAL):
            continue
        entries = placed.get(key, [])
        shown = [
            WorkspacePoint(
                item=item,
                stance=stances.get(item.point.response_id),
                reply=replies.get((item.point.response_id, item.point.key)),
                first=False,
            )
            for item, visible in entries
            if visible
        ]
        if filters.narrows_points and not shown:
            continue
        blocks.append(
            WorkspaceSection(
                section=section,
                depth=depth,
                open_for_comment=node.open_for_comment if node else True,
                comment=comments.get(key),
                groups=_group_by_theme(shown),
                total=len(entries),
            )
        )

    pages, homes = _paginate(blocks)
    page = min(max(page, 1), len(pages))
    themes = list(Theme.objects.filter(run=run, merged_into=None)) if run else []
    themes.sort(key=lambda theme: theme.label.casefold())
    return Workspace(
        consultation=consultation,
        run=run,
        filters=filters,
        sections=pages[page - 1],
        shown=len(homes),
        total=len(points),
        section_choices=[Choice(GENERAL, _("General (Övergripande)"))]
        + [
            Choice(str(node.section.pk), ("\u00a0\u00a0" * depth) + str(node.section))
            for node, depth in tree
        ],
        theme_choices=[Choice(str(theme.pk), theme.label) for theme in themes]
        + [Choice(NO_THEME, _("No theme"))],
        page=page,
        pages=len(pages),
    )


def _paginate(blocks: list[WorkspaceSection]) -> tuple[list[list[WorkspaceSection]], dict]:
    """Split the parts into pages of at most PAGE_SIZE points, in reading order.

    A part whose points span two pages is shown on both with its share; a part without points
    is shown on the page where it falls. Marks the first place each point is shown (where its
    reply form is) and returns, by point id, the page of that place.
    """
    pages: list[list[WorkspaceSection]] = [[]]
    homes: dict = {}
    for block in blocks:
        rows = [(group.theme, shown) for group in block.groups for shown in group.points]
        if not rows:
            pages[-1].append(block)
            continue
        start = 0
        while start < len(rows):
            if sum(b.shown for b in pages[-1]) >= PAGE_SIZE:
                pages.append([])
            room = PAGE_SIZE - sum(b.shown for b in pages[-1])
            share = rows[start : start + room]
            groups: dict[object, ThemeGroup] = {}
            for theme, shown in share:
                pk = shown.point.pk
                shown.first = pk not in homes
                homes.setdefault(pk, len(pages))
                shown.home_page = homes[pk]
                groups.setdefault(theme.pk if theme else None, ThemeGroup(theme)).points.append(
                    shown
                )
            pages[-1].append(replace(block, groups=list(groups.values())))
            start += len(share)
    return pages, homes
