"""The query and snippet rules, without a database."""

import pytest

from remiss.search.query import (
    MARK_END,
    MARK_START,
    MAX_QUERY_CHARS,
    fts5_match,
    query_terms,
    snippet_html,
    websearch_text,
)


def test_every_word_is_quoted_and_long_words_are_prefixes():
    assert fts5_match("Kompetensförsörjning i Huddinge") == (
        '"kompetensförsörjning"* "i" "huddinge"*'
    )


def test_operators_typed_by_the_user_are_words_or_nothing():
    assert fts5_match('NEAR(a b) AND ( "" * text:x -') == '"near a" "b" "and" "text x"'


def test_quoted_words_stay_a_phrase_on_both_databases():
    assert fts5_match('"hållbar tillväxt" region') == '"hållbar tillväxt" "region"*'
    assert websearch_text('"hållbar tillväxt" region') == '"hållbar tillväxt" region'


@pytest.mark.parametrize("query", ["", "   ", '"', "()", "*", "\x00", "-- ;", "…"])
def test_a_query_without_words_has_no_terms(query):
    assert query_terms(query) == []
    assert fts5_match(query) == ""


def test_a_very_long_query_is_cut():
    assert len(websearch_text("ord " * 10_000)) <= MAX_QUERY_CHARS


def test_decomposed_letters_are_composed_before_searching():
    assert fts5_match("ho\u0308g") == '"hög"'


def test_a_snippet_is_escaped_before_the_matches_are_marked():
    snippet = f'<script>alert(1)</script> & {MARK_START}hög{MARK_END} "kvalitet"'
    assert snippet_html(snippet) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>hög</mark> &quot;kvalitet&quot;"
    )


def test_a_snippet_with_stray_sentinels_is_still_well_formed():
    assert snippet_html(f"a{MARK_END} {MARK_START}b{MARK_START} c") == "a <mark>b c</mark>"
