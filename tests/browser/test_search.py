"""The search page in Chromium: an officer searches the demo case from the menu, sees the hits
with the words marked, follows one to the page of the answer, and the page passes axe's
WCAG 2.1 A/AA rules."""

import pytest
from django.urls import reverse

from remiss.demo.services import HUDDINGE

from .support import axe_report, main_text, path_re
from .test_accessibility import axe_violations


@pytest.mark.browser
def test_an_officer_searches_and_reads_the_hit_in_the_answer(page, demo, signed_in):
    page.goto(reverse("consultations:list"))
    page.locator(f"header nav a[href='{reverse('search:search')}']").click()
    page.wait_for_url(path_re(reverse("search:search")))

    form = page.get_by_role("search")
    form.locator("#id_q").fill("konkurrenskraftigt")
    form.locator("#id_remiss").select_option(str(demo.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "q=konkurrenskraftigt" in url)

    marks = page.locator("main .search-hits mark")
    assert marks.count() >= 1
    assert marks.first.inner_text().casefold() == "konkurrenskraftigt"
    assert HUDDINGE in main_text(page)
    violations = axe_violations(page)
    assert not violations, f"search results:\n{axe_report(violations)}"

    answer = demo.responses.get(organisation__name=HUDDINGE)
    page.locator("main .search-hits a").first.click()
    page.wait_for_url(lambda url: reverse("responses:detail", args=[answer.pk]) in url)
    anchor = page.evaluate("() => location.hash")
    assert anchor.startswith("#page-")
    assert page.locator(anchor).is_visible()


@pytest.mark.browser
def test_the_page_without_hits_passes_axe(page, demo, signed_in):
    path = reverse("search:search")
    page.goto(f"{path}?q=zzzqqq")
    page.wait_for_url(path_re(path))
    assert page.locator("#hit-count").is_visible()
    violations = axe_violations(page)
    assert not violations, f"no hits:\n{axe_report(violations)}"
