"""The officer's compilation workspace on the demo case: the points per part, replies saved as
the officer types (and without JavaScript), filters, moving points, and who may do what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.analysis.selectors import consultation_points, latest_run
from remiss.analysis.services import analysis_run_create, analysis_run_execute
from remiss.audit.models import AuditEvent
from remiss.compilation.models import Reply, SectionComment
from remiss.compilation.selectors import GENERAL, WorkspaceFilters, workspace_read
from remiss.consultations.models import OrganisationKind
from remiss.demo.services import HUDDINGE

pytestmark = pytest.mark.django_db


def university_point(consultation):
    points = consultation_points(latest_run(consultation))
    return next(item.point for item in points if "Södertörns Högskola" in item.point.text)


def general_point(consultation):
    points = consultation_points(latest_run(consultation))
    return next(item.point for item in points if not item.sections)


def workspace_url(consultation, **query) -> str:
    url = reverse("compilation:workspace", args=[consultation.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def block(workspace, number):
    """The part with this number ("" for the general points) as the workspace shows it."""
    return next(b for b in workspace.sections if (b.section.number if b.section else "") == number)


def shown_texts(block_) -> list[str]:
    return [shown.point.text for group in block_.groups for shown in group.points]


def test_the_workspace_shows_huddinges_point_under_24_with_body_position_and_source(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    response = client.get(workspace_url(demo_case))
    assert response.status_code == 200
    page = response.content.decode()

    workspace = response.context["workspace"]
    assert [b.section.number for b in workspace.sections if b.section][:1] == ["1"], (
        "parts in reading order"
    )
    assert point.text in shown_texts(block(workspace, "2.4"))
    assert point.text not in shown_texts(block(workspace, ""))
    assert len(shown_texts(block(workspace, ""))) == 1, "Huddinge's general point"
    assert workspace.total == 2 and workspace.shown == 2

    assert HUDDINGE in page
    assert "Municipality" in page or "Kommun" in page
    assert "Supports with comments" in page or "Tillstyrker med synpunkter" in page
    source = f"{reverse('responses:detail', args=[point.response_id])}#page-{point.document_id}-"
    assert source in page, "a link to the page of the answer the point comes from"
    assert reverse("compilation:reply_save", args=[point.pk]) in page
    assert 'hx-trigger="input changed delay:800ms' in page
    assert reverse("compilation:overview", args=[demo_case.pk]) in page
    assert reverse("compilation:publication", args=[demo_case.pk]) in page


def test_the_answer_page_has_the_anchor_the_workspace_links_to(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    page = client.get(reverse("responses:detail", args=[point.response_id])).content.decode()
    assert f'id="page-{point.document_id}-{point.page}"' in page


def test_the_workspace_is_linked_from_the_consultation_and_the_analysis(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    url = workspace_url(demo_case)
    for page in ("consultations:detail", "analysis:overview"):
        assert url in client.get(reverse(page, args=[demo_case.pk])).content.decode(), page


def test_sections_closed_for_comment_are_marked(client, demo_case, handlaggare):
    section = demo_case.sections.get(number="2.4")
    section.open_for_comment = False
    section.closed_reason = "Beslutad i annan ordning."
    section.save()
    workspace = workspace_read(demo_case, WorkspaceFilters())
    assert block(workspace, "2.4").open_for_comment is False
    client.force_login(handlaggare)
    page = client.get(workspace_url(demo_case)).content.decode()
    assert "Beslutad i annan ordning." in page


def test_saving_a_reply_with_htmx_creates_it_audits_it_and_answers_with_a_status(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    url = reverse("compilation:reply_save", args=[point.pk])
    data = {"text": "Regionen delar synen.", "outcome": "beaktas", "reason": "Se avsnitt 2.4."}

    response = client.post(url, data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    reply = Reply.objects.get(response=point.response, key=point.key)
    assert (reply.text, reply.outcome, reply.reason) == (
        "Regionen delar synen.",
        "beaktas",
        "Se avsnitt 2.4.",
    )
    assert reply.updated_by == handlaggare
    status = response.content.decode()
    assert "<html" not in status, "only a small fragment"
    assert handlaggare.get_username() in status
    assert timezone.localtime(reply.updated_at).strftime("%H:%M") in status
    events = AuditEvent.objects.filter(action="compilation.reply_saved")
    assert events.count() == 1
    assert events.get().changes["outcome"] == {"from": "", "to": "beaktas"}

    data["text"] = "Regionen delar synen helt."
    client.post(url, data, HTTP_HX_REQUEST="true")
    reply.refresh_from_db()
    assert reply.text == "Regionen delar synen helt."
    assert Reply.objects.count() == 1
    assert events.count() == 2


def test_saving_the_same_reply_again_adds_no_audit_event(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    url = reverse("compilation:reply_save", args=[point.pk])
    data = {"text": "Noterat.", "outcome": "noteras", "reason": ""}
    client.post(url, data, HTTP_HX_REQUEST="true")
    client.post(url, data, HTTP_HX_REQUEST="true")  # "change" after "input": nothing new
    assert AuditEvent.objects.filter(action="compilation.reply_saved").count() == 1


def test_without_javascript_the_reply_is_saved_and_the_page_returns_to_the_point(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    response = client.post(
        reverse("compilation:reply_save", args=[point.pk]),
        {
            "text": "Beaktas i slutversionen.",
            "outcome": "beaktas",
            "reason": "",
            "query": "kind=kommun",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == workspace_url(demo_case, kind="kommun") + f"#point-{point.pk}"

    page = client.get(response["Location"]).content.decode()
    assert "Beaktas i slutversionen." in page
    assert '<option value="beaktas" selected>' in page


def test_an_unknown_outcome_is_not_saved(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    url = reverse("compilation:reply_save", args=[point.pk])
    response = client.post(url, {"text": "x", "outcome": "kanske"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "error-text" in response.content.decode()
    assert not Reply.objects.exists()


def test_considerations_on_a_part_and_on_the_general_points_are_saved(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    section = demo_case.sections.get(number="2.4")
    url = reverse("compilation:considerations_save", args=[demo_case.pk])
    response = client.post(
        url, {"section": str(section.pk), "text": "Högskolefrågan drivs vidare."}
    )
    assert response["Location"].endswith(f"#section-{section.pk}")
    client.post(url, {"section": GENERAL, "text": "Allmänt positivt."}, HTTP_HX_REQUEST="true")

    comments = {c.section_id: c.text for c in SectionComment.objects.all()}
    assert comments == {section.pk: "Högskolefrågan drivs vidare.", None: "Allmänt positivt."}
    assert AuditEvent.objects.filter(action="compilation.considerations_saved").count() == 2
    page = client.get(workspace_url(demo_case)).content.decode()
    assert "Högskolefrågan drivs vidare." in page

    response = client.post(url, {"section": "not-a-part", "text": "x"}, HTTP_HX_REQUEST="true")
    assert "error-text" in response.content.decode()


def test_filters_hide_points_and_the_counts_say_how_many_are_shown(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    section = demo_case.sections.get(number="2.4")
    every = workspace_read(demo_case, WorkspaceFilters())
    assert (every.shown, every.total) == (2, 2)

    region = workspace_read(demo_case, WorkspaceFilters(kind=OrganisationKind.REGION))
    assert (region.shown, region.total) == (0, 2)
    assert region.sections == [], "parts without matching points are left out"

    municipality = workspace_read(demo_case, WorkspaceFilters(kind=OrganisationKind.KOMMUN))
    assert municipality.shown == 2

    opposing = workspace_read(demo_case, WorkspaceFilters(stance="avstyrker"))
    assert opposing.shown == 0
    supporting = workspace_read(demo_case, WorkspaceFilters(stance="tillstyrker_med_synpunkter"))
    assert supporting.shown == 2

    only_24 = workspace_read(demo_case, WorkspaceFilters(section=str(section.pk)))
    assert [b.section for b in only_24.sections] == [section]
    assert only_24.shown == 1
    general = workspace_read(demo_case, WorkspaceFilters(section=GENERAL))
    assert [b.section for b in general.sections] == [None]

    theme = point.themes.filter(merged_into=None).first()
    if theme is not None:
        by_theme = workspace_read(demo_case, WorkspaceFilters(theme=str(theme.pk)))
        assert point.pk in {
            shown.point.pk for b in by_theme.sections for g in b.groups for shown in g.points
        }

    page = client.get(workspace_url(demo_case, kind="region")).content.decode()
    assert "0 of 2 points shown" in page or "0 av 2" in page
    assert point.text not in page
    page = client.get(workspace_url(demo_case, kind="kommun", stance="bogus")).content.decode()
    assert "2 of 2 points shown" in page or "2 av 2" in page, "unknown values are ignored"


def test_points_are_grouped_by_theme(demo_case):
    workspace = workspace_read(demo_case, WorkspaceFilters())
    for block_ in workspace.sections:
        for group in block_.groups:
            for shown in group.points:
                themes = shown.item.themes
                assert (themes[0] if themes else None) == group.theme


def test_a_moved_point_stays_under_its_new_part_after_a_new_analysis(
    client, demo_case, handlaggare
):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    chapter_4 = demo_case.sections.get(number="4")

    response = client.post(
        reverse("compilation:point_move", args=[point.pk]), {"section": str(chapter_4.pk)}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#point-{point.pk}")
    assert AuditEvent.objects.filter(action="analysis.point_corrected").count() == 1

    workspace = workspace_read(demo_case, WorkspaceFilters())
    moved = [s for g in block(workspace, "4").groups for s in g.points]
    assert [s.point.pk for s in moved] == [point.pk]
    assert moved[0].moved
    assert point.text not in shown_texts(block(workspace, "2.4"))
    page = client.get(workspace_url(demo_case)).content.decode()
    assert "Moved by an officer" in page or "Flyttad" in page

    new_run = analysis_run_execute(
        run=analysis_run_create(actor=handlaggare, consultation=demo_case)
    )
    workspace = workspace_read(demo_case, WorkspaceFilters())
    assert workspace.run == new_run
    moved = [s for g in block(workspace, "4").groups for s in g.points]
    assert [(s.point.key, s.point.run_id) for s in moved] == [(point.key, new_run.pk)]
    assert moved[0].moved


def test_a_point_moved_to_the_general_points_is_shown_there(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    point = university_point(demo_case)
    client.post(reverse("compilation:point_move", args=[point.pk]), {"section": GENERAL})
    workspace = workspace_read(demo_case, WorkspaceFilters())
    assert point.text in shown_texts(block(workspace, ""))
    assert point.text not in shown_texts(block(workspace, "2.4"))


def test_a_point_cannot_be_moved_to_a_part_of_another_consultation(client, demo_case, handlaggare):
    from remiss.consultations.services import consultation_create, section_add

    client.force_login(handlaggare)
    point = university_point(demo_case)
    other = consultation_create(
        actor=handlaggare,
        title="En annan remiss",
        remitting_organisation=demo_case.remitting_organisation,
        case_number="RS 2024-0001",
    )
    foreign = section_add(actor=handlaggare, consultation=other, number="1", title="Annat")
    client.post(reverse("compilation:point_move", args=[point.pk]), {"section": str(foreign.pk)})
    assert not point.response.point_corrections.exists()


@pytest.mark.parametrize(
    ("who", "can_see", "can_save"),
    [
        ("anonymous", False, False),
        ("respondent", False, False),
        ("lasare", True, False),
        ("registrator", True, True),
        ("handlaggare", True, True),
        ("admin", True, True),
    ],
)
def test_only_officers_see_the_workspace_and_readers_cannot_save(
    client, demo_case, make_user, who, can_see, can_save
):
    if who != "anonymous":
        role = "" if who == "respondent" else who
        client.force_login(make_user(who, role=role))
    point = university_point(demo_case)
    section = demo_case.sections.get(number="2.4")

    response = client.get(workspace_url(demo_case))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (200 if can_see else 403)

    posts = [
        (reverse("compilation:reply_save", args=[point.pk]), {"text": "x", "outcome": ""}),
        (reverse("compilation:point_move", args=[point.pk]), {"section": GENERAL}),
        (
            reverse("compilation:considerations_save", args=[demo_case.pk]),
            {"section": str(section.pk), "text": "x"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if can_save:
            assert response.status_code == 302, url
        elif who == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login")), url
        else:
            assert response.status_code == 403, url
    assert Reply.objects.exists() == can_save
    assert SectionComment.objects.exists() == can_save
    assert point.response.point_corrections.exists() == can_save
    if who == "lasare":
        page = client.get(workspace_url(demo_case)).content.decode()
        assert reverse("compilation:reply_save", args=[point.pk]) not in page
        assert "<textarea" not in page


def test_saving_needs_a_csrf_token(demo_case, handlaggare):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(handlaggare)
    point = university_point(demo_case)
    response = client.post(
        reverse("compilation:reply_save", args=[point.pk]), {"text": "x"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_the_workspace_reads_in_a_fixed_number_of_queries(
    client, demo_case, handlaggare, django_assert_max_num_queries
):
    """Not one query per point: the count does not grow with the points shown."""
    client.force_login(handlaggare)
    for item in consultation_points(latest_run(demo_case)):
        client.post(
            reverse("compilation:reply_save", args=[item.point.pk]),
            {"text": "Svar", "outcome": "noteras"},
        )
    with django_assert_max_num_queries(30):
        assert client.get(workspace_url(demo_case)).status_code == 200


def test_a_point_under_two_parts_has_its_reply_form_in_one_place(client, demo_case, handlaggare):
    from remiss.analysis.services import point_correct

    point = university_point(demo_case)
    two = [demo_case.sections.get(number="2.4"), demo_case.sections.get(number="4")]
    point_correct(actor=handlaggare, point=point, kind="addition", sections=two)
    workspace = workspace_read(demo_case, WorkspaceFilters())
    places = [
        shown for b in workspace.sections for g in b.groups for shown in g.points
        if shown.point.pk == point.pk
    ]  # fmt: skip
    assert [shown.first for shown in places] == [True, False]
    assert workspace.shown == 2, "a point counts once however many parts it is under"

    client.force_login(handlaggare)
    page = client.get(workspace_url(demo_case)).content.decode()
    assert page.count(reverse("compilation:reply_save", args=[point.pk])) == 2  # action, hx-post
    assert page.count(f'id="point-{point.pk}"') == 1


def test_many_points_are_shown_a_page_at_a_time(client, demo_case, handlaggare, monkeypatch):
    from remiss.compilation import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    university = university_point(demo_case)
    general = general_point(demo_case)
    first = workspace_read(demo_case, WorkspaceFilters(), page=1)
    second = workspace_read(demo_case, WorkspaceFilters(), page=2)
    assert (first.pages, first.shown, first.total) == (2, 2, 2)
    assert shown_texts(first.sections[0]) == [general.text], "the general points come first"
    on_second = [t for b in second.sections for t in shown_texts(b)]
    assert on_second == [university.text]
    assert workspace_read(demo_case, WorkspaceFilters(), page=99).page == 2

    client.force_login(handlaggare)
    page = client.get(workspace_url(demo_case, kind="kommun", page=2)).content.decode()
    assert university.text[:60] in page
    assert general.text[:60] not in page
    assert "?kind=kommun&amp;page=1" in page, "the page links keep the filters"
