"""Pure helpers for search: read the user's words, build an FTS5 query, make safe snippets.

No Django models here, so the rules are easy to test: whatever the user types must never reach
the database as query syntax, and whatever the database returns must never reach the page as
HTML without being escaped.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 300
"""Longer queries are cut here; nobody types more, and the database is spared huge queries."""

PREFIX_MIN_LETTERS = 4
"""On SQLite, a word of at least this many letters also finds longer words that begin with it."""

# Sentinels the database puts around matched words; chosen from Unicode's private use area, so
# they do not occur in letters. They become <mark> only after the text around them is escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool  # several words that must follow each other: "in quotes", or e-post


def clean_query(text: str) -> str:
    """The query as the database may see it: composed (NFC), no NUL characters, no sentinels,
    at most MAX_QUERY_CHARS characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\x00", " ").replace(MARK_START, " ").replace(MARK_END, " ")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def query_terms(text: str) -> list[Term]:
    """The words and "quoted phrases" of a query; every other character is ignored.

    Only letters and digits survive, so operators (AND, OR, NOT, NEAR, *, parentheses, column
    filters) typed by the user are read as plain words or dropped, never as syntax.
    """
    terms = []
    for match in _TERM.finditer(clean_query(text)):
        quoted, bare = match.groups()
        words = tuple(w.casefold() for w in _WORD.findall(quoted if quoted is not None else bare))
        if words:
            terms.append(Term(words, phrase=len(words) > 1))
    return terms


def fts5_match(text: str) -> str:
    """An FTS5 MATCH expression that finds rows containing every term of the query.

    Each word is a double-quoted FTS5 string (so it is never an operator), a word of at least
    PREFIX_MIN_LETTERS letters is a prefix query (`"kompetensförsörj"*` finds
    "kompetensförsörjningen"), which stands in for PostgreSQL's Swedish stemming. Returns ""
    when the query has no words.
    """
    parts = []
    for term in query_terms(text):
        if term.phrase:
            parts.append('"' + " ".join(term.words) + '"')
        else:
            word = term.words[0]
            parts.append(f'"{word}"*' if len(word) >= PREFIX_MIN_LETTERS else f'"{word}"')
    return " ".join(parts)


def websearch_text(text: str) -> str:
    """The query for PostgreSQL's websearch_to_tsquery, which accepts any text without error;
    only the terms are passed on, so both databases read a query the same way."""
    return " ".join(
        '"' + " ".join(term.words) + '"' if term.phrase else term.words[0]
        for term in query_terms(text)
    )


def snippet_html(snippet: str) -> str:
    """Escape everything the database returned, then turn the sentinels into <mark> tags.

    The result is always well formed: an end without a start is dropped, and an open <mark> is
    closed at the end.
    """
    out = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", " ".join(snippet.split())):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(html.escape(piece, quote=True))
    if open_mark:
        out.append("</mark>")
    return "".join(out)
