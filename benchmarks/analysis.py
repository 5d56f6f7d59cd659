"""Analysis throughput: 1,000 to 100,000 synthetic answers against reading and tokenising them.

    uv run python benchmarks/analysis.py [--sizes 1000,10000,100000] [--workers 2] [--seed 1]

Generates realistic Swedish answers to the demo remiss (200–2,000 words each; letterhead,
decision, summary, description, views with points, endorsements, consequences, signatures;
every stance; a few campaign letters) from sentence pools written here and sentences of the
two seed texts in ``src/remiss/demo/data``. Then, for each size, in a fresh process:

* baseline: read and tokenise each answer once (``lemmas.tokens``), with the same worker
  pool and chunks as the analysis, so the ratio measures the analysis and not the plumbing;
* analysis: ``textkit.analyse.analyse_answer`` of every answer under the draft's sections
  (worker pool, chunked), then the near-duplicate groups of all texts and ``find_themes``
  over all points, in the parent. By default each worker also makes the answer's MinHash
  signature (``duplicates.signature``, as the application does per answer) and the parent
  groups them (``groups_from_signatures``); ``--serial-duplicates`` runs
  ``near_duplicate_groups`` over all texts in the parent instead.

Prints answers per second, their ratio, the time of each step, peak memory (maximum resident
set of the parent and of the largest worker) and the growth exponent between sizes,
log(t2/t1) / log(N2/N1): 1.0 is linear. Needs no database.
"""

import argparse
import importlib
import json
import math
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from remiss.textkit.documents import Page
from remiss.textkit.lemmas import tokens
from remiss.textkit.tests.builders import DEMO_DRAFT

DATA = Path(__file__).resolve().parents[1] / "src" / "remiss" / "demo" / "data"
CHUNK = 200

SECTIONS = DEMO_DRAFT  # the demo's draft strategy

# --- the bodies that answer ------------------------------------------------------------------

MUNICIPALITIES = (
    "Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka",
    "Norrtälje", "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna",
    "Sundbyberg", "Södertälje", "Tyresö", "Täby", "Upplands Väsby", "Upplands-Bro", "Vallentuna",
    "Vaxholm", "Värmdö", "Österåker", "Stockholms stad",
)  # fmt: skip
OTHER_BODIES = {
    "myndighet": (
        "Länsstyrelsen i Stockholms län", "Tillväxtverket", "Arbetsförmedlingen", "Vinnova",
        "Trafikverket", "Universitets- och högskolerådet", "Myndigheten för yrkeshögskolan",
    ),
    "region": ("Region Uppsala", "Region Sörmland", "Region Gotland", "Region Västmanland"),
    "organisation": (
        "Storsthlm", "Stockholms Handelskammare", "Företagarna Stockholms län",
        "Svenskt Näringsliv", "LO-distriktet i Stockholms län", "Stockholm Science City",
        "Stockholm Business Region", "Karolinska Institutet", "Södertörns högskola",
        "KTH", "Stockholms universitet", "Almi Företagspartner Stockholm Sörmland",
    ),
}  # fmt: skip
ENDORSED = ("Storsthlm", "KSL", "Stockholms Handelskammare", "Företagarna", "Region Uppsala")
NAMES = (
    "Anna Lind", "Karin Berg", "Johan Ek", "Sara Holm", "Mikael Dahl", "Eva Nyström", "Per Falk",
    "Lena Björk", "Ali Hassan", "Maria Lundgren", "Olof Sandberg", "Fatima Ahmed",
)  # fmt: skip
TITLES = (
    "Kommundirektör", "Kommunstyrelsens ordförande", "Näringslivschef", "Förvaltningschef",
    "Generaldirektör", "Regiondirektör", "Verkställande direktör", "Avdelningschef",
)  # fmt: skip

# --- what the answers say ----------------------------------------------------------------------

STANCE_SUMMARY = {
    "tillstyrker": (
        "{org} tillstyrker förslaget till näringslivs- och tillväxtstrategi i sin helhet.",
        "{org} ställer sig positiv till förslaget och tillstyrker strategin.",
        "{org} har inga invändningar mot förslaget och tillstyrker det.",
    ),
    "tillstyrker_med_synpunkter": (
        "{org} tillstyrker i huvudsak förslaget men har följande synpunkter.",
        "{org} ställer sig positiv till strategin och lämnar några synpunkter nedan.",
        "{org} välkomnar strategin men anser att den behöver kompletteras på några punkter.",
    ),
    "delvis_avstyrker": (
        "{org} tillstyrker förslaget med undantag för avsnitt {section}, som {org} avstyrker.",
        "{org} ställer sig bakom huvuddragen men avstyrker förslaget i den del som avser "
        "avsnitt {section}.",
    ),
    "avstyrker": (
        "{org} avstyrker förslaget i dess nuvarande form.",
        "{org} kan inte tillstyrka förslaget och avstyrker strategin.",
        "{org} är kritisk till förslaget och avstyrker det.",
    ),
    "inga_synpunkter": (
        "{org} har inga synpunkter på förslaget.",
        "{org} har tagit del av remissen och lämnar inga synpunkter.",
    ),
    "avstår": (
        "{org} avstår från att yttra sig över remissen.",
        "{org} har beslutat att avstå från att lämna synpunkter på förslaget.",
    ),
    "berörs_inte": (
        "Förslaget berör inte {org}s verksamhet och {org} lämnar därför inget yttrande.",
        "Remissen faller utanför {org}s ansvarsområde.",
    ),
}
STANCE_WEIGHTS = {
    "tillstyrker": 18,
    "tillstyrker_med_synpunkter": 40,
    "delvis_avstyrker": 8,
    "avstyrker": 5,
    "inga_synpunkter": 12,
    "avstår": 9,
    "berörs_inte": 8,
}
TOPICS = {
    "2.1": (
        "forskningen vid regionens lärosäten", "testbäddar inom life science",
        "innovationsupphandling i offentlig sektor", "kommersialiseringen av forskningsresultat",
        "forskningsinfrastrukturen i Flemingsberg och Kista",
        "samverkan mellan akademi och näringsliv",
        "regionens innovationsstöd", "smart specialisering inom hälsa och digitalisering",
    ),
    "2.2": (
        "småföretagarnas tillgång till riskkapital", "rådgivningen till nya företagare",
        "regelförenkling och kortare handläggningstider", "företagsklimatet i länets kommuner",
        "entreprenörskap i skolan", "affärsutveckling för mikroföretag",
        "offentlig upphandling som är öppen för små företag",
        "företagsfrämjande aktörers samordning",
    ),
    "2.3": (
        "exportfrämjandet för små och medelstora företag",
        "arbetet med att locka utländska investeringar",
        "internationaliseringen av regionens näringsliv", "etableringar av utländska företag",
        "marknadsföringen av Stockholmsregionen internationellt", "globala värdekedjor och handel",
        "investeringsfrämjandet i samverkan med Business Sweden",
        "besöksnäringens internationella konkurrenskraft",
    ),
    "2.4": (
        "kompetensförsörjningen i vård och omsorg", "yrkeshögskolans utbud i södra länet",
        "vuxenutbildningen och validering av utländsk kompetens", "matchningen på arbetsmarknaden",
        "fler utbildningsplatser vid högskolor och universitet", "arbetsgivarnas behov av tekniker",
        "praktikplatser och lärlingsutbildning", "livslångt lärande och omställning",
    ),
    "4": (
        "uppföljningen med tydliga indikatorer", "styrgruppens ansvar och mandat",
        "handlingsplanerna och genomförandeplanerna", "resurserna för att genomföra insatserna",
        "rapporteringen tillsammans med RUFS 2050",
    ),
    "0": (
        "bostadsbyggandet i regionens yttre delar", "tvärförbindelser i kollektivtrafiken",
        "den regionala balansen mellan norra och södra länshalvan",
        "klimatomställningen i industrin",
        "jämställdhet och inkludering på arbetsmarknaden", "landsbygdens förutsättningar",
    ),
}  # fmt: skip
POINT_FRAMES = (
    "{org} anser att {topic} bör få en tydligare plats i strategin.",
    "{org} saknar konkreta insatser för {topic}.",
    "{org} föreslår att strategin kompletteras med en insats för {topic}.",
    "{org} vill särskilt lyfta fram {topic} som avgörande för regionens utveckling.",
    "{org} understryker vikten av {topic}. Detta kräver samverkan mellan kommunerna och regionen.",
    "{org} välkomnar att strategin tar upp {topic}.",
    "{org} efterfrågar en analys av {topic} och vilka aktörer som ansvarar.",
    "{org} ifrågasätter om strategin tar tillräcklig hänsyn till {topic}.",
    "Som tillägg vill {org} trycka på {topic}, som behöver stärkas de kommande åren.",
    "Det är bra att strategin lyfter {topic}, men {org} anser att ambitionen bör höjas.",
)
EXPLICIT_FRAMES = (
    "I avsnitt {number} bör {topic} tydliggöras.",
    "Under inriktningsområde {ordinal} saknar {org} en insats om {topic}.",
    "När det gäller kapitel {chapter} anser {org} att {topic} behöver förtydligas.",
)
ENDORSEMENT_FRAMES = (
    "{org} ställer sig bakom {other}s yttrande.",
    "{org} instämmer i det yttrande som {other} lämnat.",
    "{org} ansluter sig till {other}s remissvar i sin helhet.",
)
DESCRIPTION_POOL = (
    "Region Stockholm har skickat ut förslaget till Näringslivs- och tillväxtstrategi för "
    "Stockholmsregionen på remiss.",
    "Strategin ska ge en gemensam riktning för arbetet med näringslivsutveckling i länet.",
    "Förslaget har tagits fram i samverkan med kommuner, akademi och näringslivets organisationer.",
    "Remissen har beretts av förvaltningen i samråd med berörda verksamheter.",
    "Strategin omfattar fyra inriktningsområden med insatser inom vart och ett.",
    "Handlingsplaner och genomförandeplaner ska tas fram i ett senare skede.",
    "Förvaltningen har gått igenom förslaget och jämfört det med kommunens egna styrdokument.",
    "Ärendet har stämts av med kommunens näringslivsråd och arbetsmarknadsenhet.",
)
# Description sentences made from frames and topics, so that long answers do not all repeat
# the same few sentences (which would make them near-duplicates of each other).
DESCRIPTION_FRAMES = (
    "Under {year} har {actor} arbetat med {topic} i samverkan med flera aktörer.",
    "I kommunens näringslivsprogram från {year} beskrivs {topic} som ett prioriterat område.",
    "{Actor} har sedan {year} genomfört dialogmöten om {topic}.",
    "En kartläggning från {year} visar att {topic} skiljer sig mellan länets kommuner.",
    "Förvaltningen har tidigare rapporterat om {topic} till nämnden.",
    "Enligt {actor} behöver {topic} följas upp över tid.",
    "Arbetet med {topic} finansieras i dag delvis av {actor}.",
    "{Actor} bedömer att {topic} påverkar möjligheterna att nå målen i RUFS 2050.",
    "Frågor om {topic} har diskuterats i det regionala samverkansrådet under {year}.",
    "I budgeten för {year} avsattes medel för {topic}.",
)
ACTORS = (
    "kommunen", "förvaltningen", "näringslivsenheten", "arbetsmarknadsförvaltningen",
    "Region Stockholm", "Tillväxtverket", "länets kommuner", "Storsthlm", "styrgruppen",
    "Länsstyrelsen", "akademin", "näringslivets organisationer",
)  # fmt: skip
CONSEQUENCES = (
    "Förslaget till beslut medför inga ekonomiska eller juridiska konsekvenser för kommunen.",
    "Yttrandet har inga direkta ekonomiska konsekvenser.",
    "Beslutet bedöms inte få några konsekvenser för barn eller för jämställdheten.",
)
CAMPAIGN_BASES = (
    "Vi som bor och arbetar i södra Stockholm vill att Södertörns högskola blir ett universitet. "
    "Ett universitet ger fler utbildningsplatser, fler arbetstillfällen och en bättre regional "
    "balans. Vi ber Region Stockholm att skriva in detta i strategin under inriktningsområdet "
    "kompetensförsörjning och att driva frågan mot staten. Många unga pendlar i dag långt för "
    "att studera, och företagen här har svårt att rekrytera. Med ett universitet nära bostaden "
    "skulle fler studera vidare och stanna kvar i regionen efter examen.",
    "Som företagare i Stockholms län vill jag att strategin gör det enklare att driva företag. "
    "Handläggningstiderna för tillstånd är för långa och reglerna för krångliga. Små företag "
    "behöver bättre tillgång till riskkapital och rådgivning. Jag ber regionen att lägga till "
    "en insats för regelförenkling under inriktningsområdet för små och medelstora företag och "
    "att följa upp den med tydliga mål.",
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_LIST_ITEM = re.compile(r"^\s*\d+\.\s")
# Sentences that take a position are left out of the description filler: a description
# that says "stödjer innehållet" would change the stance of an answer that abstains.
_OPINION = re.compile(
    r"stödjer|positiva|ser fram emot|\bvill\b|synpunkter|viktig| – svar|^Sammanfattning",
    re.IGNORECASE,
)
PARAGRAPHS = 3000  # description paragraphs made once, then drawn whole


def seed_sentences() -> list[str]:
    """Whole neutral sentences of the two seed texts (line-end hyphenation undone)."""
    found = []
    for name in ("huddinge-ks-yttrande.txt", "region-stockholm-pm-RS-2020-0780.txt"):
        text = (DATA / name).read_text(encoding="utf-8")
        text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
        kept, previous = [], ""
        for line in text.splitlines():
            words = line.split()
            heading = len(words) < 6 and not line.rstrip().endswith((".", ",", ":", ";"))
            if _LIST_ITEM.match(line) or (heading and previous.rstrip().endswith((".", ""))):
                previous = ""
                continue
            kept.append(line)
            previous = line
        for block in re.split(r"\n\s*\n", "\n".join(kept)):
            for sentence in _SENTENCE.split(" ".join(block.split())):
                if (
                    10 <= len(sentence.split()) <= 60
                    and sentence.endswith(".")
                    and sentence[0].isupper()
                    and not _OPINION.search(sentence)
                ):
                    found.append(sentence)
    return sorted(set(found))


class AnswerMaker:
    """Makes answers quickly: whole paragraphs and sentences from pools, few random draws."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.bodies = [
            (f"{name} kommun" if " " not in name else name, "kommun") for name in MUNICIPALITIES
        ]
        for group, names in OTHER_BODIES.items():
            self.bodies.extend((name, group) for name in names)
        self.stances = list(STANCE_WEIGHTS)
        self.stance_weights = list(STANCE_WEIGHTS.values())
        filler = list(DESCRIPTION_POOL) + seed_sentences()
        topics = [topic for area in sorted(TOPICS) for topic in TOPICS[area]]
        for frame in DESCRIPTION_FRAMES:
            for topic in topics:
                actor = self.random.choice(ACTORS)
                filler.append(
                    frame.format(
                        year=self.random.randint(2012, 2020),
                        actor=actor,
                        Actor=actor[:1].upper() + actor[1:],
                        topic=topic,
                    )
                )
        self.paragraphs = []
        for _ in range(PARAGRAPHS):
            paragraph = " ".join(self.random.sample(filler, self.random.randint(3, 7)))
            self.paragraphs.append((paragraph, len(paragraph.split())))

    def words_wanted(self) -> int:
        # Most answers are short, some are long: log-uniform between 200 and 2,000 words.
        return int(math.exp(self.random.uniform(math.log(200), math.log(2000))))

    def answer(self) -> tuple[str, str]:
        """(text, group of the body that answers)."""
        pick = self.random
        if pick.random() < 0.03:
            return self.campaign_letter(), "allmänhet"
        org, group = pick.choice(self.bodies)
        stance = pick.choices(self.stances, self.stance_weights)[0]
        wanted = self.words_wanted()
        day = pick.randrange(100)
        lines = [
            org.upper(),
            ("YTTRANDE", "TJÄNSTEUTLÅTANDE", "REMISSVAR")[day % 3],
            f"2021-0{1 + day % 3}-{10 + day % 19}",
            f"Dnr KS-202{day % 2}/{pick.randrange(10, 999)}",
            "Region Stockholm",
            "Ert dnr RS 2020-0780",
            "",
            "Yttrande över Näringslivs- och tillväxtstrategi för Stockholmsregionen",
            "",
            "Förslag till beslut",
            f"{org} antar förvaltningens förslag som sitt yttrande till Region Stockholm.",
            "",
            "Sammanfattning",
            self.stance_sentence(stance, org),
            "",
        ]
        views = ["Synpunkter"]
        silent = stance in ("inga_synpunkter", "avstår", "berörs_inte")
        if not silent:
            views.extend(self.point(org) for _ in range(pick.randint(2, 8)))
        if pick.random() < 0.15:
            other = pick.choice(ENDORSED)
            views.append(pick.choice(ENDORSEMENT_FRAMES).format(org=org, other=other))
        if not silent:
            views.append(self.stance_sentence(stance, org))
        used = 60 + 15 * len(views)
        description = ["Beskrivning av ärendet"]
        paragraphs = self.paragraphs
        while True:
            paragraph, words = paragraphs[pick.randrange(PARAGRAPHS)]
            description.append(paragraph)
            used += words
            if used >= wanted:
                break
        tail = [
            "Ekonomiska konsekvenser",
            CONSEQUENCES[day % len(CONSEQUENCES)],
            "",
            NAMES[day % len(NAMES)],
            TITLES[day % len(TITLES)],
            "",
            "Bilagor",
            "Bilaga 1. Remiss från Region Stockholm",
        ]
        text = "\n".join([*lines, "\n\n".join(description), "", "\n\n".join(views), "", *tail])
        return text, group

    def stance_sentence(self, stance: str, org: str) -> str:
        section = self.random.choice(("2.1", "2.2", "2.3", "2.4", "4"))
        return self.random.choice(STANCE_SUMMARY[stance]).format(org=org, section=section)

    def point(self, org: str) -> str:
        pick = self.random
        area = pick.choice(("2.1", "2.2", "2.3", "2.4", "2.4", "4", "0"))
        topic = pick.choice(TOPICS[area])
        if area != "0" and pick.random() < 0.15:
            frame = pick.choice(EXPLICIT_FRAMES)
            ordinal = {"2.1": 1, "2.2": 2, "2.3": 3, "2.4": 4}.get(area, 4)
            return frame.format(
                org=org, topic=topic, number=area, ordinal=ordinal, chapter=area.split(".")[0]
            )
        return pick.choice(POINT_FRAMES).format(org=org, topic=topic)

    def campaign_letter(self) -> str:
        pick = self.random
        words = pick.choice(CAMPAIGN_BASES).split()
        position = pick.randrange(5, len(words) - 5)
        words[position] = pick.choice(("verkligen", "också", "gärna", "mycket"))
        return f"Till Region Stockholm\n\n{' '.join(words)}\n\n{pick.choice(NAMES)}"


def make_answers(count: int, seed: int) -> tuple[list[str], list[str]]:
    maker = AnswerMaker(seed)
    texts, groups = [], []
    for _ in range(count):
        text, group = maker.answer()
        texts.append(text)
        groups.append(group)
    return texts, groups


# --- the work, in worker processes (forked: they see TEXTS without copying) ---------------------

TEXTS: list[str] = []
SERIAL_DUPLICATES = False


def _baseline_chunk(bounds: tuple[int, int]) -> int:
    words = 0
    for text in TEXTS[bounds[0] : bounds[1]]:
        words += len(tokens(text))
    return words


def _analysis_chunk(bounds: tuple[int, int]) -> list[tuple]:
    """Each answer's stance, points and (unless duplicates run in the parent) its signature."""
    from remiss.textkit.analyse import analyse_answer
    from remiss.textkit.duplicates import signature

    results = []
    for text in TEXTS[bounds[0] : bounds[1]]:
        analysis = analyse_answer([Page(1, text)], SECTIONS)
        points = [
            (point.text, point.kind, point.sections[0].number if point.sections else "")
            for point in analysis.points
        ]
        results.append(
            (analysis.stance.label, points, None if SERIAL_DUPLICATES else signature(text))
        )
    return results


def _chunks(count: int) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]


def run_size(count: int, seed: int, workers: int, serial_duplicates: bool) -> dict:
    """One size, in this process; returns the measurements."""
    global TEXTS, SERIAL_DUPLICATES
    SERIAL_DUPLICATES = serial_duplicates
    started = time.perf_counter()
    texts, groups = make_answers(count, seed)
    TEXTS = texts
    generated = time.perf_counter() - started
    words = sum(text.count(" ") + text.count("\n") + 1 for text in texts)
    context = multiprocessing.get_context("fork")

    started = time.perf_counter()
    with context.Pool(workers) as pool:
        tokenised = sum(pool.imap(_baseline_chunk, _chunks(count)))
    baseline = time.perf_counter() - started

    try:
        import remiss.textkit.analyse  # noqa: F401
    except ImportError as error:
        return {"count": count, "skipped": f"analyse_answer is missing ({error})"}

    started = time.perf_counter()
    with context.Pool(workers) as pool:
        results = [item for chunk in pool.imap(_analysis_chunk, _chunks(count)) for item in chunk]
    analysis = time.perf_counter() - started

    from remiss.textkit.duplicates import groups_from_signatures, near_duplicate_groups
    from remiss.textkit.themes import ThemeInput, find_themes

    # datasketch (the banding of the grouping) imports scipy, seconds once per process: not
    # part of the measurement (the workers, which only make signatures, no longer import it).
    importlib.import_module("datasketch")

    started = time.perf_counter()
    if SERIAL_DUPLICATES:
        duplicate_groups = near_duplicate_groups({f"{n:06d}": t for n, t in enumerate(texts)})
    else:
        duplicate_groups = groups_from_signatures(
            {f"{n:06d}": value for n, (_, _, value) in enumerate(results) if value is not None}
        )
    duplicates = time.perf_counter() - started

    points = [
        ThemeInput(id=f"{n:06d}-{k:02d}", text=text, group=groups[n])
        for n, (_, found, _) in enumerate(results)
        for k, (text, _, _) in enumerate(found)
    ]
    # scikit-learn takes seconds to import, once per process: not part of the measurement.
    importlib.import_module("sklearn.cluster")
    importlib.import_module("sklearn.feature_extraction.text")

    started = time.perf_counter()
    found_themes = find_themes(points)
    themes = time.perf_counter() - started

    stances: dict[str, int] = {}
    for label, _, _ in results:
        stances[label] = stances.get(label, 0) + 1
    placed = sum(1 for _, found, _ in results for (_, _, number) in found if number)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "count": count,
        "words": words,
        "tokens": tokenised,
        "generate_s": generated,
        "baseline_s": baseline,
        "analysis_s": analysis,
        "duplicates_s": duplicates,
        "themes_s": themes,
        "total_s": analysis + duplicates + themes,
        "points": len(points),
        "placed": placed,
        "groups": len(duplicate_groups),
        "largest_group": len(duplicate_groups[0].members) if duplicate_groups else 0,
        "themes": len(found_themes),
        "top_themes": [(theme.label, len(theme.members)) for theme in found_themes[:3]],
        "stances": stances,
        "peak_parent_mb": own,
        "peak_worker_mb": children,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--serial-duplicates",
        action="store_true",
        help="run near_duplicate_groups over all texts in the parent (default: the workers "
        "make each answer's MinHash signature with its analysis, the parent only groups them)",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one_size:
        result = run_size(args.one_size, args.seed, args.workers, args.serial_duplicates)
        print(json.dumps(result))
        return 0

    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    print(
        f"cpus: {os.cpu_count()}, workers: {args.workers}, chunk: {CHUNK} answers, duplicates: "
        + ("near_duplicate_groups in the parent" if args.serial_duplicates else
           "signatures in the workers, grouping in the parent")
    )  # fmt: skip
    rows = []
    for size in sizes:
        # A fresh process per size: its own caches and its own peak memory.
        result = subprocess.run(
            [sys.executable, __file__, "--one-size", str(size), "--seed", str(args.seed),
             "--workers", str(args.workers)]
            + (["--serial-duplicates"] if args.serial_duplicates else []),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        row = json.loads(result.stdout.strip().splitlines()[-1])
        if "skipped" in row:
            print(f"N={size}: skipped: {row['skipped']}")
            continue
        rows.append(row)
        print(
            f"N={size}: {row['words'] / size:.0f} words/answer, generated in "
            f"{row['generate_s']:.1f} s; {row['points']} points ({row['placed']} placed), "
            f"{row['groups']} duplicate groups (largest {row['largest_group']}), "
            f"{row['themes']} themes {row['top_themes']}; stances {row['stances']}",
            flush=True,
        )

    if not rows:
        return 0
    print()
    header = (
        f"{'N':>7} {'base ans/s':>10} {'anal ans/s':>10} {'ratio':>6} {'analyse s':>9} "
        f"{'dups s':>7} {'themes s':>8} {'total s':>8} {'parent MB':>9} {'worker MB':>9} "
        f"{'growth':>6}"
    )
    print(header)
    print("-" * len(header))
    previous = None
    for row in rows:
        count = row["count"]
        baseline_rate = count / row["baseline_s"]
        analysis_rate = count / row["total_s"]
        growth = ""
        if previous is not None:
            exponent = math.log(row["total_s"] / previous["total_s"]) / math.log(
                count / previous["count"]
            )
            growth = f"{exponent:.2f}"
        print(
            f"{count:>7} {baseline_rate:>10.0f} {analysis_rate:>10.0f} "
            f"{baseline_rate / analysis_rate:>6.1f} {row['analysis_s']:>9.1f} "
            f"{row['duplicates_s']:>7.1f} {row['themes_s']:>8.1f} {row['total_s']:>8.1f} "
            f"{row['peak_parent_mb']:>9.0f} {row['peak_worker_mb']:>9.0f} {growth:>6}"
        )
        previous = row
    print(
        "\nratio = baseline answers/s over analysis answers/s (both on the same worker pool); "
        "growth = log(t2/t1)/log(N2/N1) of the total, 1.0 = linear"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
