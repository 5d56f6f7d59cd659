"""Keep invitation tokens out of the logs.

The link in an invitation e-mail is ``/svara/<token>/``. Django's request and server loggers
write the path of every request that fails or is served, so without this filter a log file
would hold working links. The filter rewrites the formatted message and drops its arguments;
it is registered in ``settings.LOGGING`` for ``django.server``, ``django.request`` and the
console handler (so it also covers records that propagate to the root logger).
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"/svara/[^/\s?#\"'<>]+")
REDACTED = "/svara/[dold]"


def redact_tokens(text: str) -> str:
    """'/svara/<token>/' becomes '/svara/[dold]/'; the token-free portal paths stay as they are."""
    return TOKEN_IN_PATH.sub(_replace, text)


def _replace(match: re.Match) -> str:
    # The portal's own token-free paths (/svara/svar/<uuid>/ ...) start with a known word.
    segment = match.group(0)[len("/svara/") :]
    if segment in SAFE_SEGMENTS:
        return match.group(0)
    return REDACTED


SAFE_SEGMENTS = frozenset({"svar", "[dold]"})


class RedactTokensFilter(logging.Filter):
    """Rewrites a record's message so no invitation token survives; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not ours
            return True
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
