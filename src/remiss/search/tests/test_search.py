"""Full-text search on the database the suite runs on (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from remiss.analysis.selectors import latest_run
from remiss.consultations.services import consultation_create
from remiss.demo.services import HUDDINGE
from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute
from remiss.responses.models import DocumentPage, Response
from remiss.search import services
from remiss.search.services import search

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


BODIES = [
    ("Täby kommun", "för arbetspendlingen norrut"),
    ("Sollentuna kommun", "eftersom bostadsbyggandet ökar kraftigt"),
    ("Järfälla kommun", "med tätare turer på kvällar och helger"),
    ("Botkyrka kommun", "så att Alby och Fittja knyts samman"),
    ("Sigtuna kommun", "till Arlanda och Märsta industriområde"),
]


def register(consultation, name: str, text: str) -> Response:
    """Register an answer the way the product does: a delivered file through intake."""
    files = [IncomingFile(name, text.encode())]
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=files)
    intake_run_execute(run=run, files=files)
    item = run.items.get()
    assert item.response_id, item.error_detail
    return item.response


@pytest.fixture
def other_case(demo_case):
    return consultation_create(
        actor=None,
        remitting_organisation=demo_case.remitting_organisation,
        case_number="RS 2024-0042",
        title="Regional cykelstrategi",
    )


def test_the_demo_answer_is_found_by_a_word_of_its_text_with_the_word_marked(demo_case):
    results = search("konkurrenskraftigt", consultation=demo_case, source="answers")
    hit = results.hits[0]
    assert (hit.kind, hit.organisation, hit.page) == ("answer", HUDDINGE, 1)
    assert "<mark>konkurrenskraftigt</mark>" in hit.snippet
    page = DocumentPage.objects.get(document_id=hit.document_id, number=1)
    assert hit.url == (
        reverse("responses:detail", args=[hit.response_id])
        + f"#page-{page.document_id}-{page.number}"
    )


def test_a_point_of_the_latest_analysis_is_found(demo_case):
    point = latest_run(demo_case).points.get(text__contains="Södertörns Högskola")
    results = search("universitet", consultation=demo_case, source="points")
    assert [hit.point_id for hit in results.hits] == [point.pk]
    hit = results.hits[0]
    assert hit.kind == "point"
    assert "<mark>universitet</mark>" in hit.snippet
    assert hit.url == reverse("analysis:response", args=[point.response_id]) + (
        f"#point-{point.pk}"
    )


def test_searching_everything_finds_answers_and_points_best_first(demo_case):
    results = search("Södertörns Högskola", consultation=demo_case)
    assert {hit.kind for hit in results.hits} == {"answer", "point"}
    ranks = [hit.rank for hit in results.hits]
    assert ranks == sorted(ranks, reverse=True)
    assert results.total == len(results.hits)


def test_a_word_with_a_swedish_letter_matches_exactly_and_not_its_folded_form(demo_case):
    answer = register(demo_case, "tyreso.txt", "Tyresö kommun\n\nKraven på hög kvalitet består.")
    assert [hit.response_id for hit in search("hög", consultation=demo_case).hits] == [answer.pk]
    assert search("hog", consultation=demo_case).hits == []
    assert search("Tyreso", consultation=demo_case).hits == []
    assert search("TYRESÖ", consultation=demo_case).hits[0].response_id == answer.pk


def test_a_word_finds_its_longer_inflections_on_both_databases(demo_case):
    answer = register(demo_case, "nacka.txt", "Nacka kommun\n\nVattenförsörjningen är avgörande.")
    hits = search("vattenförsörjning", consultation=demo_case, source="answers").hits
    assert [hit.response_id for hit in hits] == [answer.pk]
    assert "<mark>Vattenförsörjningen</mark>" in hits[0].snippet


def test_an_inflected_form_finds_the_base_form_only_with_postgresqls_stemming(demo_case):
    answer = register(
        demo_case, "solna.txt", "Solna stad\n\nVi efterlyser bättre vattenförsörjning."
    )
    hits = search("vattenförsörjningen", consultation=demo_case, source="answers").hits
    if POSTGRES:
        assert [hit.response_id for hit in hits] == [answer.pk]
        assert "<mark>vattenförsörjning</mark>" in hits[0].snippet
    else:  # FTS5 has prefix queries, no stemmer: the documented difference
        assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "AND (",
        "(",
        ")",
        "NEAR(kommun region, 2)",
        "kommun NEAR region",
        "*",
        "kom*",
        "^kommun",
        "text:kommun",
        "-kommun",
        "kommun OR",
        "OR",
        "NOT",
        "!",
        "'; DROP TABLE responses_documentpage; --",
        "\x00kommun",
        "",
        "   ",
        "och",  # a stop word on PostgreSQL
        "kommun " * 2000,
        "x" * 20_000,
        "\ue000kommun\ue001",
        "<mark>kommun</mark>",
    ],
)
def test_a_hostile_query_gives_no_error(demo_case, query):
    results = search(query, consultation=demo_case)
    assert results.total >= 0
    for hit in results.hits:
        assert "<script" not in hit.snippet


def test_an_empty_query_gives_no_hits(demo_case):
    assert search("", consultation=demo_case).hits == []
    assert search("   ").total == 0


def test_the_search_can_be_limited_to_one_consultation(demo_case, other_case):
    demo_answer = register(demo_case, "a.txt", "Täby kommun\n\nCykelbanorna behöver lysen.")
    other_answer = register(other_case, "b.txt", "Vaxholms stad\n\nCykelbanorna är för smala.")
    everywhere = {hit.response_id for hit in search("cykelbanorna").hits}
    assert everywhere == {demo_answer.pk, other_answer.pk}
    limited = search("cykelbanorna", consultation=other_case).hits
    assert [hit.response_id for hit in limited] == [other_answer.pk]
    assert limited[0].case_number == other_case.case_number


def test_a_new_answer_is_found_as_soon_as_it_is_registered(demo_case):
    assert search("skärgårdstrafiken", consultation=demo_case).hits == []
    answer = register(demo_case, "v.txt", "Värmdö kommun\n\nSkärgårdstrafiken måste byggas ut.")
    assert [hit.response_id for hit in search("skärgårdstrafiken").hits] == [answer.pk]


def test_changed_text_is_found_by_its_new_words_only(demo_case):
    answer = register(demo_case, "e.txt", "Ekerö kommun\n\nFärjorna är viktiga.")
    page = DocumentPage.objects.get(document__response=answer)
    page.text = "Ekerö kommun\n\nBroarna är viktiga."
    page.save()
    assert search("färjorna").hits == []
    assert [hit.response_id for hit in search("broarna").hits] == [answer.pk]


def test_a_deleted_document_is_no_longer_found(demo_case):
    answer = register(demo_case, "l.txt", "Lidingö stad\n\nLidingöbanan ska förlängas.")
    assert search("lidingöbanan").total == 1
    answer.documents.all().delete()
    assert search("lidingöbanan").total == 0


def test_points_of_older_runs_are_not_found(demo_case):
    from remiss.analysis.services import analysis_run_create, analysis_run_execute

    first = latest_run(demo_case)
    second = analysis_run_create(actor=None, consultation=demo_case)
    analysis_run_execute(run=second)
    hits = search("universitet", consultation=demo_case, source="points").hits
    assert len(hits) == 1
    assert hits[0].point_id in set(second.points.values_list("id", flat=True))
    assert hits[0].point_id not in set(first.points.values_list("id", flat=True))


def test_hits_are_paged(demo_case):
    for number, (body, words) in enumerate(BODIES):
        register(demo_case, f"p{number}.txt", f"{body}\n\nSpårvägen behövs {words}.")
    first = search("spårvägen", limit=2)
    second = search("spårvägen", limit=2, offset=2)
    last = search("spårvägen", limit=2, offset=4)
    assert (first.total, first.more, first.has_next, first.has_previous) == (5, False, True, False)
    ids = [hit.response_id for page in (first, second, last) for hit in page.hits]
    assert len(set(ids)) == 5
    assert not last.has_next


def test_many_matches_are_counted_only_up_to_the_cap(demo_case, monkeypatch):
    monkeypatch.setattr(services, "MAX_CANDIDATES", 3)
    for number, (body, words) in enumerate(BODIES):
        register(demo_case, f"c{number}.txt", f"{body}\n\nPendeltågen behövs {words}.")
    results = search("pendeltågen", source="answers")
    assert (results.total, results.more, len(results.hits)) == (3, True, 3)


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        search("kommun", source="everything")


def test_the_indexes_exist_after_the_migrations():
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search_vector'"
            )
            assert {row[0] for row in cursor.fetchall()} == {
                "responses_documentpage_search_vector",
                "analysis_point_search_vector",
            }
        else:
            from remiss.search.index import sqlite_missing_triggers

            assert sqlite_missing_triggers() == []


def test_the_index_repairs_itself_after_a_migration_dropped_its_triggers(demo_case):
    from remiss.search.index import index_repair_after_migrate, sqlite_missing_triggers

    if POSTGRES:  # nothing to repair: PostgreSQL computes the generated column itself
        index_repair_after_migrate(using="default")
        assert search("konkurrenskraftigt").total >= 1
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_page_ai")
    answer = register(demo_case, "s.txt", "Sundbybergs stad\n\nTunnelbanan ska förlängas.")
    assert search("tunnelbanan").total == 0
    index_repair_after_migrate(using="default")
    assert sqlite_missing_triggers() == []
    assert [hit.response_id for hit in search("tunnelbanan").hits] == [answer.pk]


def test_the_query_is_answered_from_the_index(demo_case):
    with connection.cursor() as cursor:
        if not POSTGRES:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_page_fts WHERE "
                "search_page_fts MATCH 'kommun'"
            )
            assert "VIRTUAL TABLE INDEX" in " ".join(str(row) for row in cursor.fetchall())
            return
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM responses_documentpage WHERE "
            "search_vector @@ websearch_to_tsquery('swedish'::regconfig, 'kommun')"
        )
        assert "responses_documentpage_search_vector" in " ".join(
            row[0] for row in cursor.fetchall()
        )
