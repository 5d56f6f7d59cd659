"""The REST API on the demo case: tokens, every read endpoint with real data, submitting an
answer and reading it back, and intake of a good and a broken file in one request."""

import hashlib
import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from remiss.analysis.selectors import consultation_points, latest_run
from remiss.api.models import ApiToken
from remiss.api.services import TokenError, api_token_create, token_sha256
from remiss.audit.models import AuditEvent
from remiss.consultations.models import Organisation, RecipientStatus
from remiss.file_errors import error_message
from remiss.responses.models import Document, Response

pytestmark = pytest.mark.django_db


def api(path: str) -> str:
    return f"/api/{path}"


# -- tokens ----------------------------------------------------------------------------------


def test_a_request_without_a_valid_token_is_refused_with_401(client, demo_case, handlaggare):
    issued = api_token_create(actor=None, name="Diariet", user=handlaggare)
    good = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    assert client.get(api("consultations"), **good).status_code == 200

    missing = client.get(api("consultations"))
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    for header in [
        "Bearer remiss_not-a-token",
        "Bearer ",
        f"Basic {issued.secret}",
        issued.secret,
        f"Bearer {issued.secret}x",
    ]:
        assert client.get(api("consultations"), HTTP_AUTHORIZATION=header).status_code == 401

    call_command("api_token", "revoke", "Diariet", stdout=io.StringIO())
    assert client.get(api("consultations"), **good).status_code == 401


def test_a_token_of_an_inactive_user_no_longer_works(client, demo_case, handlaggare, token_for):
    header = token_for(handlaggare)
    handlaggare.is_active = False
    handlaggare.save()
    assert client.get(api("consultations"), **header).status_code == 401


def test_a_reader_may_read_but_not_write(client, demo_case, make_user, token_for):
    reader = token_for(make_user("lasare", role="lasare"))
    system_reader = token_for(role="lasare")
    for header in (reader, system_reader):
        assert client.get(api("consultations"), **header).status_code == 200
        submitted = client.post(
            api(f"consultations/{demo_case.pk}/answers"),
            {"organisation": "Nacka kommun", "position": "tillstyrker"},
            content_type="application/json",
            **header,
        )
        assert submitted.status_code == 403
        upload = client.post(
            api(f"consultations/{demo_case.pk}/intake"),
            {"files": [SimpleUploadedFile("svar.txt", b"Hej")]},
            **header,
        )
        assert upload.status_code == 403
    assert Response.objects.count() == 1


def test_a_user_who_loses_the_officer_role_loses_access(client, demo_case, make_user, token_for):
    officer = make_user("tidigare", role="handlaggare")
    header = token_for(officer)
    officer.role = ""
    officer.save()
    assert client.get(api("consultations"), **header).status_code == 403


def test_only_the_hash_of_a_token_is_kept_and_creation_is_audited(respondent, handlaggare):
    with pytest.raises(TokenError):
        api_token_create(actor=None, name="Utomstående", user=respondent)
    with pytest.raises(TokenError):
        api_token_create(actor=None, name="Båda", user=handlaggare, role="lasare")
    with pytest.raises(TokenError):
        api_token_create(actor=None, name="System", role="admin")
    issued = api_token_create(actor=None, name="Diariet", role="registrator")
    with pytest.raises(TokenError):
        api_token_create(actor=None, name="Diariet", role="registrator")
    token = ApiToken.objects.get()
    assert token.token_sha256 == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert token_sha256(issued.secret) == token.token_sha256
    event = AuditEvent.objects.get(action="api_token.created")
    assert issued.secret not in str(event.changes) and event.object_repr == "Diariet"


def test_the_command_creates_lists_and_revokes_tokens(client, demo_case, registrator):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "create", "--user", "registrator", "--name", "Diariet", stdout=out, stderr=err
    )
    secret = out.getvalue().strip()
    assert secret.startswith("remiss_") and "Diariet" in err.getvalue()
    call_command("api_token", "create", "--role", "lasare", "--name", "Statistik", stdout=out)
    assert (
        client.get(api("consultations"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )

    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    lines = listing.getvalue().splitlines()
    assert lines[0].startswith("Diariet\tregistrator") and "system (lasare)" in lines[1]
    assert secret not in listing.getvalue()
    assert ApiToken.objects.get(name="Diariet").last_used_at is not None

    call_command("api_token", "revoke", "Diariet", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "revoke", "Diariet", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api_token", "create", "--user", "ingen", "--name", "X", stdout=out)


# -- reading ---------------------------------------------------------------------------------


@pytest.fixture
def officer(client, handlaggare, token_for):
    header = token_for(handlaggare)

    def get(path: str, status: int = 200, **params):
        response = client.get(api(path), params, **header)
        assert response.status_code == status, response.content
        json = response.headers["Content-Type"].startswith("application/json")
        return response.json() if json else response

    get.header = header
    return get


def test_it_lists_and_shows_consultations(officer, demo_case):
    listing = officer("consultations")
    assert listing["count"] == 1 and listing["limit"] == 50 and listing["offset"] == 0
    item = listing["items"][0]
    assert item["id"] == str(demo_case.pk)
    assert item["case_number"] == demo_case.case_number
    assert item["remitting_organisation"]["name"] == "Region Stockholm"
    assert item["answer_count"] == 1
    assert officer(f"consultations/{demo_case.pk}") == item
    officer(f"consultations/{uuid.uuid4()}", status=404)
    officer("consultations", status=422, limit=0)


def test_sections_come_in_reading_order_with_their_parents(officer, demo_case):
    sections = officer(f"consultations/{demo_case.pk}/sections", limit=500)
    assert sections["count"] == demo_case.sections.count() > 5
    seen = set()
    for row in sections["items"]:
        assert row["parent_id"] is None or row["parent_id"] in seen
        seen.add(row["id"])
    assert any(not row["open_for_comment"] and row["closed_reason"] for row in sections["items"])
    # Paging through one at a time gives the same list.
    paged = [
        officer(f"consultations/{demo_case.pk}/sections", limit=1, offset=offset)["items"][0]
        for offset in range(sections["count"])
    ]
    assert paged == sections["items"]


def test_answers_carry_documents_with_their_sha256_and_position(officer, demo_case):
    answers = officer(f"consultations/{demo_case.pk}/answers")
    assert answers["count"] == 1
    answer = answers["items"][0]
    assert answer["organisation"]["name"] == "Huddinge kommun"
    assert answer["channel"] == "uppladdning"
    assert answer["position"]["value"] == "tillstyrker_med_synpunkter"
    assert answer["position"]["source"] == "machine"
    [document] = answer["documents"]
    stored = Document.objects.get(pk=document["id"])
    assert document["sha256"] == stored.sha256 and document["size"] == stored.size
    content = officer(document["download_url"].removeprefix("/api/"))
    data = b"".join(content.streaming_content)
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    assert content.headers["Repr-Digest"].startswith("sha-256=:")

    assert officer(f"answers/{answer['id']}") == answer
    found = officer(f"consultations/{demo_case.pk}/answers", organisation="huddinge")
    assert found["count"] == 1
    none = officer(f"consultations/{demo_case.pk}/answers", organisation="Nacka")
    assert none == {"count": 0, "limit": 50, "offset": 0, "items": []}
    officer(f"answers/{uuid.uuid4()}", status=404)
    officer(f"documents/{uuid.uuid4()}/content", status=404)


def test_points_can_be_read_and_filtered_by_section(officer, demo_case):
    points = officer(f"consultations/{demo_case.pk}/points", limit=500)
    current = consultation_points(latest_run(demo_case))
    assert points["count"] == len(current) > 0
    assert [p["id"] for p in points["items"]] == [str(item.point.pk) for item in current]
    point = points["items"][0]
    assert point["body"]["name"] == "Huddinge kommun" and point["page"] >= 1 and point["text"]
    number = next(p["sections"][0]["number"] for p in points["items"] if p["sections"])
    under = officer(f"consultations/{demo_case.pk}/points", section=number, limit=500)
    assert 0 < under["count"] <= points["count"]
    assert all(number in [s["number"] for s in p["sections"]] for p in under["items"])
    assert officer(f"consultations/{demo_case.pk}/points", section="99.99")["count"] == 0


def test_positions_are_counted(officer, demo_case):
    summary = officer(f"consultations/{demo_case.pk}/positions")
    counts = {row["value"]: row["count"] for row in summary["positions"]}
    assert counts["tillstyrker_med_synpunkter"] == 1
    assert summary["answers"] == 1 and summary["without_position"] == 0
    assert summary["analysis_run_id"] == str(demo_case.analysis_runs.get().pk)


# -- writing ---------------------------------------------------------------------------------


def test_a_system_submits_an_answer_and_reads_it_back(client, demo_case, token_for):
    header = token_for(role="registrator", name="Diariet")
    sections = client.get(api(f"consultations/{demo_case.pk}/sections?limit=500"), **header)
    open_section = next(row for row in sections.json()["items"] if row["open_for_comment"])
    payload = {
        "organisation": "nacka kommun",
        "position": "tillstyrker_med_synpunkter",
        "summary": "Nacka ställer sig bakom strategin.",
        "comments": {open_section["number"]: "Kollektivtrafiken behöver byggas ut söderut."},
        "general_comments": "Tack för möjligheten att yttra oss.",
        "responder_case_number": "KFKS 2021/55",
    }
    submitted = client.post(
        api(f"consultations/{demo_case.pk}/answers"),
        payload,
        content_type="application/json",
        **header,
    )
    assert submitted.status_code == 201, submitted.content
    body = submitted.json()

    answer = client.get(body["answer_url"], **header).json()
    assert answer["organisation"]["name"] == "Nacka kommun"
    assert answer["responder_case_number"] == "KFKS 2021/55"
    [document] = answer["documents"]
    assert document["id"] == body["document_id"] and document["sha256"] == body["sha256"]
    assert document["media_type"].startswith("text/plain")
    original = b"".join(client.get(document["download_url"], **header).streaming_content)
    assert hashlib.sha256(original).hexdigest() == body["sha256"]
    assert "Kollektivtrafiken behöver byggas ut söderut." in original.decode("utf-8")

    stored = Document.objects.get(pk=body["document_id"])
    text = " ".join(page.text for page in stored.pages.all())
    assert "Kollektivtrafiken behöver byggas ut söderut." in text
    assert "Nacka kommun tillstyrker förslaget med följande synpunkter." in text
    assert stored.facts["source"] == "api"
    nacka = Organisation.objects.get(name="Nacka kommun")
    assert demo_case.recipients.get(organisation=nacka).status == RecipientStatus.SVARAT
    event = AuditEvent.objects.get(action="api.answer_submitted")
    assert event.actor_label == "api (Diariet)" and event.changes["sha256"] == body["sha256"]


def test_an_answer_that_cannot_be_registered_says_why(client, demo_case, token_for):
    header = token_for(role="handlaggare")
    url = api(f"consultations/{demo_case.pk}/answers")
    closed = demo_case.sections.filter(open_for_comment=False).first()

    def post(payload):
        return client.post(url, payload, content_type="application/json", **header)

    refused = post(
        {
            "organisation": "Okänd förening",
            "position": "gillar",
            "comments": {closed.number: "Synpunkt", "99.9": "Synpunkt"},
        }
    )
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert set(errors) == {
        "position",
        "organisation_kind",
        f"comments.{closed.number}",
        "comments.99.9",
    }
    assert (
        "stängd" in errors[f"comments.{closed.number}"]
        or "closed" in errors[f"comments.{closed.number}"]
    )
    assert (
        post({"organisation": "Nacka kommun", "position": "avstyrker", "x": 1}).status_code == 422
    )
    assert post({"organisation": "Nacka kommun"}).status_code == 422
    missing = client.post(
        api(f"consultations/{uuid.uuid4()}/answers"),
        {"organisation": "Nacka kommun", "position": "avstyrker"},
        content_type="application/json",
        **header,
    )
    assert missing.status_code == 404
    assert Response.objects.count() == 1

    # A body not yet known is added when its kind is given.
    added = post(
        {
            "organisation": "Företagarna Stockholm",
            "organisation_kind": "intresseorganisation",
            "position": "avstar" if False else "avstår",
        }
    )
    assert added.status_code == 201, added.content
    assert Organisation.objects.filter(name="Företagarna Stockholm").exists()


def nacka_docx() -> bytes:
    import docx

    document = docx.Document()
    for paragraph in [
        "Nacka kommun",
        "Kommunstyrelsen",
        "Datum: 2021-02-20",
        "Er beteckning: RS 2020-0780",
        "Region Stockholm",
        "Yttrande över Remissversion av Näringslivs- och tillväxtstrategi för Stockholmsregionen",
        "Nacka kommun tillstyrker förslaget.",
        "Kommunen ser särskilt positivt på satsningen på kompetensförsörjning och vill att "
        "regionen tar ett tydligt ansvar för att bygga ut kollektivtrafiken.",
        "Mats Gerdau, kommunstyrelsens ordförande",
    ]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_ingesting_a_good_and_a_broken_file_lands_the_good_one(
    client, demo_case, registrator, token_for, django_capture_on_commit_callbacks
):
    header = token_for(registrator)
    good = nacka_docx()
    files = [
        SimpleUploadedFile("nacka-yttrande.docx", good),
        SimpleUploadedFile("trasig.docx", b"PK\x03\x04 inte alls en docx"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            api(f"consultations/{demo_case.pk}/intake"), {"files": files}, **header
        )
    assert started.status_code == 202, started.content
    run = started.json()
    assert run["files_total"] == 2
    assert [r["name"] for r in run["receipts"]] == ["nacka-yttrande.docx", "trasig.docx"]
    assert run["receipts"][0]["sha256"] == hashlib.sha256(good).hexdigest()

    status = client.get(run["status_url"], **header).json()
    assert status["status"] == "klar" and status["files_done"] == 2
    landed, broken = status["receipts"]
    assert landed["outcome"] == "registrerad" and landed["answer_id"]
    assert broken["outcome"] == "fel" and broken["answer_id"] is None
    with translation.override("sv"):
        assert broken["error"] == str(error_message(broken["error_code"]))
    assert broken["error"] != error_message(broken["error_code"]).__str__.__name__
    answer = client.get(api(f"answers/{landed['answer_id']}"), **header).json()
    assert answer["documents"][0]["sha256"] == hashlib.sha256(good).hexdigest()
    assert Response.objects.filter(consultation=demo_case).count() == 2
    assert AuditEvent.objects.filter(action="api.intake_started").count() == 1
    assert client.get(api(f"intake-runs/{uuid.uuid4()}"), **header).status_code == 404


def test_the_schema_and_the_docs_page_are_served_locally(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200

    def no_repeated_keys(pairs):  # Swagger UI refuses a schema with a key twice
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(schema.content, object_pairs_hook=no_repeated_keys)
    paths = schema.json()["paths"]
    assert "/api/consultations/{consultation_id}/answers" in paths
    assert schema.json()["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    # No inline script to run: the settings are JSON data, the code comes from static files.
    assert "<script>" not in html


def test_search_finds_words_in_answers_and_points(officer, demo_case):
    found = officer("search", q="kompetensförsörjning", consultation=str(demo_case.pk))
    assert found["total"] >= 1 and found["hits"]
    hit = found["hits"][0]
    assert hit["consultation_id"] == str(demo_case.pk)
    assert hit["organisation"] == "Huddinge kommun" and "<mark>" in hit["snippet"]
    assert officer(hit["answer_url"].removeprefix("/api/"))["id"] == hit["answer_id"]
    points = officer("search", q="kompetensförsörjning", source="points")
    assert all(h["kind"] == "point" for h in points["hits"])
    assert officer("search", q="ordsomintefinns")["hits"] == []
    officer("search", q="x", consultation=str(uuid.uuid4()), status=404)
    officer("search", q="x", source="allt", status=422)
    officer("consultations", status=422, organsation="Nacka")
