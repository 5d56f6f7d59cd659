import pytest

from remiss.textkit.documents import Page
from remiss.textkit.personal_data import find_personal_data, is_private_email


def _kinds_and_values(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.value) for hit in find_personal_data([Page(1, text)])]


def test_it_flags_a_personnummer_and_a_samordningsnummer():
    assert _kinds_and_values("Sökande 811218-9876, medsökande 701063-2391.") == [
        ("personnummer", "19811218-9876"),
        ("samordningsnummer", "19701063-2391"),
    ]


def test_it_flags_phone_numbers_in_e164():
    assert _kinds_and_values("Ring mig på 070-123 45 67 eller +46 8 123 456 78.") == [
        ("telefon", "+46701234567"),
        ("telefon", "+46812345678"),
    ]


@pytest.mark.parametrize(
    "address",
    ["anna62@hotmail.com", "Anna.Svensson@gmail.com", "kalle@yahoo.se", "per.olsson@nacka.se"],
)
def test_it_flags_private_email_addresses(address):
    assert _kinds_and_values(f"E-post: {address}") == [("e-post", address.lower())]


@pytest.mark.parametrize(
    "address",
    [
        "registrator@nacka.se",
        "registrator.lsf@sll.se",
        "kommun@huddinge.se",
        "info@svenskcykling.se",
        "kontakt@exempel.se",
        "remiss@regelradet.se",
        "i.remissvar@regeringskansliet.se",
    ],
)
def test_it_leaves_functional_addresses_alone(address):
    assert not is_private_email(address)
    assert _kinds_and_values(f"Svar till {address}.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Stockholms stad, organisationsnummer 212000-0142",
        "Datum 2021-01-21, svar senast den 5 mars 2021",
        "Ange diarienummer RS 2020–0780 eller Dnr 0747/21",
        "Ärende KS-2016/261.182 och S/21/0001-8",
        "Programperioden 2021-2027",
        "Box 622, 751 26 Uppsala",
    ],
)
def test_it_does_not_flag_org_numbers_dates_or_case_numbers(text):
    assert _kinds_and_values(text) == []


def test_every_hit_carries_its_page_and_span():
    pages = [
        Page(1, "Inget personligt här."),
        Page(2, "Handläggare Anna Svensson, tel. 08-123 456 78, anna.svensson@nacka.se"),
    ]
    hits = find_personal_data(pages)
    assert [hit.kind for hit in hits] == ["telefon", "e-post"]
    for hit in hits:
        assert hit.span.page == 2
        assert pages[1].text[hit.span.start : hit.span.end] == hit.span.text
    assert hits[0].span.text == "08-123 456 78"
