"""The translation catalogues: Swedish complete, English identical to the msgids, the committed
.mo files in step with the .po files, and every marked string of the code in the catalogues.

No database. The .po files are read with the small parser below (no extra dependency), and the
.mo files with the standard library's gettext.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parents[1] / "src" / "remiss"
LOCALE = SRC / "locale"
LANGUAGES = ["sv", "en"]
# The same arguments as the README/brief's command that creates the catalogues.
MAKEMESSAGES_ARGS = ["--no-obsolete", "--ignore", "*/tests/*", "--ignore", "*/migrations/*"]


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.mo"


# --- a small .po parser -------------------------------------------------------------------

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(token: str, where: str) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"{where}: not a quoted string: {token!r}")

    def replace(match: re.Match) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise ValueError(f"{where}: unknown escape \\{char}")
        return _ESCAPES[char]

    return re.sub(r"\\(.)", replace, token[1:-1])


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def where(self) -> str:
        refs = " ".join(self.references) or f"line {self.line}"
        return f"{self.msgid!r} ({refs})"


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the other (non-obsolete) entries of a .po file."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # the keyword a continuation line extends
    pending_flags: set[str] = set()
    pending_refs: list[str] = []
    has_msgid = False  # whether the current entry has had its msgid line

    def start(line_number: int) -> Entry:
        entry = Entry(line=line_number, flags=set(pending_flags), references=list(pending_refs))
        pending_flags.clear()
        pending_refs.clear()
        entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if line.startswith("#~"):  # obsolete entry: not part of the catalogue
            current, target = None, None
            continue
        if line.startswith("#"):
            if current is not None:  # a comment starts the next entry
                current, target = None, None
            if line.startswith("#,"):
                pending_flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                pending_refs.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, token = match.groups()
            text = _unquote(token, where)
            if keyword == "msgctxt":
                current, has_msgid = start(number), False
            elif keyword == "msgid":
                if current is None or has_msgid:  # else it follows this entry's msgctxt
                    current = start(number)
                has_msgid = True
            elif current is None or not has_msgid:
                raise ValueError(f"{where}: {keyword} without msgid")
            if keyword == "msgctxt":
                current.msgctxt, target = text, ("msgctxt", None)
            elif keyword == "msgid":
                current.msgid, target = text, ("msgid", None)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = text, ("msgid_plural", None)
            else:
                slot = int(index) if index is not None else 0
                current.msgstr[slot] = text
                target = ("msgstr", slot)
            continue
        if line.startswith('"') and current is not None and target is not None:
            text = _unquote(line, where)
            name, slot = target
            if name == "msgstr":
                current.msgstr[slot] += text
            else:
                setattr(current, name, getattr(current, name) + text)
            continue
        raise ValueError(f"{where}: cannot read {raw!r}")

    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected exactly one header entry"
    return headers[0], [e for e in entries if e is not headers[0]]


def header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def expected_catalog(entries: list[Entry]) -> dict:
    """What gettext.GNUTranslations._catalog holds after loading the .po compiled by msgfmt,
    which leaves out fuzzy and untranslated entries."""
    catalog: dict = {}
    for entry in entries:
        if "fuzzy" in entry.flags or not any(entry.msgstr.values()):
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalog[msgid] = entry.msgstr.get(0, "")
        else:
            for slot, text in entry.msgstr.items():
                catalog[(msgid, slot)] = text
    return catalog


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_names_the_language_utf8_and_the_plural_rule(lang):
    header, _entries = parse_po(po_path(lang))
    fields = header_fields(header)
    assert "fuzzy" not in header.flags, f"{po_path(lang)}: the header is marked fuzzy"
    assert fields.get("Language") == lang
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_swedish_entry_is_translated_and_not_fuzzy():
    _header, entries = parse_po(po_path("sv"))
    assert entries, "the Swedish catalogue is empty"
    problems = []
    for entry in entries:
        slots = [0, 1] if entry.msgid_plural is not None else [0]
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.where}")
        if any(not entry.msgstr.get(slot) for slot in slots):
            problems.append(f"untranslated: {entry.where}")
    assert problems == [], "\n".join(problems)


def test_every_english_entry_repeats_its_msgid():
    _header, entries = parse_po(po_path("en"))
    problems = []
    for entry in entries:
        if entry.msgid_plural is None:
            expected = {0: entry.msgid}
        else:
            expected = {0: entry.msgid, 1: entry.msgid_plural}
        if "fuzzy" in entry.flags or entry.msgstr != expected:
            problems.append(entry.where)
    assert problems == [], "English msgstr differs from msgid, or is fuzzy:\n" + "\n".join(problems)


_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%")


def test_swedish_translations_keep_the_placeholders():
    _header, entries = parse_po(po_path("sv"))
    problems = []
    for entry in entries:
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for slot, source in enumerate(sources):
            wanted = sorted(_PLACEHOLDER.findall(source))
            got = sorted(_PLACEHOLDER.findall(entry.msgstr.get(slot, "")))
            if wanted != got:
                problems.append(f"{entry.where}[{slot}]: {wanted} != {got}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_holds_exactly_what_the_po_says(lang):
    _header, entries = parse_po(po_path(lang))
    assert mo_path(lang).exists(), (
        f"{mo_path(lang)} is missing: run `uv run remiss compilemessages` and commit it"
    )
    with mo_path(lang).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info().get("language") == lang
    assert compiled.info().get("plural-forms") == "nplurals=2; plural=(n != 1);"
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    expected = expected_catalog(entries)
    stale = sorted(
        repr(key)
        for key in expected.keys() | catalog.keys()
        if expected.get(key) != catalog.get(key)
    )
    assert stale == [], (
        f"{mo_path(lang)} does not match {po_path(lang)}; run `uv run remiss compilemessages`.\n"
        "Differing entries:\n" + "\n".join(stale)
    )


@pytest.mark.parametrize(
    ("msgid", "swedish"),
    [
        ("Consultations", "Remisser"),
        ("Closed for comment", "Stängd för synpunkter"),
        ("Recipient list", "Sändlista"),
        ("Not answered", "Ej svarat"),
        ("Skip to content", "Till innehållet"),
    ],
)
def test_key_words_are_swedish_through_django(msgid, swedish):
    with translation.override("sv"):
        assert translation.gettext(msgid) == swedish
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_the_response_rate_sentence_and_its_plural():
    with translation.override("sv"):
        rate = translation.gettext(
            "%(answered)s of %(invited)s invited bodies have answered (%(percent)s %%)."
        )
        assert rate % {"answered": 1, "invited": 42, "percent": 2} == (
            "1 av 42 inbjudna remissinstanser har svarat (2 %)."
        )
        for count, text in [(1, "1 spontant svar."), (3, "3 spontana svar.")]:
            message = translation.ngettext(
                "%(spontaneous)s spontaneous answer.",
                "%(spontaneous)s spontaneous answers.",
                count,
            )
            assert message % {"spontaneous": count} == text


def test_the_catalogues_hold_every_string_marked_in_the_code(tmp_path):
    """Run makemessages on a copy of the package and compare the msgids with the committed."""
    tools = ["xgettext", "msgmerge", "msguniq"]
    missing_tools = [tool for tool in tools if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing_tools)} missing); "
            "install the Debian package gettext to check the catalogues against the code"
        )
    copy = tmp_path / "remiss"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    originals = {lang: po_path(lang).read_bytes() for lang in LANGUAGES}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "remiss.settings",
        # Import remiss from the copy, so LOCALE_PATHS points into it and nothing is written
        # to the real catalogues.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
        "REMISS_DATA_DIR": str(tmp_path / "data"),
        "REMISS_SECRET_KEY": "translation-test",
    }
    command = [sys.executable, "-m", "django", "makemessages"]
    for lang in LANGUAGES:
        command += ["-l", lang]
    result = subprocess.run(
        command + MAKEMESSAGES_ARGS,
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGUAGES:
        assert po_path(lang).read_bytes() == originals[lang], (
            f"makemessages wrote to the real {po_path(lang)}"
        )

    problems = []
    for lang in LANGUAGES:
        regenerated = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
        _h, fresh = parse_po(regenerated)
        _h, committed = parse_po(po_path(lang))
        fresh_keys = {entry.key: entry for entry in fresh}
        committed_keys = {entry.key for entry in committed}
        problems += [
            f"{lang}: missing from the catalogue: {fresh_keys[key].where}"
            for key in sorted(fresh_keys.keys() - committed_keys, key=repr)
        ]
        problems += [
            f"{lang}: no longer in the code: {key[1]!r}"
            for key in sorted(committed_keys - fresh_keys.keys(), key=repr)
        ]
    assert problems == [], (
        "The catalogues are out of step with the code. From src/remiss run\n"
        "  uv run django-admin makemessages -l sv -l en "
        + " ".join(f'"{arg}"' if "*" in arg else arg for arg in MAKEMESSAGES_ARGS)
        + "\ntranslate, then `uv run django-admin compilemessages`.\n"
        + "\n".join(problems)
    )
