"""A generated national batch: text reports of many agencies over 2–7 consecutive years, made by
copying the seed and corpus text reports and editing them the ways real series differ: the
agency spelled with or without its province and city, 人民政府 / 政府, 管委会 / 管理委员会, a
bracketed note, the government's office writing the report, and every year shifted.

Deterministic for a given seed. Used by tests/test_yoy_linear.py and bench/bench_check.py."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_PROVINCES = ("江苏省", "福建省", "浙江省", "河南省", "四川省", "湖北省", "广东省", "山东省")
_SYLLABLES = "安宁平和东西南北清河江山云阳泉华兴丰德明新长永金石龙凤鹤桃松梅川城庆临"
_COUNTY = ("县", "区", "市")
_PARK = ("经济开发区", "高新技术产业开发区", "综合实验区")
# how one report in a series names its agency; a series mixes them from year to year
_STYLES = ("full", "no_province", "bare", "short_gov", "bracket", "office")


@dataclass(frozen=True)
class Agency:
    province: str
    city: str
    place: str  # the county, district or park
    park: bool  # a park run by a 管理委员会 rather than a 人民政府

    def name(self, style: str) -> str:
        gov = "管理委员会" if self.park else "人民政府"
        if style == "full":
            return f"{self.province}{self.city}{self.place}{gov}"
        if style == "no_province":
            return f"{self.city}{self.place}{gov}"
        if style == "bare":
            return f"{self.place}{gov}"
        if style == "short_gov":
            return f"{self.city}{self.place}{'管委会' if self.park else '政府'}"
        if style == "bracket":
            return f"{self.province}{self.place}（{'管委会' if self.park else '汇总'}）"
        return f"{self.city}{self.place}{'管委会' if self.park else '人民政府'}办公室"


def templates() -> list[tuple[str, str, int]]:
    """(text, agency as printed in its title, year) of every seed and corpus text report."""
    out = []
    for path in sorted([*DATA.glob("seeds/*.txt"), *DATA.glob("corpus/*.txt")]):
        text = path.read_text(encoding="utf-8")
        title = text.strip().splitlines()[0]
        m = _YEAR.search(title)
        if m and m.start() > 0:
            out.append((text, title[: m.start()].strip(), int(m.group(1))))
    return out


def _agencies(n: int, rng: random.Random) -> list[Agency]:
    seen: set[tuple[str, str]] = set()
    out: list[Agency] = []
    while len(out) < n:
        city = "".join(rng.sample(_SYLLABLES, 2)) + "市"
        park = rng.random() < 0.15
        place = "".join(rng.sample(_SYLLABLES, 2)) + (rng.choice(_PARK) if park else rng.choice(_COUNTY))
        if (city, place) in seen:
            continue
        seen.add((city, place))
        out.append(Agency(rng.choice(_PROVINCES), city, place, park))
    return out


def generate(reports: int, seed: int = 2024) -> Iterator[tuple[str, str]]:
    """(file name, text) of about `reports` generated reports (at least that many)."""
    rng = random.Random(seed)
    bases = templates()
    made = 0
    agencies = _agencies(reports // 2 + 1, rng)
    for i, agency in enumerate(agencies):
        if made >= reports:
            return
        years = rng.randint(2, 7)
        first = rng.randint(2019, 2026 - years)
        main_style = rng.choice(_STYLES[:4])
        for year in range(first, first + years):
            text, printed, base_year = rng.choice(bases)
            style = main_style if rng.random() < 0.6 else rng.choice(_STYLES)
            shift = year - base_year
            body = _YEAR.sub(lambda m, d=shift: str(int(m.group(1)) + d), text)
            body = body.replace(printed, agency.name(style))
            yield f"{i:05d}_{year}.txt", body
            made += 1


def write(folder: Path, reports: int, seed: int = 2024) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(reports, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
