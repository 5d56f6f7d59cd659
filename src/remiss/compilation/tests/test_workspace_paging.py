"""The workspace read a page at a time from the database gives the pages the whole-list rule
gives: PAGE_SIZE places per page in reading order, the general points first, a point under two
parts in both places with its reply form at the first, filters applied before paging."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from remiss.analysis.models import Point, Theme
from remiss.analysis.selectors import consultation_points, current_stances
from remiss.analysis.services import theme_rename, theme_split
from remiss.analysis.tests.test_selectors_scale import make_case
from remiss.compilation import selectors
from remiss.compilation.selectors import GENERAL, NO_THEME, WorkspaceFilters, workspace_read

pytestmark = pytest.mark.django_db

SIZE = 5


def expected_places(consultation, run, filters: WorkspaceFilters):
    """The rule over the whole list: [(part key, point id, first, home page)] in order."""
    stances = current_stances(consultation, run)
    items = consultation_points(run)

    def order(item):
        organisation = item.point.response.organisation
        name = organisation.name if organisation else None
        return (name is None, name or "", item.point.response.received_at, item.point.position)

    def visible(item):
        organisation = item.point.response.organisation
        if filters.kind and (organisation.kind if organisation else "") != filters.kind:
            return False
        stance = stances.get(item.point.response_id)
        if filters.stance and (stance.label if stance else "") != filters.stance:
            return False
        themes = {str(theme.pk) for theme in item.themes}
        if filters.theme == NO_THEME:
            return not themes
        return not filters.theme or filters.theme in themes

    keys = [None] + [
        section.pk
        for section in sorted(consultation.sections.all(), key=lambda s: (s.number, s.position))
    ]
    places, homes = [], {}
    for key in keys:
        if filters.section and filters.section != (str(key) if key else GENERAL):
            continue
        here = sorted(
            (i for i in items if key in ([s.pk for s in i.sections] or [None]) and visible(i)),
            key=order,
        )
        groups: dict = {}
        for item in here:
            theme = item.themes[0] if item.themes else None
            groups.setdefault(theme, []).append(item)
        ordered = sorted(
            groups.items(), key=lambda g: (g[0] is None, g[0].label.casefold() if g[0] else "")
        )
        for _theme, members in ordered:
            for item in members:
                first = item.point.pk not in homes
                homes.setdefault(item.point.pk, len(places) // SIZE + 1)
                places.append((key, item.point.pk, first, homes[item.point.pk]))
    return places


def read_places(consultation, filters: WorkspaceFilters):
    first = workspace_read(consultation, filters, page=1)
    places = []
    for number in range(1, first.pages + 1):
        workspace = workspace_read(consultation, filters, page=number)
        assert workspace.page == number
        shown = [
            (
                block.section.pk if block.section else None,
                shown.point.pk,
                shown.first,
                shown.home_page,
            )
            for block in workspace.sections
            for group in block.groups
            for shown in group.points
        ]
        assert len(shown) <= SIZE
        places.extend(shown)
    return first, places


@pytest.fixture
def case(handlaggare, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", SIZE)
    return make_case("Arbetsyta", 10, officer=handlaggare, points_per_answer=4, seed=5)


def test_the_pages_are_those_of_the_whole_list_rule(case):
    consultation, run, (one, _two, sub) = case
    themes = {theme.machine_label: str(theme.pk) for theme in run.themes.all()}
    for filters in (
        WorkspaceFilters(),
        WorkspaceFilters(kind="kommun"),
        WorkspaceFilters(stance="avstyrker"),
        WorkspaceFilters(theme=themes["vård"]),
        WorkspaceFilters(theme=NO_THEME),
        WorkspaceFilters(section=str(sub.pk)),
        WorkspaceFilters(section=GENERAL),
        WorkspaceFilters(section=str(one.pk), kind="region"),
    ):
        expected = expected_places(consultation, run, filters)
        first, places = read_places(consultation, filters)
        assert places == expected, filters
        assert first.pages == max(1, -(-len(expected) // SIZE))
        assert first.shown == len({pk for _key, pk, _first, _home in expected})
        assert first.total == len(consultation_points(run))


def test_a_point_under_two_parts_points_back_to_its_first_place(case):
    consultation, run, (one, _two, sub) = case
    _first, places = read_places(consultation, WorkspaceFilters())
    moved = next(item for item in consultation_points(run) if len(item.sections) == 2)
    here = [place for place in places if place[1] == moved.point.pk]
    assert [(key, first) for key, _pk, first, _home in here] == [(one.pk, True), (sub.pk, False)]
    assert here[0][3] == here[1][3] and places.index(here[0]) // SIZE + 1 == here[0][3]


def test_every_part_is_shown_once_even_without_points(case):
    consultation, _run, _sections = case
    workspace_parts = []
    first = workspace_read(consultation, WorkspaceFilters(), page=1)
    for number in range(1, first.pages + 1):
        for block in workspace_read(consultation, WorkspaceFilters(), page=number).sections:
            key = block.key
            if not workspace_parts or workspace_parts[-1] != key:
                workspace_parts.append(key)
    assert workspace_parts == [GENERAL] + [
        str(s.pk) for s in sorted(consultation.sections.all(), key=lambda s: s.number)
    ]


def test_a_workspace_page_takes_the_same_number_of_queries_however_many_points(handlaggare):
    small = make_case("Liten yta", 4, officer=handlaggare, points_per_answer=2, seed=6)
    large = make_case("Stor yta", 40, officer=handlaggare, points_per_answer=8, seed=7)
    counts = []
    for consultation, _run, (_one, _two, sub) in (small, large):
        with CaptureQueriesContext(connection) as whole:
            workspace_read(consultation, WorkspaceFilters(), page=1)
        with CaptureQueriesContext(connection) as one_part:
            workspace_read(consultation, WorkspaceFilters(section=str(sub.pk)), page=1)
        counts.append((len(whole), len(one_part)))
    small_counts, large_counts = counts
    assert all(large <= small for small, large in zip(small_counts, large_counts, strict=True)), (
        counts
    )


@pytest.mark.parametrize("count_each", [selectors.COUNT_EACH, 0], ids=["near", "far"])
def test_the_pages_follow_the_themes_as_officers_named_and_split_them(
    case, handlaggare, monkeypatch, count_each
):
    """Many themes, the order of their labels not that of the machine's (an officer's label, a
    split theme with the same machine label), pages that start and end inside theme groups;
    the groups before a page counted one by one (near pages) or together (far ones)."""
    monkeypatch.setattr(selectors, "COUNT_EACH", count_each)
    consultation, run, (one, _two, _sub) = case
    pick = random.Random(11)
    extra = [Theme.objects.create(run=run, machine_label=label) for label in ("Öar", "bo", "Cykel")]
    points = list(Point.objects.filter(run=run).order_by("pk"))
    for point in points:
        for theme in pick.sample(extra, pick.choice([0, 1, 1, 2])):
            theme.points.add(point)
    theme_rename(actor=handlaggare, theme=extra[0], label="Allra först")
    vard = Theme.objects.get(run=run, machine_label="vård")
    theme_split(actor=handlaggare, theme=vard, points=list(vard.points.all()[:4]), label="Ö sist")
    for filters in (
        WorkspaceFilters(),
        WorkspaceFilters(section=str(one.pk)),
        WorkspaceFilters(kind="kommun"),
    ):
        expected = expected_places(consultation, run, filters)
        first, places = read_places(consultation, filters)
        assert places == expected, filters
        assert first.pages == max(1, -(-len(expected) // SIZE)) > 1


def test_the_workspace_pager_links_a_few_pages_and_keeps_the_filters(
    case, client, handlaggare, monkeypatch
):
    consultation, _run, _sections = case
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    client.force_login(handlaggare)
    url = reverse("compilation:workspace", args=[consultation.pk])
    pages = workspace_read(consultation, WorkspaceFilters(kind="kommun")).pages
    assert pages > 8
    with translation.override("sv"):
        html = client.get(url, {"kind": "kommun", "page": "4"}).content.decode()
    nav = html[html.index('<nav class="pager"') : html.index("</nav>", html.index('class="pager"'))]
    links = nav.count("<a ")
    assert links == 7 + 2, nav  # pages 1–6 and the last, the previous and the next
    assert nav.count("…") == 1
    assert 'aria-current="page" href="?kind=kommun&amp;page=4"' in nav
    assert 'href="?kind=kommun&amp;page=3"' in nav and 'href="?kind=kommun&amp;page=5"' in nav
    assert f'href="?kind=kommun&amp;page={pages}"' in nav and "Sida 1" in nav
    assert "Föregående" in nav and "Nästa" in nav and 'aria-label="' in nav
