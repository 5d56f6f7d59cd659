"""E-mail (RFC 822 / MIME) with the standard library: the body as text, the attachments as
bytes for the caller to read in turn."""

import base64
import email
import email.policy
import mimetypes
import quopri
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message

from remiss.textkit.formats.text import decode_text, html_to_text, normalise


@dataclass
class Attachment:
    name: str
    data: bytes


@dataclass
class ParsedEmail:
    body: str
    from_name: str = ""
    from_address: str = ""
    to: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    message_id: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def parse_email(data: bytes) -> ParsedEmail:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body_part = _body_part(message)
    parsed = ParsedEmail(body=_part_text(body_part) if body_part is not None else "")
    _fill_headers(message, parsed)
    skip = _alternatives_of(message, body_part)
    _collect_attachments(message, None, skip, parsed.attachments)
    return parsed


def _body_part(message: EmailMessage) -> EmailMessage | None:
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError, ValueError):
        return None


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError, UnicodeError, KeyError):
        payload = part.get_payload(decode=True)
        content = decode_text(payload) if isinstance(payload, bytes) and payload else ""
    if isinstance(content, bytes):
        content = decode_text(content)
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return normalise(content)


def _header(message: EmailMessage, name: str) -> object | None:
    try:
        return message[name]
    except (ValueError, IndexError, TypeError, AttributeError):
        return None


def _fill_headers(message: EmailMessage, parsed: ParsedEmail) -> None:
    sender = _header(message, "From")
    addresses = getattr(sender, "addresses", ()) or ()
    if addresses:
        parsed.from_name = addresses[0].display_name or ""
        parsed.from_address = addresses[0].addr_spec or ""
    elif sender is not None:
        parsed.from_address = str(sender)
    recipients = _header(message, "To")
    parsed.to = tuple(address.addr_spec for address in getattr(recipients, "addresses", ()) or ())
    parsed.subject = str(_header(message, "Subject") or "").strip()
    date = _header(message, "Date")
    parsed.date = getattr(date, "datetime", None)
    parsed.message_id = str(_header(message, "Message-ID") or "").strip()


def _alternatives_of(message: EmailMessage, body: Message | None) -> set[int]:
    """The body part and the other versions of it (the HTML twin of a plain text body)."""
    skip: set[int] = set()
    if body is None:
        return skip
    skip.add(id(body))
    for part in message.walk():
        if part.get_content_type() == "multipart/alternative":
            children = part.get_payload()
            if isinstance(children, list) and any(child is body for child in children):
                skip.update(id(child) for child in children)
    return skip


def _collect_attachments(
    part: Message, parent_type: str | None, skip: set[int], found: list[Attachment]
) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        if parent_type is None:
            return  # the message itself
        found.append(Attachment(name=_name(part, len(found), ".eml"), data=_message_bytes(part)))
        return
    if part.is_multipart():
        children = part.get_payload()
        for child in children if isinstance(children, list) else ():
            _collect_attachments(child, content_type, skip, found)
        return
    if id(part) in skip or parent_type is None:
        return
    disposition = part.get_content_disposition()
    filename = part.get_filename()
    if disposition != "attachment":
        if filename is None and part.get_content_maintype() == "text":
            return  # another text part of the body
        if parent_type == "multipart/related" and part.get("Content-ID"):
            return  # a picture shown inside the HTML body (a logo)
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return
    extension = mimetypes.guess_extension(content_type) or ""
    found.append(Attachment(name=_name(part, len(found), extension), data=payload))


def _name(part: Message, index: int, extension: str) -> str:
    try:
        filename = part.get_filename()
    except (ValueError, LookupError, TypeError):
        filename = None
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base or f"bilaga-{index + 1}{extension}"


def _message_bytes(part: Message) -> bytes:
    """The attached message's bytes. Some mailers base64-encode message/rfc822 parts, which
    the standard forbids; the parser then sees the encoded text as the message, so we decode."""
    inner = part.get_payload()
    message = inner[0] if isinstance(inner, list) and inner else inner
    if not isinstance(message, Message):
        payload = part.get_payload(decode=True)
        return payload if isinstance(payload, bytes) else b""
    try:
        data = message.as_bytes(policy=email.policy.default)
    except (ValueError, LookupError, TypeError, UnicodeError):
        data = str(message).encode("utf-8", "replace")
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        return base64.b64decode(data.strip(), validate=False)
    if encoding == "quoted-printable":
        return quopri.decodestring(data.lstrip(b"\r\n"))
    return data
