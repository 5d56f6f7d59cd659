"""The faster paths of the analysis give what the plain ones give."""

import re

from remiss.textkit import endorsements, structure
from remiss.textkit.documents import Page
from remiss.textkit.points import points_from_sentences
from remiss.textkit.stance import stance_from_sentences
from remiss.textkit.structure import ANSWER_KINDS, POINT_KINDS_OF_PART, sentences, split_parts
from remiss.textkit.tests.synthetic_letters import LETTERS

LONG_LINE = (
    "Kommunen har tagit del av remissen. Bakgrund Region Stockholm har tagit fram en strategi "
    "som ska gälla till 2030 och som omfattar fyra inriktningsområden. Sammanfattning Kommunen "
    "tillstyrker förslaget men saknar en analys av kompetensförsörjningen. Synpunkter Kommunen "
    "föreslår att strategin kompletteras med insatser för små företag, t.ex. rådgivning. "
    "Beskrivning av ärendet Förslaget har beretts av förvaltningen."
)


def test_normalise_collapses_white_space_and_joins_hyphenated_words():
    text = "  Kompetens-\n försörj-\nningen\u00a0 och\t\n utveck-\noch  "
    expected = re.sub(r"\s+", " ", structure._HYPHEN_BREAK.sub("", text)).strip()
    assert structure.normalise(text) == expected == "Kompetensförsörjningen och utveck- och"


def test_inline_headings_start_with_the_first_letter_of_a_phrase():
    inline, _ = structure._inline_pattern()
    plain = re.compile(re.sub(r"^\(\?=\[[^]]*\]\)", "", inline.pattern))
    assert plain.pattern != inline.pattern
    spans = [found.span() for found in inline.finditer(LONG_LINE)]
    assert spans == [found.span() for found in plain.finditer(LONG_LINE)]
    assert len(spans) == 4


def test_sentences_of_some_kinds_are_those_of_all_kinds():
    kinds = ANSWER_KINDS | POINT_KINDS_OF_PART
    for _, text in LETTERS.values():
        pages = [Page(1, text)]
        parts = split_parts(pages)
        every = sentences(pages, parts)
        some = sentences(pages, parts, kinds=kinds)
        assert [s for s in every if s.kind in kinds] == [s for s in some if s.kind in kinds]
        assert points_from_sentences(every) == points_from_sentences(some)
        assert stance_from_sentences(every, ()) == stance_from_sentences(some, ())


def test_endorsements_are_matched_where_a_verb_stands():
    text = (
        "Kommunen ställer sig bakom Storsthlms yttrande. Vi instämmer i det yttrande som KSL "
        "har lämnat. Nämnden delar Länsstyrelsens synpunkter och hänvisar till SKR:s remissvar."
    )
    verb = endorsements._verb().search(text)
    assert verb is not None
    for pattern in endorsements._patterns():
        expected = [found.span() for found in pattern.finditer(text)]
        assert expected
        assert [found.span() for found in endorsements._finditer(pattern, text, verb.start())] == (
            expected
        )
    names = [found.organisation for found in endorsements.find_endorsements([Page(1, text)])]
    assert names == ["Storsthlm", "KSL", "Länsstyrelsen", "SKR"]


def test_the_named_check_is_tried_only_before_answer_words():
    named, _ = endorsements._quick_checks()
    words = endorsements._answer_words()
    assert words is not None
    texts = [
        *(text for _, text in LETTERS.values()),
        LONG_LINE,
        "Vi stöder Storsthlm:s  \n yttrande.",
        "Det ansvar som X har. AB s svar. (ABs svarx Å’s skrivelse",
        "kommunen delar regionens synpunkter men inte SKR:s\tsynpunkterna",
    ]
    for text in texts:
        assert endorsements._named_before_answer(text, named, words) == bool(named.search(text))


def test_verbs_are_found_behind_their_first_letters():
    verb, quick = endorsements._verb(), endorsements._verb_quick()
    assert quick.pattern != verb.pattern
    text = (
        "Kommunen STÄLLER SIG BAKOM Storsthlms yttrande och ſtöder KSL. Vi delar ınte allt, "
        "men İnstämmer i SKR:s remissvar och hänvisar till det yttrande som KSL lämnat."
    )
    starts = endorsements._verb_starts(text)
    expected = []
    found = verb.search(text)
    while found is not None:
        expected.append(found.start())
        found = verb.search(text, found.start() + 1)
    assert starts == expected
    assert len(starts) >= 5


def test_inline_headings_are_tried_only_where_a_phrase_stands():
    inline, _ = structure._inline_pattern()
    for text in (LONG_LINE, LONG_LINE.replace(" Synpunkter", "Synpunkter"), *LETTERS.values()):
        text = text if isinstance(text, str) else text[1]
        expected = [found.span() for found in inline.finditer(text)]
        assert [found.span() for found in structure._inline_headings(text)] == expected


def test_the_banding_finds_the_pairs_of_datasketchs_index():
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from remiss.textkit import duplicates

    rng = np.random.default_rng(7)
    signatures = {}
    for family in range(12):
        base = rng.integers(0, 2**57, size=duplicates.NUM_PERM, dtype=np.uint64)
        for member in range(3 + family * 4):
            value = base.copy()
            changed = rng.choice(duplicates.NUM_PERM, size=rng.integers(0, 70), replace=False)
            value[changed] = rng.integers(0, 2**57, size=len(changed), dtype=np.uint64)
            signatures[f"{family:02d}-{member:03d}"] = value
    signatures["copy"] = signatures["05-001"].copy()
    ids = sorted(signatures)
    for threshold in (0.5, 0.8, 0.9):
        needed = int(np.ceil(threshold * duplicates.NUM_PERM - 1e-9))
        index = MinHashLSH(threshold=threshold, num_perm=duplicates.NUM_PERM)
        hashes = {}
        for key in ids:
            hashes[key] = LeanMinHash(seed=1, hashvalues=signatures[key], scheme="affine64")
            index.insert(key, hashes[key], check_duplication=False)
        pairs = {
            (key, other)
            for key in ids
            for other in index.query(hashes[key])
            if other > key and np.count_nonzero(signatures[key] == signatures[other]) >= needed
        }
        parent = {key: key for key in ids}
        for key, other in pairs:
            roots = _root(parent, key), _root(parent, other)
            parent[max(roots)] = min(roots)
        expected: dict[str, list[str]] = {}
        for key in ids:
            expected.setdefault(_root(parent, key), []).append(key)
        groups = duplicates.groups_from_signatures(signatures, threshold=threshold)
        assert sorted(group.members for group in groups) == sorted(
            tuple(members) for members in expected.values() if len(members) > 1
        )


def _root(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        key = parent[key]
    return key


def _plain_signature(text: str):
    """The MinHash signature the long way: all words of the text at once, each bin's smallest
    value found by sorting (as the signature was first written)."""
    import hashlib

    import numpy as np

    from remiss.textkit import duplicates

    words = duplicates._words(text)
    if not words:
        return None
    hashes = np.array(
        [int.from_bytes(hashlib.blake2b(w, digest_size=8).digest(), "little") for w in words],
        dtype=np.uint64,
    )
    with np.errstate(over="ignore"):
        if len(hashes) >= duplicates.SHINGLE:
            shingles = sum(
                hashes[offset : len(hashes) - duplicates.SHINGLE + 1 + offset] * multiplier
                for offset, multiplier in enumerate(duplicates._MULTIPLIERS)
            )
        else:
            shingles = np.array([sum(int(h) for h in hashes) % (1 << 64)], dtype=np.uint64)
        shingles = duplicates._mix(shingles.astype(np.uint64))
    shingles.sort()
    bins = (shingles >> np.uint64(64 - duplicates._BIN_BITS)).astype(np.intp)
    first = np.flatnonzero(np.concatenate(([True], bins[1:] != bins[:-1])))
    result = np.full(duplicates.NUM_PERM, duplicates._EMPTY, dtype=np.uint64)
    result[bins[first]] = shingles[first] & duplicates._VALUE_MASK
    empty = np.flatnonzero(result == duplicates._EMPTY)
    if len(empty):
        filled = result != duplicates._EMPTY
        probes = duplicates._PROBES[empty]
        result[empty] = result[probes[np.arange(len(empty)), np.argmax(filled[probes], axis=1)]]
    return result


def test_signatures_read_line_by_line_are_those_of_the_whole_text():
    import numpy as np

    from remiss.textkit import duplicates

    texts = [
        *(text for _, text in LETTERS.values()),
        LONG_LINE,
        LONG_LINE.replace(". ", ".\n"),
        "Ett ord\n\ntvå\r\nord – och «tre» § 4\u00a0fem\n" * 3,
        "ΣΟΦΙΑΣ\nΟΔΟΣ ΣΟΦΙΑΣ",  # the final sigma of lower() looks at the letters around it
        "a\nb",
        "ett",
        "\n\n",
        "",
        "x" * (duplicates.LINE_CACHE_CHARS + 10) + " y z\nslut",
    ]
    for text in texts * 2:  # the second time, the lines are remembered
        expected, found = _plain_signature(text), duplicates.signature(text)
        assert (expected is None) == (found is None), text
        if expected is not None:
            assert np.array_equal(found, expected), text


def test_the_first_sentence_of_a_paragraph_is_the_first_of_all_its_sentences():
    page = Page(1, LONG_LINE + "\n\n" + LETTERS["plain_support"][1])
    parts = split_parts([page])
    for part in parts:
        start, end = part.evidence.start, part.evidence.end
        every = structure._split_block(page.text, start, end, part, 1)
        first = structure._split_block(page.text, start, end, part, 1, first_only=True)
        assert every
        assert first == every[:1]
        assert structure._split_block(page.text, start, end, part, 1) == every  # remembered


def test_lines_longer_than_any_heading_are_no_headings():
    lines = [
        "Synpunkter på förslaget till regional utvecklingsstrategi för Stockholmsregionen "
        "och dess genomförande",
        "Förslag till beslut om yttrande över remissen av den regionala strategin för "
        "näringsliv och tillväxt i länet",
        "F ö r v a l t n i n g e n s   s y n p u n k t e r   o c h   f ö r s l a g   t i l l   "
        "b e s l u t   o m   y t t r a n d e",
        LONG_LINE,
    ]
    for line in lines:
        assert len(line) > structure._LONGEST_HEADING
        assert structure.heading_kind(line) is None
        assert not structure.has_heading_shape(line)
        for kind in ("views", "description", "letterhead"):
            assert not structure._is_heading_line([(0, len(line), line, True)], 0, kind)


def test_the_kind_a_line_opens_is_its_inline_heading_or_known_heading():
    for text in (LONG_LINE, *(text for _, text in LETTERS.values())):
        for line in text.replace(". ", ".\n").split("\n"):
            line = line.strip()
            inline = structure._inline_kind(line) if len(line) >= 20 else None
            expected = inline if inline is not None else structure.heading_kind(line)
            assert structure._opening_kind(line) == expected
    assert structure._opening_kind("Sammanfattning") == "summary"
    assert structure._opening_kind("Synpunkter Kommunen tillstyrker förslaget.") == "views"
