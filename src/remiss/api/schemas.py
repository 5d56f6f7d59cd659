"""The shapes the API reads and writes. Input schemas reject unknown fields."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorOut(Schema):
    detail: str


class RejectedOut(Schema):
    detail: str
    errors: dict[str, str] = Field(description="A message for each field that was refused.")


class ValidationErrorOut(Schema):
    detail: list[dict]


class OrganisationOut(Schema):
    id: UUID
    name: str
    kind: str


class ConsultationOut(Schema):
    id: UUID
    case_number: str
    title: str
    summary: str
    status: str = Field(description="utkast, oppen, stangd or sammanstalld.")
    remitting_organisation: OrganisationOut
    sent_on: date | None
    deadline: date | None
    open_to_all: bool
    answer_count: int


class SectionOut(Schema):
    id: UUID
    parent_id: UUID | None
    number: str
    kind: str
    title: str
    depth: int
    open_for_comment: bool = Field(description="False also when a parent part is closed.")
    closed_reason: str


class PositionOut(Schema):
    value: str
    label: str
    source: str = Field(description='"officer" when an officer decided, else "machine".')


class DocumentOut(Schema):
    id: UUID
    name: str
    media_type: str
    size: int
    sha256: str
    download_url: str


class AnswerOut(Schema):
    id: UUID
    consultation_id: UUID
    organisation: OrganisationOut | None
    title: str
    received_at: datetime | None
    channel: str
    letter_date: date | None
    responder_case_number: str
    registered_at: datetime
    position: PositionOut | None
    documents: list[DocumentOut]


class PointSectionOut(Schema):
    id: UUID
    number: str
    title: str


class PointOut(Schema):
    id: UUID
    answer_id: UUID
    body: OrganisationOut | None = Field(description="The body (remissinstans) that answered.")
    document_id: UUID | None
    text: str
    page: int
    kind: str
    corrected: bool = Field(description="Whether an officer has corrected the point.")
    sections: list[PointSectionOut]


class PositionCountOut(Schema):
    value: str
    label: str
    count: int


class PositionsOut(Schema):
    analysis_run_id: UUID | None
    answers: int
    without_position: int
    positions: list[PositionCountOut]


class ConsultationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ConsultationOut]


class SectionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SectionOut]


class AnswerPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AnswerOut]


class PointPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PointOut]


class AnswerIn(Schema):
    """An answer on behalf of a body. Give ``organisation_id`` or ``organisation``."""

    model_config = ConfigDict(extra="forbid")

    organisation_id: UUID | None = None
    organisation: str = Field("", max_length=200, description="The body's name.")
    organisation_kind: str = Field(
        "", description="Needed only to add a body not yet known, e.g. kommun, region, foretag."
    )
    position: str = Field(
        description="tillstyrker, tillstyrker_med_synpunkter, delvis_avstyrker, avstyrker, "
        "inga_synpunkter, avstår or berörs_inte."
    )
    summary: str = Field("", max_length=20000)
    general_comments: str = Field("", max_length=100000)
    comments: dict[str, str] = Field(
        default_factory=dict, description='Comments by section number, e.g. {"2.3": "..."}.'
    )
    responder_case_number: str = Field("", max_length=60, description="The body's own case no.")
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)


class SubmittedOut(Schema):
    answer_id: UUID
    document_id: UUID
    sha256: str = Field(description="SHA-256 of the stored text of the answer.")
    answer_url: str


class ReceiptOut(Schema):
    id: UUID
    parent_id: UUID | None = Field(description="The ZIP file or e-mail it was unpacked from.")
    path: str
    name: str
    size: int
    sha256: str
    media_type: str
    received_at: datetime
    outcome: str
    outcome_label: str
    error_code: str | None
    error: str | None = Field(description="Why the file could not be read, in Swedish.")
    note: str | None
    answer_id: UUID | None
    document_id: UUID | None


class IntakeRunOut(Schema):
    id: UUID
    consultation_id: UUID
    status: str = Field(description="vantar, pagar, klar or misslyckad.")
    status_label: str
    files_total: int
    files_done: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    outcomes: dict[str, int]
    receipts: list[ReceiptOut]
    status_url: str


class SearchHitOut(Schema):
    kind: str = Field(description='"answer" (a page of a document) or "point".')
    consultation_id: UUID
    case_number: str
    answer_id: UUID
    organisation: str = Field(description="Empty while the sender is unknown.")
    page: int
    document_id: UUID | None
    point_id: UUID | None
    snippet: str = Field(description="Escaped HTML; the matching words are in <mark>.")
    rank: float
    answer_url: str


class SearchOut(Schema):
    query: str
    total: int = Field(description="Hits counted, at most 1,000 per source.")
    more: bool = Field(description="True when there are more hits than counted.")
    limit: int
    offset: int
    hits: list[SearchHitOut]
