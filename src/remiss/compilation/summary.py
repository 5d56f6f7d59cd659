"""Summary sentences in the style of a government bill, generated from counts.

"De flesta remissinstanserna tillstyrker förslaget. Huddinge kommun och Nacka kommun avstyrker
förslaget." The compilation is a Swedish document, so the sentences are Swedish whatever the
language of the interface. Pure functions: no Django, no database.
"""

from collections.abc import Sequence
from dataclasses import dataclass

NAMED_AT_MOST = 3  # more bodies than this are counted, with three named as examples

_NUMBER_WORDS = (
    "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
)  # fmt: skip

SUPPORT = ("tillstyrker", "tillstyrker_med_synpunkter")

# What each position says, after the names of the bodies.
_PREDICATES = {
    "avstyrker": "avstyrker förslaget",
    "delvis_avstyrker": "avstyrker förslaget i delar",
    "inga_synpunkter": "har inga synpunkter på förslaget",
    "avstår": "avstår från att yttra sig",
    "berörs_inte": "anger att förslaget inte berör deras verksamhet",
    "oklart": "tar inte tydligt ställning till förslaget",
}


@dataclass(frozen=True)
class BodyStance:
    body: str
    stance: str  # the position's value, "" when there is none


def number_word(n: int, *, capital: bool = False) -> str:
    """Numbers up to twelve in words, as Swedish prose writes them; larger ones in digits."""
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    return word[:1].upper() + word[1:] if capital else word


def join_names(names: Sequence[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} och {names[-1]}"


def _bodies(names: Sequence[str], predicate: str) -> str:
    """'A och B avstyrker förslaget.' or 'Fem remissinstanser, bland andra A, B och C, …'"""
    names = list(dict.fromkeys(names))
    if len(names) <= NAMED_AT_MOST:
        return f"{join_names(names)} {predicate}."
    examples = join_names(names[:NAMED_AT_MOST])
    return (
        f"{number_word(len(names), capital=True)} remissinstanser, bland andra {examples}, "
        f"{predicate}."
    )


def summary_sentences(stances: Sequence[BodyStance], *, invited: int = 0) -> tuple[str, ...]:
    """The overall picture: who supports, who opposes, who declined, in a few sentences."""
    with_stance = [s for s in stances if s.stance]
    if not with_stance:
        return ("Ingen remissinstans har ännu tagit ställning till förslaget.",)
    total = len(with_stance)
    support = [s.body for s in with_stance if s.stance in SUPPORT]
    with_comments = [s.body for s in with_stance if s.stance == "tillstyrker_med_synpunkter"]
    sentences = []
    if invited:
        bodies = "remissinstans" if invited == 1 else "remissinstanser"
        sentences.append(
            f"{number_word(invited, capital=True)} {bodies} har fått förslaget på remiss "
            f"och {number_word(total)} har svarat."
        )
    if support:
        if len(support) == total and total > 1:
            sentences.append("Samtliga remissinstanser som har svarat tillstyrker förslaget.")
        elif len(support) > total / 2 and len(support) > NAMED_AT_MOST:
            sentences.append("De flesta remissinstanserna tillstyrker förslaget.")
        elif len(support) > NAMED_AT_MOST:
            sentences.append(_bodies(support, "tillstyrker förslaget"))
        else:
            sentences.append(f"{join_names(support)} tillstyrker förslaget.")
        if with_comments and len(support) > NAMED_AT_MOST:
            sentences.append(_bodies(with_comments, "har synpunkter på förslaget"))
        elif with_comments and len(with_comments) < len(support):
            sentences.append(f"{join_names(with_comments)} har samtidigt synpunkter på förslaget.")
        elif with_comments:
            subject = "De" if len(with_comments) > 1 else "Remissinstansen"
            sentences.append(f"{subject} har samtidigt synpunkter på förslaget.")
    for stance, predicate in _PREDICATES.items():
        names = [s.body for s in with_stance if s.stance == stance]
        if names:
            sentences.append(_bodies(names, predicate))
    return tuple(sentences)


def section_sentences(stances: Sequence[BodyStance]) -> tuple[str, ...]:
    """Who has views on one part of the strategy."""
    names = list(dict.fromkeys(s.body for s in stances))
    if not names:
        return ("Ingen remissinstans har synpunkter på avsnittet.",)
    if len(names) == 1:
        return (f"{names[0]} har synpunkter på avsnittet.",)
    opposing = list(dict.fromkeys(s.body for s in stances if s.stance == "avstyrker"))
    if len(names) <= NAMED_AT_MOST:
        first = f"{join_names(names)} har synpunkter på avsnittet."
    else:
        first = (
            f"{number_word(len(names), capital=True)} remissinstanser har synpunkter på "
            f"avsnittet, bland andra {join_names(names[:NAMED_AT_MOST])}."
        )
    if opposing:
        return (first, _bodies(opposing, "avstyrker förslaget som helhet"))
    return (first,)
