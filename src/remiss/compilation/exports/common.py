"""What the exports share: the Swedish texts of the document, the table cells, safe cells.

The compilation is a Swedish document whatever the language of the interface, so these texts
are plain Swedish, not translated. Every function takes parts of a ``Compilation``.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from remiss.compilation.assembly import Body, Compilation, Entry
from remiss.compilation.charts import heat_map_svg, stance_by_kind_svg

DOCUMENT_TITLE = "Remissammanställning"
SUMMARY = "Sammanfattning"
NO_POINTS = "Inga synpunkter har lämnats på avsnittet."
CONSIDERATIONS = "Regionens överväganden"
TABLE_HEADER = ("Remissinstans", "Synpunkt", "Regionens kommentar", "Beslut")
ANNEX = "Bilaga: Förteckning över remissinstanserna"
ANSWERED = "Remissinstanser som har svarat"
NOT_ANSWERED = "Remissinstanser som har avstått, inte haft synpunkter eller inte svarat"
SPONTANEOUS = "Spontana yttranden"
NONE = "Inga."
LATE = "inkom efter svarstiden"
STANCE_CHART_TITLE = "Ställningstaganden per typ av remissinstans"
HEAT_MAP_TITLE = "Synpunkter per avsnitt och remissinstans"

# One row of the spreadsheets and the CSV file per point and part.
POINT_COLUMNS = (
    "Avsnitt",
    "Avsnittets rubrik",
    "Remissinstans",
    "Typ av remissinstans",
    "Ställningstagande",
    "Typ av synpunkt",
    "Synpunkt",
    "Sida",
    "Teman",
    "Regionens kommentar",
    "Beslut",
    "Motivering",
)

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell that cannot start a formula: a leading apostrophe neutralises it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_date(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def facts(compilation: Compilation) -> list[tuple[str, str]]:
    """The lines under the title: the case and when the compilation was made."""
    return [
        ("Diarienummer", compilation.case_number),
        ("Remitterande organisation", compilation.remitting_body),
        ("Remissen skickades", iso(compilation.sent_on) or "–"),
        ("Sista svarsdag", iso(compilation.deadline) or "–"),
        ("Sammanställningen gjordes", iso(local_date(compilation.generated_at))),
    ]


def count_lines(compilation: Compilation) -> list[tuple[str, int]]:
    counts = compilation.counts
    return [
        ("Remissinstanser som har fått remissen", counts.invited),
        ("Har svarat", counts.answered),
        ("varav med synpunkter", counts.with_views),
        ("Har avstått", counts.declined),
        ("Har inga synpunkter", counts.no_comments),
        ("Berörs inte", counts.not_concerned),
        ("Har inte svarat", counts.not_answered),
        ("Spontana yttranden", counts.spontaneous),
        ("Yttranden som inkom efter svarstiden", counts.late),
        ("Synpunkter", counts.points),
        ("Synpunkter med regionens kommentar eller beslut", counts.replied),
    ]


def quote(entry: Entry) -> str:
    """The point as the table shows it: the words of the answer and the page."""
    return f"{entry.text} (s. {entry.page})" if entry.page else entry.text


def decision(entry: Entry) -> str:
    """'Beaktas delvis. Because …' — the outcome and its reason."""
    outcome = entry.outcome_display
    if outcome and entry.reason:
        return f"{outcome.rstrip('.')}. {entry.reason}"
    return outcome or entry.reason


def body_line(body: Body, *, with_status: bool = False) -> str:
    """A body in the annex: 'Botkyrka kommun (Ej svarat)', late answers marked."""
    notes = []
    if with_status:
        notes.append(body.status_display)
    if body.late:
        notes.append(LATE)
    return f"{body.name} ({', '.join(notes)})" if notes else body.name


def stance_chart(compilation: Compilation) -> str:
    return stance_by_kind_svg(compilation.stance_by_kind, title=STANCE_CHART_TITLE, full_label=True)


def heat_map(compilation: Compilation) -> str:
    return heat_map_svg(compilation.heat_map, title=HEAT_MAP_TITLE, full_label=True)


def point_rows(compilation: Compilation) -> list[list]:
    """The rows of the spreadsheet and CSV file: one per point and part."""
    return [
        [
            block.number,
            block.title,
            entry.body,
            entry.body_kind_display,
            entry.stance_display,
            entry.kind_display,
            entry.text,
            entry.page or None,
            ", ".join(entry.themes),
            entry.reply,
            entry.outcome_display,
            entry.reason,
        ]
        for block, entry in compilation.entries()
    ]
