import pytest

from remiss.textkit.identifiers import (
    InvalidOrganisationNumber,
    case_number_key,
    luhn_checksum_ok,
    normalise_organisation_number,
    tidy_case_number,
)


@pytest.mark.parametrize(
    "spelling",
    ["RS 2020-0780", "RS 2020\u20130780", "RS2020-0780", "rs 2020 - 0780", " RS  2020\u20110780 "],
)
def test_every_spelling_of_the_stockholm_case_number_has_one_key(spelling):
    assert case_number_key(spelling) == "RS2020-0780"


def test_a_government_number_and_its_file_name_form_share_a_key():
    assert case_number_key("N2015/08441/RS") == case_number_key("N2015-08441-RS")


def test_different_numbers_keep_different_keys():
    assert case_number_key("RS 2020-0780") != case_number_key("RS 2020-0781")
    assert case_number_key("KS 2019/483") != case_number_key("KS 2019/48")


def test_the_tidy_form_keeps_spaces_but_uses_one_kind_of_dash():
    assert tidy_case_number("RS  2020\u20130780") == "RS 2020-0780"
    assert tidy_case_number("KS-2016/261.182") == "KS-2016/261.182"


def test_luhn_accepts_a_known_number_and_rejects_a_changed_digit():
    assert luhn_checksum_ok("2120000142")
    assert not luhn_checksum_ok("2120000143")
    assert not luhn_checksum_ok("21200O0142")


@pytest.mark.parametrize("raw", ["212000-0142", "2120000142", "16212000-0142", "212000\u20130142"])
def test_valid_organisation_numbers_are_normalised(raw):
    assert normalise_organisation_number(raw) == "212000-0142"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("212000-014", "length"),
        ("212000-01422", "length"),
        ("abcdef-ghij", "length"),
        ("211000-0142", "third_digit"),
        ("212000-0143", "checksum"),
    ],
)
def test_invalid_organisation_numbers_say_why(raw, code):
    with pytest.raises(InvalidOrganisationNumber) as caught:
        normalise_organisation_number(raw)
    assert caught.value.code == code
