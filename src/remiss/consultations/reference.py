"""Reference data shipped with Remiss: Sweden's municipalities and regions (public domain).

Source: the CC0 data set sjbrg/swedish-geodata, with seven municipality names corrected to the
form the municipalities use themselves. Organisation numbers are deliberately not included.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    short_name: str
    county_code: str
    county: str

    @property
    def aliases(self) -> list[str]:
        """Names the municipality's answers are signed or headed with."""
        return [self.short_name, f"Kommunstyrelsen i {self.short_name}"]


@dataclass(frozen=True)
class RegionBody:
    county_code: str
    county: str
    name: str


@cache
def municipalities() -> tuple[Municipality, ...]:
    with (DATA_DIR / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Municipality(
                code=row["kommunkod"],
                name=row["namn"],
                short_name=row["kortnamn"],
                county_code=row["lanskod"],
                county=row["lan"],
            )
            for row in csv.DictReader(handle)
        )


def municipalities_in_county(county_code: str) -> list[Municipality]:
    return [m for m in municipalities() if m.county_code == county_code]


@cache
def regions() -> tuple[RegionBody, ...]:
    with (DATA_DIR / "regioner.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            RegionBody(county_code=row["lanskod"], county=row["lan"], name=row["region"])
            for row in csv.DictReader(handle)
        )
