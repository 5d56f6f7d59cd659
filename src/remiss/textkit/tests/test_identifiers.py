from datetime import date

import pytest

from remiss.textkit.identifiers import (
    InvalidOrganisationNumber,
    case_number_cue_kind,
    case_number_key,
    find_case_numbers,
    find_dates,
    find_email_addresses,
    find_organisation_numbers,
    find_personal_numbers,
    find_phone_numbers,
    luhn_checksum_ok,
    normalise_organisation_number,
    parse_swedish_date,
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


# --- finding case numbers ---------------------------------------------------------------------


def _tidy_numbers(text):
    return [hit.tidy for hit in find_case_numbers(text)]


@pytest.mark.parametrize(
    "written",
    [
        "RS 2020-0780",
        "RS 2020–0780",
        "TRN 2018-0166",
        "LS 1003–0221",
        "N2018/05320/RTS",
        "Fi2016/02568/K",
        "N2015-08441-RS",
        "S/21/0001-8",
        "KS 19/0256",
        "KS-2016/261.182",
        "KS 2019/483",
        "KS/2015:404",
        "2018/KS 0290 10",
        "2017KSM0604 301",
        "LS/842/2014",
        "RA 22-2007/03552",
        "NV-05326-12",
        "3.1.2-814/2025",
        "SBN Mex 2010/4.358",
    ],
)
def test_it_finds_each_observed_case_number_format(written):
    assert _tidy_numbers(f"Ärendet har nummer {written} i diariet.") == [written.replace("–", "-")]


def test_it_keeps_the_raw_text_and_gives_the_key_and_span():
    text = "Ange diarienummer RS 2020–0780."
    [hit] = find_case_numbers(text)
    assert hit.raw == "RS 2020–0780"
    assert hit.tidy == "RS 2020-0780"
    assert hit.key == case_number_key("RS2020-0780")
    assert text[hit.span[0] : hit.span[1]] == hit.raw
    assert hit.cue == "Ange diarienummer"


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        ("Vår beteckning: KS 2021/17", "Vår beteckning", "own"),
        ("Vårt dnr KS 2021/17", "Vårt dnr", "own"),
        ("Er beteckning RS 2020-0780", "Er beteckning", "quoted"),
        ("Ert dnr: RS 2020-0780", "Ert dnr", "quoted"),
        ("Er referens RS 2020-0780", "Er referens", "quoted"),
        ("Dnr KS 2021/17", "Dnr", "neutral"),
        ("Diarienummer: KS 2021/17", "Diarienummer", "neutral"),
        ("Diarienr KS 2021/17", "Diarienr", "neutral"),
    ],
)
def test_it_records_the_cue_before_a_case_number(text, cue, kind):
    [hit] = find_case_numbers(text)
    assert hit.cue == cue
    assert case_number_cue_kind(hit.cue) == kind


def test_it_reads_ambiguous_shapes_only_after_a_cue_word():
    assert _tidy_numbers("Dnr 0747/21") == ["0747/21"]
    assert _tidy_numbers("Dnr: 2015/089") == ["2015/089"]
    assert _tidy_numbers("JO dnr 5529-2013") == ["5529-2013"]
    assert _tidy_numbers("Dnr 2016/0166 KS-2") == ["2016/0166 KS-2"]
    assert _tidy_numbers("Sidan 0747/21 och 2015/089 och 5529-2013") == []


@pytest.mark.parametrize(
    "look_alike",
    [
        "SFS (2017:900)",
        "lag (2017:900)",
        "SOU 2020:59",
        "Ds 2017:60",
        "prop. 2016/17:180",
        "bet. 2021/22:UU19",
        "skr. 2005/06:75",
        "Dir. 2021:65",
        "RA-FS 2009:2",
        "HKF 9420",
        "förordning (EU) 2021/1060",
        "COM(2018) 372",
        "2016/17:FPM84",
        "Dnr 2016/17:FPM84",
    ],
)
def test_it_ignores_statute_and_report_numbers(look_alike):
    assert _tidy_numbers(f"Se {look_alike} för detaljer.") == []


def test_it_ignores_sfs_numbers():
    assert find_case_numbers("enligt förordningen (2007:1244) om konsekvensutredning") == []


@pytest.mark.parametrize(
    "text",
    [
        "programperioden 2021-2027",
        "RUFS 2050 för perioden 2019–2026",
        "Dnr 2021-2027",
        "EU 2021-2027",
        "Datum 2021-01-21",
        "Dnr 2021-01-21",
    ],
)
def test_it_does_not_take_year_ranges_or_dates_for_case_numbers(text):
    assert find_case_numbers(text) == []


def test_it_returns_several_numbers_in_text_order():
    text = "Vår beteckning KS-2016/261.182. Er beteckning RS 2020-0780. Se N2018/05320/RTS."
    assert _tidy_numbers(text) == ["KS-2016/261.182", "RS 2020-0780", "N2018/05320/RTS"]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-01-21", date(2021, 1, 21)),
        ("21 januari 2021", date(2021, 1, 21)),
        ("den 5 mars 2021", date(2021, 3, 5)),
        ("tisdagen den 1 mars 2016", date(2016, 3, 1)),
        ("fredagen den 6 november 2015", date(2015, 11, 6)),
        ("15/4-15", date(2015, 4, 15)),
        ("1:a maj 2020", date(2020, 5, 1)),
        ("11 oktober, 2016", date(2016, 10, 11)),
        ("5 jan. 2020", date(2020, 1, 5)),
    ],
)
def test_it_parses_swedish_dates(raw, expected):
    assert parse_swedish_date(raw) == expected


@pytest.mark.parametrize(
    "raw", ["2021-02-30", "31 april 2021", "30/2-21", "den 5 mars", "RS 2020-0780"]
)
def test_it_rejects_impossible_or_incomplete_dates(raw):
    assert parse_swedish_date(raw) is None
    assert find_dates(raw) == []


def test_it_finds_dates_in_prose_and_keeps_the_raw_text():
    text = "Svar senast tisdagen den 1 mars 2016 (se missiv 2015-12-17, 15/4-15)."
    hits = find_dates(text)
    assert [hit.raw for hit in hits] == ["tisdagen den 1 mars 2016", "2015-12-17", "15/4-15"]
    assert [hit.value.isoformat() for hit in hits] == ["2016-03-01", "2015-12-17", "2015-04-15"]
    assert all(text[hit.span[0] : hit.span[1]] == hit.raw for hit in hits)


def test_it_does_not_read_dates_inside_case_numbers():
    assert find_dates("S/21/0001-8, KS-2016/261.182, RS 2020-0780") == []


# --- organisation and personal identity numbers -------------------------------------------------


def test_it_finds_valid_organisation_numbers_only():
    text = "Stockholms stad 212000-0142, fel 212000-0143, 16212000-1355, tel 0701234567."
    assert [hit.normalised for hit in find_organisation_numbers(text)] == [
        "212000-0142",
        "212000-1355",
    ]


@pytest.mark.parametrize(
    ("text", "normalised", "kind"),
    [
        ("811218-9876", "19811218-9876", "personnummer"),
        ("19811218-9876", "19811218-9876", "personnummer"),
        ("198112189876", "19811218-9876", "personnummer"),
        ("121212+1212", "19121212-1212", "personnummer"),
        ("701063-2391", "19701063-2391", "samordningsnummer"),
    ],
)
def test_it_finds_personal_and_coordination_numbers(text, normalised, kind):
    [hit] = find_personal_numbers(f"Pnr: {text}.")
    assert (hit.normalised, hit.kind) == (normalised, kind)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9877",  # wrong check digit
        "811318-9876",  # no 13th month
        "212000-0142",  # an organisation number: third digit 2 or more
        "2021-01-21",  # an ISO date
        "070-123 45 67",  # a phone number
        "0701234567",  # ten bare digits
        "RS 2020-0780",
    ],
)
def test_it_does_not_take_other_numbers_for_personal_numbers(text):
    assert find_personal_numbers(text) == []


# --- e-mail and phone ---------------------------------------------------------------------------


def test_it_finds_email_addresses_without_trailing_punctuation():
    hits = find_email_addresses("Skicka till registrator.lsf@sll.se. Kopia: a.b@huddinge.se,")
    assert [hit.address for hit in hits] == ["registrator.lsf@sll.se", "a.b@huddinge.se"]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("08-123 456 78", "+46812345678"),
        ("070-123 45 67", "+46701234567"),
        ("+46 8 123 456 78", "+46812345678"),
        ("010-123 45 67", "+46101234567"),
        ("018-17 55 00", "+4618175500"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("0701234567", "+46701234567"),
    ],
)
def test_it_normalises_swedish_phone_numbers_to_e164(raw, normalised):
    [hit] = find_phone_numbers(f"Ring {raw} i dag")
    assert (hit.raw, hit.normalised) == (raw, normalised)


@pytest.mark.parametrize(
    "text",
    ["2021-01-21", "RS 2020-0780", "Dnr 0747/21", "212000-0142", "S/21/0001-8", "811218-9876"],
)
def test_it_does_not_take_dates_case_numbers_or_org_numbers_for_phone_numbers(text):
    assert find_phone_numbers(text) == []


def test_two_phone_numbers_side_by_side_stay_apart():
    hits = find_phone_numbers("Växel 08-579 210 00 08-35 02 90")
    assert [hit.normalised for hit in hits] == ["+46857921000", "+468350290"]
