"""Near-identical answers: campaign letters, copies and answers built on one template.

Each text becomes a MinHash signature of its word 3-shingles (lower case, letters only); a
datasketch ``MinHashLSH`` index proposes candidate pairs; a pair counts when the signatures'
Jaccard estimate reaches the threshold; the groups are the connected components of those
pairs. Singletons are not groups. The banding is datasketch's (its bands and rows for the
threshold), done with numpy over all signatures at once; a pair already joined through
others is not compared again, so a campaign of thousands of letters costs little. datasketch
(which imports scipy, seconds) is imported only to group, not to make signatures.

The signature is a one-permutation MinHash with optimal densification (Shrivastava 2017): each
shingle is hashed once with a fixed 64-bit hash, the top 7 bits choose one of 128 bins and the
bin keeps its smallest value; empty bins borrow from a non-empty one in a fixed probe order.
Its collision probability per bin is the Jaccard similarity, as with 128 separate permutations,
at a hundredth of the cost, so 100,000 long answers take seconds, not minutes. Hashes are
fixed (blake2b of the word, then a fixed mix), so the same texts give the same groups in every
process and in every input order. A text's words are hashed line by line, and the hashes of
each line are remembered: answers repeat whole lines, and a line comes again at no cost.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

NUM_PERM = 128
SEED = 20_210_305  # recorded with each signature; the hashing itself is fixed
SHINGLE = 3
SMALL_BUCKET = 32  # larger buckets of equal bands are joined member by member
_BIN_BITS = 7  # 2**7 == NUM_PERM
_VALUE_MASK = np.uint64((1 << (64 - _BIN_BITS)) - 1)
_EMPTY = np.uint64(np.iinfo(np.uint64).max)
_MULTIPLIERS = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
)
_PROBES = np.random.default_rng(SEED).permuted(
    np.tile(np.arange(NUM_PERM), (NUM_PERM, 1)), axis=1
)  # row i: the order in which an empty bin i looks for a filled one


@dataclass(frozen=True)
class DuplicateGroup:
    representative: str  # the member most like the others (ties: the smallest id)
    members: tuple[str, ...]  # sorted ids, the representative among them
    similarity: float  # mean estimated Jaccard similarity of the members to the representative


class _WordHashes(dict):
    """word (UTF-8) -> a fixed 64-bit hash, computed once per word and process."""

    def __missing__(self, word: bytes) -> int:
        if len(self) >= 2_000_000:
            self.clear()
        value = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
        self[word] = value
        return value


# ASCII punctuation, digits and "_" become spaces; so do the typographic marks of U+2000–U+203F
# (dashes, quotes, bullets, "…") and U+00A0–U+00BF (no-break space, "«", "»", "§", "°"),
# which UTF-8 writes as E2 80 xx and C2 xx.
_ASCII_MARKS = bytes(
    32 if code < 128 and not chr(code).isalpha() and not chr(code).isspace() else code
    for code in range(256)
)
_TYPOGRAPHIC_MARKS = re.compile(rb"\xe2\x80[\x80-\xbf]|\xc2[\xa0-\xbf]")


def _words(text: str) -> list[bytes]:
    """The words of a text, lower case, as UTF-8: the same words as ``lemmas.tokens`` for
    ordinary Swedish text (letters, digits, punctuation and the usual typographic marks),
    about twice as fast (the work is done on bytes, in C)."""
    data = text.lower().encode("utf-8").translate(_ASCII_MARKS)
    if b"\xe2\x80" in data or b"\xc2" in data:  # the only starts of a typographic mark
        data = _TYPOGRAPHIC_MARKS.sub(b" ", data)
    return data.split()


_WORD_HASHES = _WordHashes()

LINE_CACHE_CHARS = 2_000  # longer lines are hashed word by word each time, not remembered
LINE_CACHE_TOTAL = 16_000_000  # characters of lines remembered before the cache starts over


class _LineHashes(dict):
    """line -> the hashes of its words (a uint64 array), filled on first use: answers repeat
    whole lines (formulas, templates, campaign letters), each is split and hashed once."""

    chars = 0  # of the lines remembered

    def __missing__(self, line: str) -> np.ndarray:
        words = _words(line)
        value = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
        if len(line) <= LINE_CACHE_CHARS:
            if self.chars >= LINE_CACHE_TOTAL:
                self.clear()
                self.chars = 0
            self[line] = value
            self.chars += len(line) + 8 * len(words)
        return value


_LINE_HASHES = _LineHashes()


def _hashes(text: str) -> np.ndarray:
    """The hashes of the words of a text, in order, read line by line: a line break separates
    words, and nothing that makes the words (lower case, marks made spaces) looks across one."""
    return np.concatenate(list(map(_LINE_HASHES.__getitem__, text.split("\n"))))


_SHIFT = np.uint64(33)
_MIX_FIRST = np.uint64(0xFF51AFD7ED558CCD)
_MIX_SECOND = np.uint64(0xC4CEB9FE1A85EC53)
_BIN_SHIFT = np.uint64(64 - _BIN_BITS)
_EMPTY_ROW = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)


def _mix(values: np.ndarray) -> np.ndarray:
    """The finaliser of MurmurHash3: every input bit reaches every output bit (in place;
    arithmetic on uint64 arrays wraps around without a warning)."""
    values ^= values >> _SHIFT
    values *= _MIX_FIRST
    values ^= values >> _SHIFT
    values *= _MIX_SECOND
    values ^= values >> _SHIFT
    return values


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (``NUM_PERM`` uint64 values); None when it has no words.

    Compute it once per answer (for instance at intake, in a worker) and pass the signatures
    to :func:`groups_from_signatures`.
    """
    hashes = _hashes(text)
    if not len(hashes):
        return None
    if len(hashes) >= SHINGLE:
        shingles = hashes[: -SHINGLE + 1] * _MULTIPLIERS[0]
        for offset in range(1, SHINGLE):
            end = len(hashes) - SHINGLE + 1 + offset
            shingles += hashes[offset:end] * _MULTIPLIERS[offset]
    else:
        shingles = np.array([sum(int(h) for h in hashes) % (1 << 64)], dtype=np.uint64)
    shingles = _mix(shingles)
    # Each bin keeps its smallest value (the values of one bin share their top bits).
    bins = (shingles >> _BIN_SHIFT).astype(np.intp)
    shingles &= _VALUE_MASK
    result = _EMPTY_ROW.copy()
    np.minimum.at(result, bins, shingles)
    empty = np.flatnonzero(result == _EMPTY)
    if len(empty):
        filled = result != _EMPTY
        probes = _PROBES[empty]
        donors = probes[np.arange(len(empty)), np.argmax(filled[probes], axis=1)]
        result[empty] = result[donors]
    return result


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two texts' shingles, estimated from their signatures."""
    return float(np.count_nonzero(first == second)) / NUM_PERM


def near_duplicate_groups(
    texts: Mapping[str, str], *, threshold: float = 0.8
) -> list[DuplicateGroup]:
    """Groups of near-identical texts (ids are the mapping's keys), largest first."""
    signatures = {key: signature(text) for key, text in texts.items()}
    return groups_from_signatures(
        {key: value for key, value in signatures.items() if value is not None},
        threshold=threshold,
    )


def groups_from_signatures(
    signatures: Mapping[str, np.ndarray], *, threshold: float = 0.8
) -> list[DuplicateGroup]:
    """:func:`near_duplicate_groups` for signatures made by :func:`signature`."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    ids = sorted(signatures)
    if len(ids) < 2:
        return []
    matrix = np.stack([np.asarray(signatures[key], dtype=np.uint64) for key in ids])
    parent = list(range(len(ids)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(first: int, second: int) -> None:
        first, second = find(first), find(second)
        if first != second:
            parent[max(first, second)] = min(first, second)

    # Identical signatures are one group at once; the bands hold one of each.
    keep = np.ones(len(ids), dtype=bool)
    for same in _buckets(matrix):
        first = int(same[0])
        for other in same[1:].tolist():
            union(first, other)
        keep[same[1:]] = False

    needed = int(np.ceil(threshold * NUM_PERM - 1e-9))
    rows = np.flatnonzero(keep)
    # Small buckets give pairs, compared once each at the end however many bands they share;
    # a large bucket (a campaign) is joined at once, skipping pairs already in one group.
    pairs = []
    for band_start, band_end in _bands(threshold):
        small = []
        for members in _buckets(matrix[rows, band_start:band_end]):
            if len(members) > SMALL_BUCKET:
                _join_alike(rows[members], matrix, needed, find, union)
            else:
                small.append(rows[members])
        pairs.extend(pair[:, 0] * len(ids) + pair[:, 1] for pair in _pairs(small))
    if pairs:
        codes = np.unique(np.concatenate(pairs))
        for start in range(0, len(codes), 100_000):
            first, second = np.divmod(codes[start : start + 100_000], len(ids))
            agreements = np.count_nonzero(matrix[first] == matrix[second], axis=1)
            alike = agreements >= needed
            for one, other in zip(first[alike].tolist(), second[alike].tolist(), strict=True):
                union(one, other)

    components: dict[int, list[int]] = {}
    for position in range(len(ids)):
        components.setdefault(find(position), []).append(position)
    groups = [_group(ids, matrix, members) for members in components.values() if len(members) > 1]
    groups.sort(key=lambda group: (-len(group.members), group.representative))
    return groups


@cache
def _bands(threshold: float) -> tuple[tuple[int, int], ...]:
    """The (start, end) columns of each band of datasketch's ``MinHashLSH`` for the threshold:
    two signatures are a candidate pair when they agree on every column of some band."""
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges)


def _buckets(block: np.ndarray) -> list[np.ndarray]:
    """The rows (ascending) of each set of two or more equal rows of ``block``.

    Rows are sorted by a 64-bit hash of their values (quicker than sorting the rows); the rows
    of one hash are then compared whole, so a collision of hashes joins nothing.
    """
    if len(block) < 2:
        return []
    keys = np.zeros(len(block), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(block.shape[1]):
            keys ^= block[:, column]
            keys *= _MULTIPLIERS[0]
        keys = _mix(keys)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, len(order)))
    several = sizes > 1
    if not several.any():
        return []
    # Each row against the first row of its hash: all equal but where hashes collided.
    firsts = np.repeat(order[starts], sizes)
    same = np.all(block[order] == block[firsts], axis=1)
    whole = np.logical_and.reduceat(same, starts)
    buckets = []
    for start, size, clean in zip(
        starts[several].tolist(), sizes[several].tolist(), whole[several].tolist(), strict=True
    ):
        rows = order[start : start + size]
        if clean:
            buckets.append(rows)
            continue
        _, inverse, counts = np.unique(block[rows], axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        for value in np.flatnonzero(counts > 1).tolist():
            buckets.append(rows[inverse == value])
    return buckets


def _pairs(buckets: list[np.ndarray]) -> list[np.ndarray]:
    """Every pair (first < second) of rows within each bucket, as two columns."""
    by_size: dict[int, list[np.ndarray]] = {}
    for rows in buckets:
        by_size.setdefault(len(rows), []).append(rows)
    pairs = []
    for size, same_size in by_size.items():
        stacked = np.vstack(same_size)
        first, second = np.triu_indices(size, 1)
        pairs.append(np.column_stack((stacked[:, first].ravel(), stacked[:, second].ravel())))
    return pairs


def _join_alike(members: np.ndarray, matrix: np.ndarray, needed: int, find, union) -> None:
    """Join the members of one bucket (positions, ascending) that agree on ``needed`` values,
    each with each: a pair already in one group is not compared (it changes nothing)."""
    labels = np.fromiter(map(find, members.tolist()), dtype=np.intp, count=len(members))
    for first in range(len(members) - 1):
        later = slice(first + 1, None)
        label = labels[first]
        apart = np.flatnonzero(labels[later] != label) + first + 1
        if not len(apart):
            continue
        agreements = np.count_nonzero(matrix[members[apart]] == matrix[members[first]], axis=1)
        alike = apart[agreements >= needed]
        if not len(alike):
            continue
        position = int(members[first])
        for other in members[alike].tolist():
            union(position, other)
        merged = np.isin(labels, np.append(labels[alike], label))
        labels[merged] = find(position)


def _group(ids: list[str], matrix: np.ndarray, members: list[int]) -> DuplicateGroup:
    block = matrix[members]
    # For each member, how many (member, bin) values it shares, itself included: per bin,
    # the count of members holding the same value.
    agreements = np.zeros(len(members), dtype=np.int64)
    for column in range(NUM_PERM):
        _, inverse, counts = np.unique(block[:, column], return_inverse=True, return_counts=True)
        agreements += counts[inverse]
    best = int(np.argmax(agreements))  # the first of equals: members are in id order
    similarity = (agreements[best] - NUM_PERM) / (NUM_PERM * (len(members) - 1))
    return DuplicateGroup(
        representative=ids[members[best]],
        members=tuple(ids[member] for member in members),
        similarity=round(float(similarity), 3),
    )
