import random

import pytest

from remiss.textkit import themes
from remiss.textkit.themes import OTHER_LABEL, Theme, ThemeInput, find_themes, label_from

TOPICS = {
    "kompetens": [
        "kompetensförsörjningen", "högskolan", "universitetet", "yrkeshögskolan",
        "vuxenutbildningen", "arbetskraften", "utbildningsplatserna", "lärosätena",
    ],
    "export": [
        "exportfrämjandet", "utländska investeringar", "internationaliseringen",
        "exportföretagen", "etableringarna", "världsmarknaden", "investeringsfrämjandet",
    ],
    "trafik": [
        "kollektivtrafiken", "tvärförbindelserna", "pendeltågen", "vägnätet",
        "arbetspendlingen", "tunnelbanan", "godstransporterna",
    ],
}  # fmt: skip
FRAMES = [
    "Vi anser att {a} och {b} behöver stärkas.",
    "Strategin bör tydligare beskriva {a}, särskilt {b}.",
    "Kommunen saknar insatser för {a} och {b}.",
    "Det behövs mer resurser till {a} och till {b} i regionen.",
    "Satsningar på {a} och {b} ger tillväxt.",
]
GROUPS = ["kommun", "region", "myndighet", "organisation"]


def topical_points(count: int, seed: int = 1) -> tuple[list[ThemeInput], dict[str, str]]:
    generator = random.Random(seed)
    points, truth = [], {}
    for number in range(count):
        topic = generator.choice(sorted(TOPICS))
        a, b = generator.sample(TOPICS[topic], 2)
        text = generator.choice(FRAMES).format(a=a, b=b)
        point = ThemeInput(id=f"p{number:04d}", text=text, group=generator.choice(GROUPS))
        points.append(point)
        truth[point.id] = topic
    return points, truth


def purity(found: list[Theme], truth: dict[str, str]) -> float:
    right = sum(
        max(sum(1 for member in theme.members if truth[member] == topic) for topic in TOPICS)
        for theme in found
        if theme.label != OTHER_LABEL
    )
    return right / len(truth)


def test_no_points_give_no_themes():
    assert find_themes([]) == []


def test_one_point_is_one_theme():
    [theme] = find_themes([ThemeInput("a", "Högskolan behöver bli ett universitet.", "kommun")])
    assert theme.members == ("a",) and theme.representatives == ("a",)
    assert theme.counts_by_group == {"kommun": 1}
    assert theme.label == "Högskola och universitet"


def test_points_on_three_matters_give_three_labelled_themes():
    points, truth = topical_points(120)
    found = find_themes(points)
    assert len([theme for theme in found if theme.label != OTHER_LABEL]) == 3
    assert purity(found, truth) > 0.95
    labels = " ".join(theme.label.lower() for theme in found)
    assert any(word in labels for word in ("högskola", "universitet", "kompetensförsörjning"))
    assert any(word in labels for word in ("kollektivtrafik", "pendeltåg", "tunnelbana", "vägnät"))


def test_the_same_points_in_another_order_give_the_same_themes():
    points, _ = topical_points(80, seed=4)
    shuffled = list(points)
    random.Random(9).shuffle(shuffled)
    assert find_themes(shuffled) == find_themes(points)


def test_a_theme_counts_its_members_by_group_and_names_representatives_among_them():
    points, _ = topical_points(60, seed=2)
    for theme in find_themes(points):
        assert sum(theme.counts_by_group.values()) == len(theme.members)
        assert list(theme.members) == sorted(theme.members)
        assert 1 <= len(theme.representatives) <= 3
        assert set(theme.representatives) <= set(theme.members)
        assert theme.keywords and not any(word[0] in "@~" for word in theme.keywords)


def test_every_point_is_in_exactly_one_theme():
    points, _ = topical_points(50, seed=3)
    points.append(ThemeInput("tom", "Vi har inga synpunkter.", "kommun"))
    points.append(ThemeInput("udda", "Fiskevården i skärgården borde nämnas.", "organisation"))
    found = find_themes(points)
    members = [member for theme in found for member in theme.members]
    assert sorted(members) == sorted(point.id for point in points)
    assert found[-1].label == OTHER_LABEL
    assert {"tom", "udda"} <= set(found[-1].members)


def test_max_themes_caps_the_number_of_themes():
    points, _ = topical_points(90, seed=5)
    points.append(ThemeInput("udda", "Fiskevården i skärgården borde nämnas.", "organisation"))
    found = find_themes(points, max_themes=2)
    assert len(found) == 2 and found[-1].label == OTHER_LABEL
    assert sum(len(theme.members) for theme in found) == len(points)
    assert len(find_themes(points, max_themes=4)) == 4
    with pytest.raises(ValueError):
        find_themes(points, max_themes=0)


def test_many_points_are_clustered_from_a_sample(monkeypatch):
    monkeypatch.setattr(themes, "AGGLOMERATIVE_LIMIT", 60)
    points, truth = topical_points(400, seed=6)
    found = find_themes(points)
    assert purity(found, truth) > 0.9
    assert find_themes(list(reversed(points))) == found


def test_labels_are_swedish_phrases_of_two_or_three_words():
    assert label_from(["kompetensförsörjning", "högskola"]) == "Kompetensförsörjning och högskola"
    assert label_from(["export", "investering", "etablering"], [0.5, 0.4, 0.39]) == (
        "Export, investering och etablering"
    )
    assert label_from(["export", "investering", "etablering"], [0.5, 0.4, 0.1]) == (
        "Export och investering"
    )
    assert label_from([]) == OTHER_LABEL
