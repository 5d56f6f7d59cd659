"""Near-identical answers: campaign letters, copies and answers built on one template.

Each text becomes a MinHash signature of its word 3-shingles (lower case, letters only); a
datasketch ``MinHashLSH`` index proposes candidate pairs; a pair counts when the signatures'
Jaccard estimate reaches the threshold; the groups are the connected components of those
pairs. Singletons are not groups.

The signature is a one-permutation MinHash with optimal densification (Shrivastava 2017): each
shingle is hashed once with a fixed 64-bit hash, the top 7 bits choose one of 128 bins and the
bin keeps its smallest value; empty bins borrow from a non-empty one in a fixed probe order.
Its collision probability per bin is the Jaccard similarity, as with 128 separate permutations,
at a hundredth of the cost, so 100,000 long answers take seconds, not minutes. Hashes are
fixed (blake2b of the word, then a fixed mix), so the same texts give the same groups in every
process and in every input order.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

NUM_PERM = 128
SEED = 20_210_305  # recorded with each signature; the hashing itself is fixed
SHINGLE = 3
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
    return _TYPOGRAPHIC_MARKS.sub(b" ", data).split()


_WORD_HASHES = _WordHashes()


def _mix(values: np.ndarray) -> np.ndarray:
    """The finaliser of MurmurHash3: every input bit reaches every output bit."""
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    values ^= values >> np.uint64(33)
    return values


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (``NUM_PERM`` uint64 values); None when it has no words.

    Compute it once per answer (for instance at intake, in a worker) and pass the signatures
    to :func:`groups_from_signatures`.
    """
    words = _words(text)
    if not words:
        return None
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        if len(hashes) >= SHINGLE:
            shingles = hashes[: -SHINGLE + 1] * _MULTIPLIERS[0]
            for offset in range(1, SHINGLE):
                end = len(hashes) - SHINGLE + 1 + offset
                shingles += hashes[offset:end] * _MULTIPLIERS[offset]
        else:
            shingles = np.array([sum(int(h) for h in hashes) % (1 << 64)], dtype=np.uint64)
        shingles = _mix(shingles)
    shingles.sort()
    bins = (shingles >> np.uint64(64 - _BIN_BITS)).astype(np.intp)
    first = np.flatnonzero(np.concatenate(([True], bins[1:] != bins[:-1])))
    result = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    result[bins[first]] = shingles[first] & _VALUE_MASK
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

    # Identical signatures are one group at once; the index holds one of each.
    first_of: dict[bytes, int] = {}
    unique: list[int] = []
    for position in range(len(ids)):
        key = matrix[position].tobytes()
        seen = first_of.setdefault(key, position)
        if seen == position:
            unique.append(position)
        else:
            union(seen, position)

    needed = int(np.ceil(threshold * NUM_PERM - 1e-9))
    for position, candidates in _candidates(matrix, unique, threshold):
        others = np.fromiter(candidates, dtype=np.intp, count=len(candidates))
        agreements = np.count_nonzero(matrix[others] == matrix[position], axis=1)
        for other in others[agreements >= needed].tolist():
            union(position, other)

    components: dict[int, list[int]] = {}
    for position in range(len(ids)):
        components.setdefault(find(position), []).append(position)
    groups = [_group(ids, matrix, members) for members in components.values() if len(members) > 1]
    groups.sort(key=lambda group: (-len(group.members), group.representative))
    return groups


def _candidates(
    matrix: np.ndarray, unique: list[int], threshold: float
) -> Iterable[tuple[int, list[int]]]:
    """(a text, the later texts the LSH index puts in a bucket with it)."""
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    for position in unique:
        # The scheme is a label for serialisation; these are 64-bit values of our own hashing.
        hashes[position] = LeanMinHash(seed=SEED, hashvalues=matrix[position], scheme="affine64")
        index.insert(position, hashes[position], check_duplication=False)
    for position in unique:
        candidates = [other for other in index.query(hashes[position]) if other > position]
        if candidates:
            yield position, candidates


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
