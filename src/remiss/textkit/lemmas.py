"""Swedish words: tokens, lemmas (simplemma), stop words and compound parts.

This is the hot path of the analysis (every answer passes through it once or more), so the
work per word is a regular expression match and a dictionary look-up: each distinct lower-case
token is lemmatised once per process and remembered (``stop words`` map to ``""``).

The stop words are data (``lexicons/stopwords_sv.txt``, surface forms). A token is dropped when
the token or its lemma is a stop word; list the surface form when simplemma maps a function
word to a content word ("ska" -> "skola").

>>> lemmas("Kompetensförsörjningen behöver stärkas i regionen")
['kompetensförsörjning', 'behöva', 'stärka', 'region']
"""

import re
from functools import cache

import simplemma

from remiss.textkit import lexicons

LANGUAGE = "sv"
STOPWORDS_LEXICON = "stopwords_sv"

# Runs of letters: digits, punctuation and "_" separate words. "e-post" gives "e", "post";
# the suspended "näringslivs- och" gives "näringslivs".
_WORD = re.compile(r"[^\W\d_]+")
_MARKS = ".,;:!?()[]{}\"'«»”“„’‘–—-…/*•·§%"

_CACHE_LIMIT = 400_000  # distinct tokens remembered before the cache starts over


def stopwords() -> frozenset[str]:
    return lexicons.word_set(STOPWORDS_LEXICON)


def lexicon_version() -> str:
    return lexicons.version(STOPWORDS_LEXICON)


def is_stopword(word: str) -> bool:
    return word.lower() in stopwords()


class _LemmaCache(dict):
    """token -> lemma, or "" for a stop word or a one-letter token; filled on first use."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value = _lemmatise(token)
        self[token] = value
        return value


def _lemmatise(token: str) -> str:
    stop = stopwords()
    if len(token) < 2 or token in stop:
        return ""
    lemma = simplemma.lemmatize(token, lang=LANGUAGE).lower()
    if lemma == token and not simplemma.is_known(token, lang=LANGUAGE):
        # A compound simplemma does not know takes the lemma of its last part:
        # "cykelparkeringar" -> "cykel" + "parkering", "inriktningsområdet" -> "...område".
        split = _split(token)
        if split is not None:
            lemma = token[: split[0]] + split[2]
    if lemma in stop:
        return ""
    return lemma


_LEMMAS = _LemmaCache()


def tokens(text: str) -> list[str]:
    """The words of a text, lower case, in order (letters only; digits and punctuation split).

    The same as ``_WORD.findall(text.lower())`` (runs of letters), about twice as fast: split on
    white space, strip the marks around a word, and look closer only at the few pieces that
    still are not all letters ("e-post", "2020-0780").
    """
    result: list[str] = []
    append, extend, find = result.append, result.extend, _WORD.findall
    for word in text.lower().split():
        if word.isalpha():
            append(word)
        else:
            word = word.strip(_MARKS)
            if word.isalpha():
                append(word)
            elif word:
                extend(find(word))
    return result


def lemma(token: str) -> str:
    """The lemma of one word (lower case), or "" when it is a stop word."""
    return _LEMMAS[token.lower()]


def lemmas(text: str) -> list[str]:
    """The lemmas of the content words of a text, in order (stop words left out)."""
    return list(filter(None, map(_LEMMAS.__getitem__, tokens(text))))


def lemmas_of_tokens(words: list[str], *, keep_gaps: bool = False) -> list[str]:
    """:func:`lemmas` for words already split and lower-cased (as by :func:`tokens`).

    With ``keep_gaps`` the result has one entry per word, "" for a stop word (or anything
    else that is not a content word, such as a punctuation mark).
    """
    if keep_gaps:
        return list(map(_LEMMAS.__getitem__, words))
    return list(filter(None, map(_LEMMAS.__getitem__, words)))


def clear_cache() -> None:
    _LEMMAS.clear()
    compound_parts.cache_clear()


MIN_COMPOUND = 8  # shorter words are not split
MIN_HEAD = 4  # the last part of a compound ("försörjning" in "kompetensförsörjning")
MIN_MODIFIER = 4  # the first part ("kompetens"); shorter ones ("sam", "för") mislead


@cache
def compound_parts(word: str) -> tuple[str, ...]:
    """The two parts of a Swedish compound, as lemmas, when both parts are known words.

    The head is the longest known word at the end; a linking "s" stays with the first part
    and is removed by its lemma ("kompetens|försörjning", "närings|liv" -> "näring", "liv").
    Returns () for a word that is not a compound, or too short to be split safely.

    >>> compound_parts("kompetensförsörjningen")
    ('kompetens', 'försörjning')
    """
    split = _split(word.lower())
    return () if split is None else (split[1], split[2])


def _split(word: str) -> tuple[int, str, str] | None:
    """(where the head starts, the first part's lemma, the head's lemma), or None."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    stop = stopwords()
    for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        modifier, head = word[:cut], word[cut:]
        if modifier in stop or not simplemma.is_known(head, lang=LANGUAGE):
            continue
        if not simplemma.is_known(modifier, lang=LANGUAGE):
            if not (modifier.endswith("s") and simplemma.is_known(modifier[:-1], LANGUAGE)):
                continue
            modifier = modifier[:-1]
        first = simplemma.lemmatize(modifier, lang=LANGUAGE).lower()
        if len(modifier) < MIN_MODIFIER or len(first) < MIN_MODIFIER or first in stop:
            continue
        return cut, first, simplemma.lemmatize(head, lang=LANGUAGE).lower()
    return None
