"""The search page: officers only, highlighted hits, clear messages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL, {"q": "kommun"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_someone_without_an_officer_role_may_not_search(client, respondent):
    client.force_login(respondent)
    assert client.get(URL, {"q": "kommun"}).status_code == 403


def test_an_officer_finds_the_demo_answer_with_the_word_marked(client, handlaggare, demo_case):
    client.force_login(handlaggare)
    response = client.get(URL, {"q": "konkurrenskraftigt", "remiss": demo_case.pk, "i": "svar"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>konkurrenskraftigt</mark>" in page
    assert 'role="search"' in page
    hit = response.context["results"].hits[0]
    assert f'href="{hit.url}"' in page


def test_points_only_are_searched_when_asked(client, handlaggare, demo_case):
    client.force_login(handlaggare)
    response = client.get(URL, {"q": "Huddinge", "i": "synpunkter"})
    assert {hit.kind for hit in response.context["results"].hits} == {"point"}


def test_the_page_says_when_nothing_was_found_and_escapes_the_query(client, handlaggare, demo_case):
    client.force_login(handlaggare)
    page = client.get(URL, {"q": "<b>zzzqqq</b>"}).content.decode()
    assert "&lt;b&gt;zzzqqq&lt;/b&gt;" in page
    assert "<b>zzzqqq</b>" not in page
    assert 'id="hit-count"' in page


def test_an_empty_query_asks_for_words(client, handlaggare):
    client.force_login(handlaggare)
    response = client.get(URL, {"q": "  "})
    assert response.status_code == 200
    assert response.context["results"] is None


def test_an_unknown_consultation_is_an_error_on_the_form(client, handlaggare):
    client.force_login(handlaggare)
    response = client.get(URL, {"q": "kommun", "remiss": "not-a-uuid"})
    assert response.status_code == 200
    assert response.context["form"].errors["remiss"]
    assert 'class="error-summary"' in response.content.decode()


def test_the_pager_keeps_the_query(client, handlaggare, demo_case, monkeypatch):
    from remiss.search import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    client.force_login(handlaggare)
    response = client.get(URL, {"q": "Huddinge", "remiss": demo_case.pk})
    assert response.context["next_url"].startswith("?q=Huddinge&remiss=")
    assert "sida=2" in response.context["next_url"]
    second = client.get(URL + response.context["next_url"])
    assert second.context["results"].offset == 1
    assert second.context["previous_url"]
