"""Themes across the points of many answers: TF-IDF on lemmas and a deterministic clustering.

Points are sorted by id first, so the same points give the same themes in any input order.
Up to ``AGGLOMERATIVE_LIMIT`` points are clustered by average-linkage agglomerative clustering
on cosine distance, cut at a distance threshold, so the number of themes follows from the data.
For more points an evenly spaced sample (in id order) is clustered that way, and k-means
started from the sample's centres assigns every point. Points in a cluster of their own (or
far from every centre) are gathered in a last theme, "Övrigt".

A theme's label is two or three of its heaviest lemmas ("Kompetensförsörjning och högskola");
its representatives are the members closest to its centre.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from remiss.textkit import lexicons
from remiss.textkit.lemmas import lemma, tokens
from remiss.textkit.sections import lemma_features

IGNORED_LEXICON = "theme_stopwords"
OTHER_LABEL = "Övrigt"

AGGLOMERATIVE_LIMIT = 2_500
DISTANCE_THRESHOLD = 0.88  # average cosine distance at which clusters stop merging
REPRESENTATIVES = 3
KEYWORDS = 8


@dataclass(frozen=True)
class ThemeInput:
    id: str
    text: str
    group: str = ""  # the kind of body that made the point, e.g. "kommun"


@dataclass(frozen=True)
class Theme:
    label: str
    members: tuple[str, ...]  # ids, sorted
    representatives: tuple[str, ...]  # up to three ids, the most typical first
    counts_by_group: dict[str, int] = field(hash=False)
    keywords: tuple[str, ...]


def _ignored() -> frozenset[str]:
    return lexicons.word_set(IGNORED_LEXICON)


def theme_lemmas(text: str) -> list[str]:
    """The words a theme is made of: content lemmas without the words every answer uses."""
    return list(filter(None, map(_THEME_WORDS.__getitem__, tokens(text))))


class _ThemeWords(dict):
    """token -> its lemma when a theme is made of it, else ""; filled on first use."""

    def __missing__(self, token: str) -> str:
        if len(self) >= 400_000:
            self.clear()
        word = lemma(token)
        value = word if word and word not in _ignored() and len(word) > 2 else ""
        self[token] = value
        return value


_THEME_WORDS = _ThemeWords()


def _terms(words: list[str]) -> list[str]:
    """What the points are compared on: the lemmas, the parts of compounds ("kompetens" in
    "kompetensförsörjning") and the fields of related words ("@kompetens" for "universitet",
    from the section vocabulary), so that points in other words on one matter meet."""
    terms = list(words)
    for word in words:
        terms.extend(_extra_terms(word))
    return terms


@lru_cache(maxsize=200_000)
def _extra_terms(word: str) -> tuple[str, ...]:
    """The compound parts and fields :func:`_terms` adds for one lemma."""
    ignored = _ignored()
    terms = []
    for feature, _ in lemma_features(word):
        if feature == word or feature in ignored:
            continue
        # A field is "@kompetens" already; a part is marked "~" (kept out of labels).
        terms.append(feature if feature.startswith("@") else "~" + feature)
    return tuple(terms)


def find_themes(points: Sequence[ThemeInput], *, max_themes: int | None = None) -> list[Theme]:
    """The themes of the points, largest first, with "Övrigt" (if any) last.

    ``max_themes`` caps the number of themes, "Övrigt" included.
    """
    if max_themes is not None and max_themes < 1:
        raise ValueError("max_themes must be at least 1")
    unique = {point.id: point for point in points}
    ordered = [unique[key] for key in sorted(unique)]
    if not ordered:
        return []
    # Points with the same text (campaign letters, repeated formulas) are read once.
    lemmas_of: dict[str, list[str]] = {}
    analysed = []
    for point in ordered:
        words = lemmas_of.get(point.text)
        if words is None:
            words = lemmas_of[point.text] = theme_lemmas(point.text)
        analysed.append(words)
    usable = [position for position, words in enumerate(analysed) if words]
    clusters: list[list[int]] = []
    matrix = None
    vocabulary: np.ndarray | None = None
    if len(usable) == 1:
        clusters = [usable]
    elif usable:
        matrix, vocabulary = _vectorise([analysed[position] for position in usable])
        if matrix is not None:
            labels = _cluster(matrix, max_themes)
            by_label: dict[int, list[int]] = {}
            for row, label in enumerate(labels):
                by_label.setdefault(int(label), []).append(row)
            clusters = [[usable[row] for row in rows] for rows in by_label.values()]
    if len(usable) > 1 and matrix is None:
        clusters = []  # no word occurs often enough to compare points
    row_of = {position: row for row, position in enumerate(usable)}

    themes_rows = [members for members in clusters if len(members) > 1 or len(ordered) == 1]
    themes_rows.sort(key=lambda members: (-len(members), members[0]))
    if max_themes is not None:
        leftovers = len(ordered) > sum(len(members) for members in themes_rows)
        if len(themes_rows) + leftovers > max_themes:
            themes_rows = themes_rows[: max_themes - 1]  # the rest goes to "Övrigt"
    placed = {position for members in themes_rows for position in members}
    rest = [position for position in range(len(ordered)) if position not in placed]

    themes = []
    for members in themes_rows:
        if matrix is None or vocabulary is None:
            themes.append(_single_theme(ordered, analysed, members))
        else:
            rows = [row_of[position] for position in members]
            themes.append(_theme(ordered, members, matrix[rows], vocabulary))
    themes = _distinct_labels(themes)
    if rest:
        themes.append(_other(ordered, analysed, rest))
    return themes


def _vectorise(documents: list[list[str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    count = len(documents)
    # The terms of each distinct list of lemmas (one list is shared by points of one text).
    terms_of: dict[int, list[str]] = {}
    for words in documents:
        if id(words) not in terms_of:
            terms_of[id(words)] = _terms(words)
    documents = [terms_of[id(words)] for words in documents]
    vectoriser = TfidfVectorizer(
        analyzer=_as_is,
        sublinear_tf=True,
        min_df=1 if count < 200 else 2,
        max_df=1.0 if count < 30 else 0.5,
        dtype=np.float64,
    )
    try:
        matrix = vectoriser.fit_transform(documents)
    except ValueError:  # no term left after min_df/max_df
        return None, None
    return matrix.tocsr(), vectoriser.get_feature_names_out()


def _as_is(terms: list[str]) -> list[str]:
    return terms


def _cluster(matrix, max_themes: int | None) -> np.ndarray:
    count = matrix.shape[0]
    if count <= AGGLOMERATIVE_LIMIT:
        return _agglomerative(matrix, max_themes)
    # Many points: cluster an evenly spaced sample (in id order) the same way, then give every
    # point to the nearest centre and let k-means settle the centres.
    from sklearn.cluster import KMeans

    step = count / AGGLOMERATIVE_LIMIT
    sample = np.unique((np.arange(AGGLOMERATIVE_LIMIT) * step).astype(np.intp))
    sample_labels = _agglomerative(matrix[sample], max_themes)
    centres = []
    for label, size in sorted(Counter(sample_labels.tolist()).items()):
        if size > 1:
            centre = np.asarray(matrix[sample[sample_labels == label]].mean(axis=0)).ravel()
            centres.append(centre / (np.linalg.norm(centre) or 1.0))
    if len(centres) < 2:
        return np.zeros(count, dtype=np.intp)
    model = KMeans(
        n_clusters=len(centres), init=np.vstack(centres), n_init=1, max_iter=20, random_state=0
    )
    labels = model.fit_predict(matrix)
    # A point far from every centre stays on its own (it goes to "Övrigt").
    centres = model.cluster_centers_ / np.maximum(
        np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12
    )
    closeness = np.asarray(matrix.multiply(centres[labels]).sum(axis=1)).ravel()
    alone = np.flatnonzero(closeness < 1.0 - DISTANCE_THRESHOLD)
    labels[alone] = len(centres) + np.arange(len(alone))
    return labels


def _agglomerative(matrix, max_themes: int | None) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    count = matrix.shape[0]
    similarity = (matrix @ matrix.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        metric="precomputed",
        linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
        n_clusters=None,
    )
    labels = model.fit_predict(distance)
    sizes = Counter(labels.tolist())
    themes = sum(1 for size in sizes.values() if size > 1)
    if max_themes is not None and themes > max_themes and count > max_themes:
        model = AgglomerativeClustering(
            metric="precomputed", linkage="average", n_clusters=max_themes
        )
        labels = model.fit_predict(distance)
    return labels


def _theme(ordered: list[ThemeInput], members: list[int], rows, vocabulary) -> Theme:
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    ranked = np.lexsort((vocabulary, -centroid))  # heaviest first, then by word
    top = [index for index in ranked[: KEYWORDS * 4] if vocabulary[index][0] not in "@~"]
    top = [index for index in top if centroid[index] > 0][:KEYWORDS]
    keywords = tuple(str(vocabulary[index]) for index in top)
    norm = np.linalg.norm(centroid)
    closeness = np.round(np.asarray(rows @ centroid).ravel() / (norm or 1.0), 9)
    ids = [ordered[position].id for position in members]
    # The most typical first (ties: by id): only those at least as close as the third closest
    # can be among the first three.
    candidates = range(len(members))
    if len(members) > REPRESENTATIVES:
        bar = np.partition(closeness, len(members) - REPRESENTATIVES)[-REPRESENTATIVES]
        candidates = np.flatnonzero(closeness >= bar).tolist()
    order = sorted(candidates, key=lambda index: (-closeness[index], ids[index]))
    return Theme(
        label=label_from(keywords, centroid[top]),
        members=tuple(sorted(ids)),
        representatives=tuple(ids[index] for index in order[:REPRESENTATIVES]),
        counts_by_group=_counts(ordered, members),
        keywords=keywords,
    )


def _single_theme(
    ordered: list[ThemeInput], analysed: list[list[str]], members: list[int]
) -> Theme:
    counts = Counter(word for position in members for word in analysed[position])
    keywords = tuple(word for word, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0])))
    keywords = keywords[:KEYWORDS]
    ids = sorted(ordered[position].id for position in members)
    return Theme(
        label=label_from(keywords),
        members=tuple(ids),
        representatives=tuple(ids[:REPRESENTATIVES]),
        counts_by_group=_counts(ordered, members),
        keywords=keywords,
    )


def _other(ordered: list[ThemeInput], analysed: list[list[str]], rest: list[int]) -> Theme:
    theme = _single_theme(ordered, analysed, rest)
    return Theme(
        label=OTHER_LABEL,
        members=theme.members,
        representatives=theme.representatives,
        counts_by_group=theme.counts_by_group,
        keywords=theme.keywords,
    )


def _counts(ordered: list[ThemeInput], members: list[int]) -> dict[str, int]:
    counts = Counter(ordered[position].group for position in members)
    return dict(sorted(counts.items()))


def label_from(keywords: Sequence[str], weights: Sequence[float] | None = None) -> str:
    """Two or three keywords as a Swedish phrase: "Kompetensförsörjning och högskola".

    A third word is added when it weighs nearly as much as the second.
    """
    words = list(keywords[:3])
    if not words:
        return OTHER_LABEL
    if len(words) == 3 and weights is not None and len(weights) >= 3:
        if weights[2] < 0.8 * weights[1]:
            words = words[:2]
    elif len(words) == 3 and weights is None:
        words = words[:2]
    return _join(words)


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) == 1:
        text = words[0]
    else:
        text = ", ".join(words[:-1]) + " och " + words[-1]
    return text[:1].upper() + text[1:]


def _distinct_labels(themes: list[Theme]) -> list[Theme]:
    """When two themes get the same label, give the smaller one its next keyword too."""
    seen: set[str] = set()
    result = []
    for theme in themes:
        label = theme.label
        extra = 3
        while label in seen and extra <= len(theme.keywords):
            label = _join(theme.keywords[:extra])
            extra += 1
        if label in seen:
            label = f"{label} ({len(seen) + 1})"
        seen.add(label)
        if label != theme.label:
            theme = Theme(
                label=label,
                members=theme.members,
                representatives=theme.representatives,
                counts_by_group=theme.counts_by_group,
                keywords=theme.keywords,
            )
        result.append(theme)
    return result
