"""The analysis app on the demo case and small made-up consultations: machine values, officers'
corrections that survive new runs, themes that officers rename, merge and split."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from remiss.analysis.models import Point, StanceJudgement, Theme
from remiss.analysis.selectors import current_points, current_stance, latest_run, section_points
from remiss.analysis.services import (
    analysis_run_create,
    analysis_run_execute,
    point_correct,
    stance_correct,
    theme_merge,
    theme_rename,
    theme_split,
)
from remiss.consultations.services import (
    consultation_create,
    organisation_create,
    recipient_add,
    section_add,
)
from remiss.responses.intake import IncomingFile, intake_run_create, intake_run_execute
from remiss.responses.models import Response

pytestmark = pytest.mark.django_db


def huddinge(demo_case) -> Response:
    return demo_case.responses.get(organisation__name="Huddinge kommun")


def test_the_demo_shows_huddinge_supporting_with_comments_and_its_evidence(demo_case):
    run = latest_run(demo_case)
    stance = current_stance(huddinge(demo_case), run)
    assert stance.label == "tillstyrker_med_synpunkter"
    assert stance.source == "machine"
    assert stance.machine.evidence, "the sentences that decided it are kept"


def test_the_demo_places_the_university_point_under_skills_supply(demo_case):
    run = latest_run(demo_case)
    points = current_points(huddinge(demo_case), run)
    university = [p for p in points if "universitet" in p.point.text]
    assert university, [p.point.text for p in points]
    assert university[0].sections[0].number == "2.4"
    section = demo_case.sections.get(number="2.4")
    assert university[0].point in [item.point for item in section_points(section, run)]


def test_an_officers_position_is_kept_beside_the_machine_and_survives_a_new_run(
    demo_case, handlaggare
):
    answer = huddinge(demo_case)
    stance_correct(actor=handlaggare, response=answer, label="tillstyrker", note="Läst själv")
    run = analysis_run_execute(run=analysis_run_create(actor=handlaggare, consultation=demo_case))
    stance = current_stance(answer, run)
    assert stance.label == "tillstyrker"
    assert stance.source == "officer"
    assert stance.correction.decided_by == handlaggare
    assert stance.machine.label == "tillstyrker_med_synpunkter"
    assert StanceJudgement.objects.filter(response=answer).count() == 2  # runs add, never replace


def test_an_officers_decision_on_a_point_holds_in_later_runs(demo_case, handlaggare):
    answer = huddinge(demo_case)
    run = latest_run(demo_case)
    point = current_points(answer, run)[0].point
    chapter_4 = demo_case.sections.get(number="4")
    point_correct(actor=handlaggare, point=point, kind="request", sections=[chapter_4])

    new_run = analysis_run_execute(
        run=analysis_run_create(actor=handlaggare, consultation=demo_case)
    )
    same = next(p for p in current_points(answer, new_run) if p.point.key == point.key)
    assert same.point.run == new_run
    assert same.sections == [chapter_4]
    assert same.kind == "request"
    assert same.correction.decided_by == handlaggare


def test_a_point_an_officer_says_is_no_point_disappears(demo_case, handlaggare):
    answer = huddinge(demo_case)
    run = latest_run(demo_case)
    before = current_points(answer, run)
    point_correct(actor=handlaggare, point=before[0].point, not_a_point=True, sections=None)
    after = current_points(answer, run)
    assert len(after) == len(before) - 1


@pytest.fixture
def campaign():
    """A consultation with a campaign letter sent by three bodies and an endorsement."""
    region = organisation_create(actor=None, name="Region Stockholm", kind="region")
    consultation = consultation_create(
        actor=None, remitting_organisation=region, case_number="RS 2021-0001", title="Strategi"
    )
    section_add(
        actor=None,
        consultation=consultation,
        number="1",
        title="Stärk och utveckla strategisk kompetensförsörjning",
        kind="inriktningsomrade",
    )
    letters = {}
    campaign_text = (
        "{name}\n\nYttrande över strategin\n\n{name} tillstyrker förslaget men saknar en "
        "tydlig plan för kompetensförsörjningen. Vi anser att regionen bör satsa mer på "
        "yrkesutbildning och lärlingsplatser i hela länet, och att högskolorna bör få ett "
        "tydligare uppdrag att möta arbetsmarknadens behov av ingenjörer och undersköterskor.\n"
    )
    for name in ["Nacka kommun", "Tyresö kommun", "Värmdö kommun"]:
        organisation_create(actor=None, name=name, kind="kommun")
        letters[name] = campaign_text.format(name=name)
    organisation_create(actor=None, name="Storsthlm", kind="intresseorganisation")
    letters["Storsthlm"] = (
        "Storsthlm\n\nYttrande\n\nStorsthlm tillstyrker förslaget i sin helhet.\n"
    )
    letters["Danderyds kommun"] = (
        "Danderyds kommun\n\nYttrande\n\nDanderyds kommun ställer sig bakom Storsthlms "
        "yttrande och har inget ytterligare att tillägga.\n"
    )
    organisation_create(actor=None, name="Danderyds kommun", kind="kommun")
    from remiss.consultations.models import Organisation

    for organisation in Organisation.objects.exclude(name="Region Stockholm"):
        recipient_add(actor=None, consultation=consultation, organisation=organisation)
    files = [IncomingFile(f"{name}.txt", text.encode()) for name, text in letters.items()]
    run = intake_run_create(actor=None, consultation=consultation, channel="epost", files=files)
    intake_run_execute(run=run, files=files)
    assert consultation.responses.filter(organisation=None).count() == 0
    return consultation


def test_campaign_letters_are_grouped_and_an_endorsement_links_to_the_endorsed_answer(
    campaign,
):
    run = analysis_run_execute(run=analysis_run_create(actor=None, consultation=campaign))
    assert run.status == "klar", run.error
    groups = list(run.duplicate_groups.all())
    assert len(groups) == 1
    names = {member.organisation.name for member in groups[0].members.all()}
    assert names == {"Nacka kommun", "Tyresö kommun", "Värmdö kommun"}
    endorsement = run.endorsements.get()
    assert endorsement.response.organisation.name == "Danderyds kommun"
    assert endorsement.endorsed_response.organisation.name == "Storsthlm"


def test_officers_rename_merge_and_split_themes(campaign, handlaggare):
    run = analysis_run_execute(run=analysis_run_create(actor=None, consultation=campaign))
    themes = list(run.themes.all())
    assert themes, "the points form at least one theme"
    theme = themes[0]
    theme_rename(actor=handlaggare, theme=theme, label="Utbildning och kompetens")
    theme.refresh_from_db()
    assert theme.label == "Utbildning och kompetens" and theme.machine_label
    extra = Theme.objects.create(run=run, machine_label="Extra")
    extra.points.add(*Point.objects.filter(run=run)[:1])
    theme_merge(actor=handlaggare, target=theme, others=[extra])
    extra.refresh_from_db()
    assert extra.merged_into == theme
    moved = list(theme.points.all()[:1])
    new_theme = theme_split(actor=handlaggare, theme=theme, points=moved, label="Lärlingar")
    assert list(new_theme.points.all()) == moved
    assert not theme.points.filter(pk=moved[0].pk).exists()


def test_officers_see_the_analysis_pages_and_readers_cannot_correct(
    client, demo_case, handlaggare, make_user
):
    client.force_login(handlaggare)
    answer = huddinge(demo_case)
    run = latest_run(demo_case)
    section = demo_case.sections.get(number="2.4")
    pages = [
        reverse("analysis:overview", args=[demo_case.pk]),
        reverse("analysis:response", args=[answer.pk]),
        reverse("analysis:section", args=[section.pk]),
        reverse("analysis:run", args=[run.pk]),
    ]
    pages += [reverse("analysis:theme", args=[t.pk]) for t in run.themes.all()[:1]]
    for url in pages:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("analysis:response", args=[answer.pk])).content.decode()
    assert "Tillstyrker med synpunkter" in page
    assert "<mark" in page

    reader = make_user("lasare", role="lasare")
    client.force_login(reader)
    url = reverse("analysis:stance_correct", args=[answer.pk])
    assert client.post(url, {"label": "avstyrker"}).status_code == 403
    assert client.get(pages[1]).status_code == 200


def test_an_officer_corrects_a_position_from_the_page(client, demo_case, handlaggare):
    client.force_login(handlaggare)
    answer = huddinge(demo_case)
    client.post(
        reverse("analysis:stance_correct", args=[answer.pk]),
        {"label": "tillstyrker", "note": "Stödjer innehållet"},
    )
    assert current_stance(answer, latest_run(demo_case)).label == "tillstyrker"


def test_an_analysis_started_from_the_page_runs_in_the_background(
    client, demo_case, handlaggare, django_capture_on_commit_callbacks
):
    client.force_login(handlaggare)
    before = demo_case.analysis_runs.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analysis:start", args=[demo_case.pk]))
    assert response.status_code == 302
    assert demo_case.analysis_runs.count() == before + 1
    assert latest_run(demo_case).responses_done == 1


def test_the_analysis_run_command_prints_a_summary(demo_case, capsys):
    call_command("analysis_run", "RS 2020–0780")
    assert "1" in capsys.readouterr().out


@pytest.mark.django_db(False)
def test_remiss_analyse_needs_no_database_and_prints_one_object_per_file(tmp_path, capsys):
    from remiss.demo.services import DATA_DIR

    letter = tmp_path / "huddinge.txt"
    letter.write_bytes((DATA_DIR / "huddinge-ks-yttrande.txt").read_bytes())
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.4 trasig")
    call_command("analyse", str(letter), str(broken), "--format", "jsonl")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {
        "file", "sha256", "pages", "responder", "date", "responder_dnr", "remiss_dnr", "stance",
        "stance_evidence", "endorses", "signatories", "comments", "personal_data", "errors",
    }  # fmt: skip
    assert first["responder"] == {"name": "Huddinge kommun", "type": "kommun"}
    assert first["date"] == "2021-01-21"
    assert first["stance"] == "tillstyrker_med_synpunkter"
    assert {"name": "Camilla Broo", "title": "Kommundirektör"} in first["signatories"]
    assert any("universitet" in comment["text"] for comment in first["comments"])
    assert second["errors"] and second["stance"] is None


def test_remiss_analyse_with_a_consultation_uses_its_sections(demo_case, tmp_path, capsys):
    from remiss.demo.services import DATA_DIR

    letter = tmp_path / "huddinge.txt"
    letter.write_bytes((DATA_DIR / "huddinge-ks-yttrande.txt").read_bytes())
    call_command("analyse", str(letter), "--consultation", "RS 2020-0780")
    result = json.loads(capsys.readouterr().out)
    university = [c for c in result["comments"] if "universitet" in c["text"]]
    assert university and university[0]["sections"][0] == "2.4"


@pytest.mark.django_db(False)
def test_remiss_eval_reports_accuracy_on_a_labelled_folder(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(
        "Nacka kommun\n\nYttrande\n\nNacka kommun tillstyrker förslaget.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Trafikverket\n\nYttrande\n\nTrafikverket avstyrker förslaget.\n", encoding="utf-8"
    )
    labels = [
        {"file": "a.txt", "responder": "Nacka kommun", "stance": "tillstyrker", "date": None},
        {"file": "b.txt", "responder": "Trafikverket", "stance": "avstyrker", "date": None},
    ]
    (tmp_path / "labels.jsonl").write_text(
        "\n".join(json.dumps(label, ensure_ascii=False) for label in labels), encoding="utf-8"
    )
    call_command("eval", str(tmp_path))
    out = capsys.readouterr().out
    assert "avstyrker" in out and "tillstyrker" in out


def test_a_theme_an_officer_named_keeps_its_name_in_a_new_run(campaign, handlaggare):
    first = analysis_run_execute(run=analysis_run_create(actor=None, consultation=campaign))
    theme = first.themes.order_by("-machine_label").first()
    theme_rename(actor=handlaggare, theme=theme, label="Lärlingar och yrkesutbildning")
    second = analysis_run_execute(run=analysis_run_create(actor=None, consultation=campaign))
    labels = {t.officer_label for t in second.themes.all()}
    assert "Lärlingar och yrkesutbildning" in labels
    carried = second.themes.get(officer_label="Lärlingar och yrkesutbildning")
    assert carried.labelled_by == handlaggare
    assert carried.machine_label == theme.machine_label
