"""The compilation workspace in a real browser: replies are saved as the officer types, and the
page passes axe."""

import re

import pytest
from django.urls import reverse

from remiss.analysis.selectors import consultation_points, latest_run
from remiss.compilation.models import Reply

from .support import WCAG_21_AA, axe_report, path_re, sign_in

UNIVERSITY = "Södertörns Högskola"
SAVED_AT = re.compile(r"\d{1,2}:\d{2}")


def university_point(consultation):
    points = consultation_points(latest_run(consultation))
    return next(item for item in points if UNIVERSITY in item.point.text)


def axe_violations(page) -> list[dict]:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


@pytest.mark.browser
def test_a_reply_is_saved_as_the_officer_types_and_is_there_after_a_reload(page, demo, officer):
    expect = pytest.importorskip("playwright.sync_api").expect
    workspace = reverse("compilation:workspace", args=[demo.pk])
    page.goto(workspace)
    page.wait_for_url(path_re(reverse("accounts:login")))
    sign_in(page)
    page.wait_for_url(path_re(workspace))

    item = university_point(demo)
    assert [section.number for section in item.sections] == ["2.4"]
    part = page.locator(f"#section-{item.sections[0].pk}")
    point = part.locator("li.point").filter(has_text=UNIVERSITY)
    expect(point).to_have_count(1)
    expect(point.get_by_text("Huddinge kommun", exact=True)).to_be_visible()
    status = point.get_by_role("status")
    expect(status).to_have_text("")

    reply = "Regionen instämmer och tar med högskolefrågan i handlingsplanen."
    point.locator("textarea[name=text]").press_sequentially(reply, delay=10)
    expect(status).to_have_text(SAVED_AT)
    with page.expect_response(
        lambda r: (
            r.url.endswith(reverse("compilation:reply_save", args=[item.point.pk]))
            and "beaktas_delvis" in (r.request.post_data or "")
        )
    ):
        point.locator("select[name=outcome]").select_option("beaktas_delvis")
    expect(status).to_contain_text(officer.get_username())
    assert page.url.endswith(workspace), "saved without leaving the page"

    saved = Reply.objects.get(response=item.point.response, key=item.point.key)
    assert (saved.text, saved.outcome, saved.updated_by) == (reply, "beaktas_delvis", officer)

    page.reload()
    point = page.locator(f"#point-{item.point.pk}")
    expect(point.locator("textarea[name=text]")).to_have_value(reply)
    expect(point.locator("select[name=outcome]")).to_have_value("beaktas_delvis")
    expect(point.get_by_role("status")).to_have_text(SAVED_AT)


@pytest.mark.browser
def test_the_workspace_has_no_wcag_21_aa_violations(signed_in, demo, officer):
    from remiss.compilation.services import reply_save

    page = signed_in
    item = university_point(demo)
    reply_save(
        actor=officer,
        response=item.point.response,
        key=item.point.key,
        text="Beaktas.",
        outcome="beaktas",
        reason="",
    )
    path = reverse("compilation:workspace", args=[demo.pk])
    page.goto(path)
    page.wait_for_url(path_re(path))
    for details in page.locator("details.move-point").all():
        details.locator("summary").click()  # the move forms are checked too

    violations = axe_violations(page)
    assert not violations, f"{path}:\n{axe_report(violations)}"
