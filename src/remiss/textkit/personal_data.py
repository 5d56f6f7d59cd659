"""Personal data in a letter: personnummer, samordningsnummer, phone numbers, private e-mail.

Used to warn before a document is published or handed out (offentlighetsprincipen and GDPR:
public access does not mean publication). The finder errs on the side of flagging: every phone
number is flagged, since a direct number is as personal as a mobile one; an e-mail address is
flagged when it is at a consumer mail service or reads like a person's name, and left alone when
it is a shared mailbox (``registrator@``, ``kommun@``, ``info@`` ...). Organisation numbers,
dates and case numbers are never flagged.

The word lists are data: ``lexicons/consumer_mail_domains.txt`` and
``lexicons/functional_mailboxes.txt``.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from remiss.textkit import lexicons
from remiss.textkit.documents import Page, Span
from remiss.textkit.identifiers import (
    find_email_addresses,
    find_personal_numbers,
    find_phone_numbers,
)

KINDS = ("personnummer", "samordningsnummer", "telefon", "e-post")


@dataclass(frozen=True)
class PersonalDataHit:
    kind: str  # "personnummer" | "samordningsnummer" | "telefon" | "e-post"
    value: str  # normalised: YYYYMMDD-NNNN, +46..., the address in lower case
    span: Span


def find_personal_data(pages: Sequence[Page]) -> list[PersonalDataHit]:
    """Every piece of personal data on the pages, in page and text order."""
    hits: list[PersonalDataHit] = []
    for page in pages:
        text = page.text
        found: list[tuple[int, PersonalDataHit]] = []
        for number in find_personal_numbers(text):
            found.append((number.span[0], _hit(number.kind, number.normalised, page, number.span)))
        for phone in find_phone_numbers(text):
            found.append((phone.span[0], _hit("telefon", phone.normalised, page, phone.span)))
        for email in find_email_addresses(text):
            if is_private_email(email.address):
                found.append(
                    (email.span[0], _hit("e-post", email.address.lower(), page, email.span))
                )
        found.sort(key=lambda item: item[0])
        hits.extend(hit for _, hit in found)
    return hits


def _hit(kind: str, value: str, page: Page, span: tuple[int, int]) -> PersonalDataHit:
    start, end = span
    return PersonalDataHit(kind, value, Span(page.number, start, end, page.text[start:end]))


@cache
def _consumer_domains() -> tuple[frozenset[str], tuple[str, ...]]:
    exact = set()
    prefixes = []
    for domain in lexicons.word_set("consumer_mail_domains"):
        if domain.endswith(".*"):
            prefixes.append(domain[:-1])  # "yahoo." matches yahoo.se, yahoo.co.uk, ...
        else:
            exact.add(domain)
    return frozenset(exact), tuple(prefixes)


_NAME_PART = re.compile(r"^[a-zåäöéü]{2,}(?:-[a-zåäöéü]{2,})?$")


def is_private_email(address: str) -> bool:
    """Whether an address belongs to a person rather than to a shared mailbox.

    >>> is_private_email("anna.svensson@gmail.com"), is_private_email("registrator@nacka.se")
    (True, False)
    """
    local, _, domain = address.lower().partition("@")
    exact, prefixes = _consumer_domains()
    functional = lexicons.word_set("functional_mailboxes")
    parts = [part for part in re.split(r"[._+]", local) if part]
    if (
        not parts
        or local in functional
        or parts[0] in functional
        or any(part in functional for part in parts)
    ):
        return False
    if domain in exact or any(domain.startswith(prefix) for prefix in prefixes):
        return True
    # firstname.lastname, firstname_lastname, firstname.m.lastname
    named = [part for part in parts if len(part) > 1]
    if len(named) >= 2 and all(_NAME_PART.match(part) for part in named):
        return True
    return len(parts) == 1 and parts[0] in lexicons.word_set("first_names")
