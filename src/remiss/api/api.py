"""The REST API at /api/: read consultations, sections, answers, points and positions; submit
an answer; send files for intake. OpenAPI schema at /api/openapi.json, docs at /api/docs.

Every operation needs ``Authorization: Bearer <token>`` (see ``remiss api_token``). Endpoints
stay thin: check the permission, load, call one selector or service, return.
"""

from functools import wraps
from typing import Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.openapi.docs import Swagger
from ninja.security.http import HttpAuthBase
from pydantic import Field

from remiss.consultations.models import Consultation
from remiss.responses.models import Document, IntakeRun, Response
from remiss.responses.views import incoming_from_upload, original_file_response
from remiss.search.services import MAX_CANDIDATES, MAX_LIMIT, search

from . import schemas, selectors
from .services import (
    AnswerInput,
    ApiClient,
    SubmissionRejected,
    api_answer_submit,
    api_intake_start,
    api_token_authenticate,
)


class BearerToken(HttpAuthBase):
    """``Authorization: Bearer <token>``. The header is never logged, whatever it holds."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> ApiClient | None:
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        return api_token_authenticate(secret.strip())


class RemissApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The function's name (``answer_list``), stable for generated clients."""
        return operation.view_func.__name__


api = RemissApi(
    title="Remiss API",
    version="1",
    description=(
        "Read consultations, their sections, answers, points and positions; submit an answer "
        "on behalf of a body; send answer files for intake. Authenticate with "
        "`Authorization: Bearer <token>` (`remiss api_token create`)."
    ),
    auth=BearerToken(),
    docs=Swagger(settings={"persistAuthorization": False}),
    urls_namespace="api",
)


def reject_unknown_query_parameters(view_func):
    """A misspelt filter (``?organsation=``) is refused with 422 instead of silently ignored."""

    @wraps(view_func)
    def checked(request, **kwargs):
        known = set()
        for value in kwargs.values():
            if isinstance(value, PageParams):
                known |= set(type(value).model_fields)
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ValidationError(
                [
                    {"type": "extra_forbidden", "loc": ["query", name], "msg": "Unknown parameter"}
                    for name in unknown
                ]
            )
        return view_func(request, **kwargs)

    return checked


api.add_decorator(reject_unknown_query_parameters)

ERRORS = {401: schemas.ErrorOut, 403: schemas.ErrorOut, 422: schemas.ValidationErrorOut}
NOT_FOUND = {**ERRORS, 404: schemas.ErrorOut}


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request, {"detail": "Unknown, revoked or missing token."}, status=401
    )
    response.headers["WWW-Authenticate"] = 'Bearer realm="remiss"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def reader(request) -> ApiClient:
    client: ApiClient = request.auth
    if not client.can_read:
        raise HttpError(403, "This token may not read.")
    return client


def writer(request) -> ApiClient:
    client = reader(request)
    if not client.can_write:
        raise HttpError(403, "This token may only read; registering answers needs another role.")
    return client


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=500, description="At most this many items (1–500).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Skip this many items.")


def page(params: PageParams) -> selectors.PageRequest:
    return selectors.PageRequest(limit=params.limit, offset=params.offset)


# -- reading ---------------------------------------------------------------------------------


@api.get(
    "/consultations",
    response={200: schemas.ConsultationPage, **ERRORS},
    url_name="consultations",
    tags=["consultations"],
)
def consultation_list(request, params: Query[PageParams]):
    """Every consultation, newest first."""
    reader(request)
    return selectors.page_of(
        selectors.consultations_listed(), page(params), selectors.consultation_data
    )


@api.get(
    "/consultations/{consultation_id}",
    response={200: schemas.ConsultationOut, **NOT_FOUND},
    url_name="consultation",
    tags=["consultations"],
)
def consultation_detail(request, consultation_id: UUID):
    reader(request)
    consultation = get_object_or_404(selectors.consultations_listed(), pk=consultation_id)
    return selectors.consultation_data(consultation)


@api.get(
    "/consultations/{consultation_id}/sections",
    response={200: schemas.SectionPage, **NOT_FOUND},
    url_name="sections",
    tags=["consultations"],
)
def section_list(request, consultation_id: UUID, params: Query[PageParams]):
    """The parts of the draft in reading order (depth first), each with its parent's id."""
    reader(request)
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    return selectors.page_of(
        selectors.consultation_sections(consultation), page(params), lambda row: row
    )


class AnswerFilter(PageParams):
    organisation: str = Field(
        "", max_length=200, description="Only answers from bodies whose name contains this."
    )


@api.get(
    "/consultations/{consultation_id}/answers",
    response={200: schemas.AnswerPage, **NOT_FOUND},
    url_name="answers",
    tags=["answers"],
)
def answer_list(request, consultation_id: UUID, params: Query[AnswerFilter]):
    """The answers in the order they came in, with their documents and current position."""
    reader(request)
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    stances = selectors.answer_stances(consultation)
    return selectors.page_of(
        selectors.answers_listed(consultation, organisation=params.organisation),
        page(params),
        lambda response: selectors.answer_data(response, stances),
    )


@api.get(
    "/answers/{answer_id}",
    response={200: schemas.AnswerOut, **NOT_FOUND},
    url_name="answer",
    tags=["answers"],
)
def answer_detail(request, answer_id: UUID):
    reader(request)
    response = get_object_or_404(
        Response.objects.select_related("organisation", "consultation").prefetch_related(
            "documents"
        ),
        pk=answer_id,
    )
    stances = selectors.answer_stances(response.consultation)
    return selectors.answer_data(response, stances)


@api.get(
    "/documents/{document_id}/content",
    response={200: None, **NOT_FOUND},
    url_name="document_content",
    tags=["answers"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The original file, byte for byte; its SHA-256 is in the "
                "Repr-Digest header.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def document_content(request, document_id: UUID):
    """The original file of a document as it was received."""
    reader(request)
    return original_file_response(get_object_or_404(Document, pk=document_id))


class PointFilter(PageParams):
    section: str = Field("", max_length=20, description='Only points under this section ("2.3").')


@api.get(
    "/consultations/{consultation_id}/points",
    response={200: schemas.PointPage, **NOT_FOUND},
    url_name="points",
    tags=["analysis"],
)
def point_list(request, consultation_id: UUID, params: Query[PointFilter]):
    """The points of the latest analysis as they stand now (officers' corrections applied)."""
    reader(request)
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    rows = selectors.points_listed(consultation, section=params.section)
    return selectors.page_of(rows, page(params), lambda row: row)


@api.get(
    "/consultations/{consultation_id}/positions",
    response={200: schemas.PositionsOut, **NOT_FOUND},
    url_name="positions",
    tags=["analysis"],
)
def position_summary(request, consultation_id: UUID):
    """How many answers take each position (an officer's decision counts over the machine's)."""
    reader(request)
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    return selectors.positions_summary(consultation)


# -- writing ---------------------------------------------------------------------------------


@api.post(
    "/consultations/{consultation_id}/answers",
    response={201: schemas.SubmittedOut, 400: schemas.RejectedOut, **NOT_FOUND},
    url_name="answer_submit",
    tags=["answers"],
)
def answer_submit(request, consultation_id: UUID, payload: schemas.AnswerIn):
    """Register an answer on behalf of a body; its text becomes its document."""
    client = writer(request)
    consultation = get_object_or_404(
        Consultation.objects.select_related("remitting_organisation"), pk=consultation_id
    )
    try:
        submitted = api_answer_submit(
            client=client,
            consultation=consultation,
            data=AnswerInput(
                organisation_name=payload.organisation,
                **payload.model_dump(exclude={"organisation"}),
            ),
        )
    except SubmissionRejected as rejected:
        return Status(400, {"detail": "The answer was not registered.", "errors": rejected.errors})
    return Status(
        201,
        {
            "answer_id": submitted.response.pk,
            "document_id": submitted.document.pk,
            "sha256": submitted.document.sha256,
            "answer_url": reverse("api:answer", kwargs={"answer_id": submitted.response.pk}),
        },
    )


@api.post(
    "/consultations/{consultation_id}/intake",
    response={202: schemas.IntakeRunOut, **NOT_FOUND},
    url_name="intake",
    tags=["intake"],
)
def intake_start(request, consultation_id: UUID, files: File[list[UploadedFile]]):
    """Send answer files (PDF, DOCX, ODT, text, e-mail, ZIP). Each gets a receipt at once and
    is read in the background; follow ``status_url``."""
    client = writer(request)
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    run = api_intake_start(
        client=client,
        consultation=consultation,
        files=[incoming_from_upload(uploaded) for uploaded in files],
    )
    return Status(202, selectors.intake_run_data(run))


@api.get(
    "/intake-runs/{run_id}",
    response={200: schemas.IntakeRunOut, **NOT_FOUND},
    url_name="intake_run",
    tags=["intake"],
)
def intake_run_status(request, run_id: UUID):
    """The run's progress and a receipt per file: name, size, SHA-256 and what became of it."""
    reader(request)
    return selectors.intake_run_data(get_object_or_404(IntakeRun, pk=run_id))


# -- search ----------------------------------------------------------------------------------


class SearchParams(PageParams):
    q: str = Field(max_length=500, description='Words to find; "in quotes" for a phrase.')
    consultation: UUID | None = Field(None, description="Only in this consultation.")
    source: Literal["all", "answers", "points"] = Field(
        "all", description="answers (the pages of the documents), points, or all."
    )
    limit: int = Field(
        50, ge=1, le=MAX_LIMIT, description=f"At most this many hits (1–{MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, le=MAX_CANDIDATES, description="Skip this many hits.")


@api.get(
    "/search",
    response={200: schemas.SearchOut, **NOT_FOUND},
    url_name="search",
    tags=["search"],
)
def search_hits(request, params: Query[SearchParams]):
    """Full-text search over the answers' text and the points, best hits first."""
    reader(request)
    consultation = (
        get_object_or_404(Consultation, pk=params.consultation) if params.consultation else None
    )
    results = search(
        params.q,
        consultation=consultation,
        source=params.source,
        limit=params.limit,
        offset=params.offset,
    )
    return selectors.search_data(results)
