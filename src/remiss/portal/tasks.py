"""Background work of the portal, run by `remiss worker` (or inline in tests).

A submitted answer's PDF copy and the receipt e-mail are made here, after the request: the
submission itself is stored (as text) and acknowledged without a PDF engine. The task is
enqueued inside the submission's transaction, so with the database backend it exists exactly
when the submission does. Running it again is safe: one PDF, one e-mail.
"""

from django.tasks import task


# Higher than the default (0): a respondent waiting for a receipt goes before analysis runs.
@task(priority=10)
def portal_answer_finish(answer_id: str, invitation_id: str | None = None) -> dict:
    """Make the PDF copy of a submitted answer and mail the receipt; a failure raises (the
    task is marked failed, the answer stays received) and the next run tries again."""
    from .services import portal_answer_rendition

    return portal_answer_rendition(answer_id=answer_id, invitation_id=invitation_id)
