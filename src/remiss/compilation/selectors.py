"""What the officer's workspace shows: the current points per part, grouped by theme, filtered.

The workspace needs live objects for its forms (the point to save a reply to, the reply as
saved, who saved it), so unlike the exports it reads through the analysis selectors rather
than the frozen assembly. It counts the points per part in the database and reads only the
points of the page asked for, so a read takes a number of queries that does not grow with the
points, and time that grows little with them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, IntegerField, Min, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from remiss.analysis.models import AnalysisRun, Theme
from remiss.analysis.selectors import (
    CurrentPoint,
    CurrentStance,
    PointDecisions,
    current_stances,
    latest_run,
    page_by_body,
    page_window,
    point_decisions,
    points_with_details,
    stance_is,
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
    def number(self) -> int:  # the pager's name for the page shown
        return self.page

    @property
    def page_numbers(self) -> list[int | None]:
        return page_window(self.page, self.pages)

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def _section_choices(nodes, depth=0) -> list[tuple[object, int]]:
    rows = []
    for node in nodes:
        rows.append((node, depth))
        rows.extend(_section_choices(node.children, depth + 1))
    return rows


def _narrowing(consultation, run, filters: WorkspaceFilters, themes: list[Theme]) -> Q | None:
    """The kind, position and theme filters as a condition on points (None: no filter)."""
    if not filters.narrows_points:
        return None
    where = Q()
    if filters.kind:
        where &= Q(response__organisation__kind=filters.kind)
    if filters.stance:
        where &= stance_is(consultation, run, filters.stance)
    if filters.theme:
        through = Theme.points.through.objects.filter(theme__merged_into=None)
        if filters.theme == NO_THEME:
            where &= ~Exists(through.filter(point_id=OuterRef("pk")))
        elif filters.theme in {str(theme.pk) for theme in themes}:
            where &= Q(pk__in=through.filter(theme_id=filters.theme).values("point_id"))
        else:
            where &= Q(pk__in=[])
    return where


THEN = ("response__received_at", "position", "pk")


@dataclass(frozen=True)
class _Group:
    """A theme group of a part: the points whose first theme is ``theme`` (None: no theme)."""

    theme: Theme | None
    earlier: tuple  # ids of the themes read before it (for None: every theme)

    def condition(self) -> Q:
        """On the point alone, so that a group is read a page at a time in the order of the
        bodies' index, like a part without themes."""
        through = Theme.points.through.objects.filter(point_id=OuterRef("pk"))
        if self.theme is None:
            return ~Exists(through.filter(theme_id__in=self.earlier))
        condition = Q(Exists(through.filter(theme_id=self.theme.pk)))
        if self.earlier:
            condition &= ~Exists(through.filter(theme_id__in=self.earlier))
        return condition


def _theme_groups(themes: list[Theme]) -> list[_Group]:
    """The theme groups of a part in the order shown.

    ``themes`` are the run's themes not merged away in the database's order of machine label
    (then id), the order in which a point's themes are read: a point is in the group of the
    first of its themes. The groups follow the themes' labels; the points without one come
    last.
    """
    groups = [
        _Group(theme, tuple(other.pk for other in themes[:n])) for n, theme in enumerate(themes)
    ]
    groups.sort(key=lambda group: (group.theme.label.casefold(), str(group.theme.pk)))
    if themes:
        groups.append(_Group(None, tuple(theme.pk for theme in themes)))
    return groups


COUNT_EACH = 10  # pages into a part up to which the groups before a page are counted one by one


def _group_sizes(points, groups: list[_Group], total: int) -> list[int]:
    """How many of ``points`` are in each group: one grouped count in the database (each
    point's first theme is the least of its themes' places in the machine's order)."""
    themed = [group for group in groups if group.theme is not None]
    place = Case(
        *[When(theme_id=group.theme.pk, then=Value(len(group.earlier))) for group in themed],
        output_field=IntegerField(),
    )
    firsts = Counter(
        Theme.points.through.objects.filter(
            point_id__in=points.values("pk"), theme_id__in=[group.theme.pk for group in themed]
        )
        .values("point_id")
        .annotate(first=Min(place))
        .order_by()
        .values_list("first", flat=True)
    )
    themed_total = sum(firsts.values())
    return [firsts[len(group.earlier)] if group.theme else total - themed_total for group in groups]


def _page_ids(points, groups, offset: int, limit: int, total: int) -> list:
    """Ids of the points ``offset``..``offset + limit`` of a part (``total`` points) in the
    workspace's order: by theme group, then by body (answers without one last), date and
    position.

    The groups are read in turn. A first page reads no more than its own points, however many
    points and themes the part has; a group before a near page is counted only up to the page,
    and for a page further on the groups are counted once, together.
    """
    if not groups:
        return [point.pk for point in page_by_body(points.only("pk"), offset, limit, THEN)]
    sizes = _group_sizes(points, groups, total) if offset > COUNT_EACH * limit else None
    ids: list = []
    for n, theme_group in enumerate(groups):
        if sizes is not None and sizes[n] <= offset:
            offset -= sizes[n]
            continue
        group = points.filter(theme_group.condition())
        if offset and sizes is None:
            size = group.order_by()[: offset + 1].count()  # counted no further than needed
            if size <= offset:
                offset -= size
                continue
        rows = page_by_body(group.only("pk"), offset, limit - len(ids), THEN)
        ids.extend(point.pk for point in rows)
        offset = 0
        if len(ids) >= limit:
            break
    return ids


def _place_in_part(points, groups, item: CurrentPoint) -> int | None:
    """Where a point stands among the points of a part (from 0), in the workspace's order;
    None if it is not there. Counts the groups before its own and reads the ids of its own."""
    theme = item.themes[0] if item.themes else None
    before = 0
    for theme_group in groups or [_Group(None, ())]:
        group = points.filter(theme_group.condition()) if groups else points
        if theme_group.theme != theme:
            before += group.count()
            continue
        order = [F("response__organisation__name").asc(nulls_last=True), *THEN]
        ids = list(group.order_by(*order).values_list("pk", flat=True))
        return before + ids.index(item.point.pk) if item.point.pk in ids else None
    return None


@dataclass
class _Block:
    """A part in reading order, with its counts, before its points are read."""

    node: object  # SectionNode, or None for the general points
    depth: int
    total: int  # current points here
    visible: int  # of those, the ones that pass the filters
    start: int = 0  # the place of its first visible point among all places, from 0

    @property
    def section_id(self):
        return self.node.section.pk if self.node else None


def _blocks(consultation, run, decisions: PointDecisions, filters, tree, where):
    """The parts shown, with their counts from the database, and the distinct points shown."""
    nodes = [(None, 0), *tree]
    if filters.section:
        nodes = [
            (node, depth)
            for node, depth in nodes
            if filters.section == (str(node.section.pk) if node else GENERAL)
        ]
    if run is None:
        blocks = [] if where is not None else [_Block(node, depth, 0, 0) for node, depth in nodes]
        return blocks, 0, 0
    if filters.section:
        distinct = decisions.distinct_count(run)
        blocks, shown = [], 0
        for node, depth in nodes:
            section_id = node.section.pk if node else None
            total = decisions.count_under(consultation, run, section_id)
            shown = total
            if where is not None:
                shown = decisions.points_under(run, section_id).filter(where).count()
            blocks.append(_Block(node, depth, total, shown))
    else:
        totals, distinct = decisions.counts(consultation, run)
        visibles, shown = (totals, distinct)
        if where is not None:
            visibles, shown = decisions.counts(consultation, run, where)
        blocks = [
            _Block(node, depth, totals[key], visibles[key])
            for node, depth in nodes
            for key in [node.section.pk if node else None]
        ]
    if where is not None:
        blocks = [block for block in blocks if block.visible]
    return blocks, shown, distinct


def workspace_read(
    consultation: Consultation, filters: WorkspaceFilters, *, page: int = 1
) -> Workspace:
    """The workspace of a consultation: the general points, then every part in reading order.

    ``page`` counts from 1; each page shows at most PAGE_SIZE points (a point under two parts
    in both places), so that a consultation with many points stays usable. Only the points of
    the page are read; the pages are laid out from counts made in the database.
    """
    run = latest_run(consultation)
    decisions = point_decisions(consultation.pk)
    tree = _section_choices(consultation.sections.as_tree())
    themes = (
        list(Theme.objects.filter(run=run, merged_into=None).order_by("machine_label", "pk"))
        if run
        else []
    )
    groups = _theme_groups(themes)
    themes.sort(key=lambda theme: (theme.label.casefold(), str(theme.pk)))
    where = _narrowing(consultation, run, filters, themes)
    blocks, shown, distinct = _blocks(consultation, run, decisions, filters, tree, where)

    places = 0
    for block in blocks:
        block.start = places
        places += block.visible
    pages = max(1, -(-places // PAGE_SIZE))
    page = min(max(page, 1), pages)
    low, high = (page - 1) * PAGE_SIZE, page * PAGE_SIZE

    slices = []  # (block, points of the block on this page, in order)
    for block in blocks:
        if not block.visible:
            if max(block.start - 1, 0) // PAGE_SIZE + 1 == page:
                slices.append((block, []))
            continue
        first, last = max(low, block.start), min(high, block.start + block.visible)
        if first >= last:
            continue
        points = decisions.points_under(run, block.section_id)
        if where is not None:
            points = points.filter(where)
        offset = first - block.start
        ids = _page_ids(points, groups, offset, last - first, block.visible)
        slices.append((block, ids))

    wanted = {pk for _block, ids in slices for pk in ids}
    items = (
        {item.point.pk: item for item in points_with_details(run, decisions, wanted)}
        if wanted
        else {}
    )
    responses = {item.point.response_id for item in items.values()}
    stances = current_stances(consultation, run, responses=responses) if items else {}
    replies = (
        {
            (reply.response_id, reply.key): reply
            for reply in Reply.objects.filter(
                response_id__in=responses, key__in={item.point.key for item in items.values()}
            ).select_related("updated_by")
        }
        if items
        else {}
    )
    comments = {
        comment.section_id: comment
        for comment in SectionComment.objects.filter(consultation=consultation).select_related(
            "updated_by"
        )
    }
    order = {block.section_id: n for n, block in enumerate(blocks)}
    homes = _homes(run, decisions, blocks, items, order, where, groups, page, slices)

    sections = []
    for block, ids in slices:
        groups: dict[object, ThemeGroup] = {}
        for pk in ids:
            item = items.get(pk)
            if item is None:  # changed between the reads
                continue
            home = homes.get(pk)
            place = WorkspacePoint(
                item=item,
                stance=stances.get(item.point.response_id),
                reply=replies.get((item.point.response_id, item.point.key)),
                first=home is None or home[0] == block.section_id,
                home_page=page if home is None else home[1],
            )
            theme = item.themes[0] if item.themes else None
            groups.setdefault(theme.pk if theme else None, ThemeGroup(theme)).points.append(place)
        node = block.node
        sections.append(
            WorkspaceSection(
                section=node.section if node else None,
                depth=block.depth,
                open_for_comment=node.open_for_comment if node else True,
                comment=comments.get(block.section_id),
                groups=list(groups.values()),
                total=block.total,
            )
        )
    return Workspace(
        consultation=consultation,
        run=run,
        filters=filters,
        sections=sections,
        shown=shown,
        total=distinct,
        section_choices=[Choice(GENERAL, _("General (Övergripande)"))]
        + [
            Choice(str(node.section.pk), ("\u00a0\u00a0" * depth) + str(node.section))
            for node, depth in tree
        ],
        theme_choices=[Choice(str(theme.pk), theme.label) for theme in themes]
        + [Choice(NO_THEME, _("No theme"))],
        page=page,
        pages=pages,
    )


def _homes(run, decisions, blocks, items, order, where, groups, page, slices) -> dict:
    """For the points of the page under more than one part: (part, page) of their first place.

    Those are few (an officer put them there); for each whose first part is not on this page,
    the groups of that part before the point's are counted and the point's own group is read.
    """
    homes: dict = {}
    blocks_by_id = {block.section_id: block for block in blocks}
    on_page = {block.section_id: (block, ids) for block, ids in slices}
    for pk, item in items.items():
        if len(item.sections) < 2:
            continue
        shown_in = [s.pk for s in item.sections if s.pk in order]
        if not shown_in:
            continue
        first = min(shown_in, key=order.__getitem__)
        homes[pk] = (first, page)
        if first in on_page and pk in on_page[first][1]:
            continue
        block = blocks_by_id[first]
        points = decisions.points_under(run, first)
        if where is not None:
            points = points.filter(where)
        place = _place_in_part(points, groups, item)
        if place is not None:
            homes[pk] = (first, (block.start + place) // PAGE_SIZE + 1)
    return homes
