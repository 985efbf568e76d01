"""Ranked corrections for a report whose tables break their identities (`xxgk fix`).

A fix is a smallest set of printed cells whose new values make every identity of tables 3 and
4 hold, with the blank or unreadable cells left free for the identities to fill (as inference
does). Fixes are ranked by how a clerk's mistake usually looks: one cell before two; a digit
slip (one digit changed, dropped, doubled, or two digits transposed), two cells of one row or
column exchanged, or some cases counted in the neighbouring cell, before an arbitrary change.
Fixes that rank the same are all given, with the same rank: the identities cannot tell them
apart and nothing here picks one.
The solving is `xxgk.solve`'s; nothing here guesses a value the identities leave open.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from xxgk.extract.repair import report_identities
from xxgk.groups import DisjointSets
from xxgk.report import CellValue, Report, absent_cell
from xxgk.solve import Equation, Solution, equations, solve
from xxgk.standard.identities import Identity, cell_name
from xxgk.standard.table3 import OUTCOME_CATEGORIES
from xxgk.standard.table4 import TABLE4_BLOCKS
from xxgk.values import splits

MAX_FIXES = 12
SHOWN_FILLS = 6  # fills named in a fix's `why` (all are in `fills`)
MAX_SPLITS = 50  # splits of one run-together row worth trying
MAX_READINGS = 400  # combinations of such splits
# cells the identities may fill; "number" cells are printed values (edits)
FREE = ("blank", "unreadable", "placeholder", "absent", "inferred")
FILLABLE = ("blank", "unreadable", "inferred")

SLIP_TEXT = {
    "digit": "一位数字写错",
    "dropped": "漏了一位数字",
    "doubled": "一位数字多写了一遍",
    "transposed": "相邻两位数字颠倒",
    "exchanged": "两个单元格的数字互换",
    "moved": "数字填进了相邻的单元格",
    "shifted": "同一行（列）内有几件申请计入了相邻的单元格",
}


@dataclass(frozen=True)
class Edit:
    cell: str
    printed: int | None  # None: the cell was blank or unreadable (a fill, not an edit)
    value: int
    raw: str = ""  # what an unreadable cell showed

    def describe(self) -> str:
        was = f"印为 {self.printed}" if self.printed is not None else "原为空"
        if self.printed is None and self.raw:
            was = f"原为无法识别的“{self.raw}”"
        return f"{cell_name(self.cell)}：{was}，应为 {self.value}"

    def to_json(self) -> dict[str, Any]:
        return {"cell": self.cell, "printed": self.printed, "value": self.value}


@dataclass
class Fix:
    edits: tuple[Edit, ...]
    fills: tuple[Edit, ...] = ()  # blank cells the identities force once the edits are made
    slips: tuple[str, ...] = ()  # the kind of mistake of each plausible edit (SLIP_TEXT keys)
    arbitrary: int = 0  # edits that are no recognisable slip
    narrative: int = 0  # the report's own statements the fix makes disagree, less those it makes agree
    rank: int = 0
    tied: int = 1  # how many fixes share this rank
    why: str = ""

    @property
    def key(self) -> tuple[int, int, int, int, int]:
        # an exchange or a shift between two cells is one mistake over two cells
        paired = self.slips.count("exchanged") // 2 + self.slips.count("shifted") // 2
        mistakes = len(self.slips) - paired + self.arbitrary
        # a blank often stands for 0 (SPEC §8.3): a fix that makes the identities force counts
        # into blank cells is less likely than one that needs none
        counts = sum(e.value != 0 for e in self.fills)
        return (len(self.edits), self.arbitrary, mistakes, self.narrative, counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "edits": [e.to_json() for e in self.edits],
            "fills": [e.to_json() for e in self.fills],
            "tied": self.tied,
            "why": self.why,
        }


@dataclass
class _System:
    """The identities of one report over its printed cells, with the free cells as unknowns."""

    ids: tuple[Identity, ...]
    printed: dict[str, int]
    free: set[str]
    cache: dict[tuple[Equation, ...], Solution] = field(default_factory=dict)
    violated: list[frozenset[str]] = field(default_factory=list)  # printed cells of each failure

    def components(self, edited: Iterable[str] = ()) -> Iterator[tuple[list[Equation], set[str]]]:
        """Equations per connected component of unknowns (the free cells and the `edited` ones),
        each with its variables. Equations without unknowns come one by one, with no variables."""
        edited = set(edited)
        unknown = self.free | edited
        known = {c: v for c, v in self.printed.items() if c not in edited}
        eqs = equations(((f"{i.name}:{i.subject}", i.lhs, i.rhs) for i in self.ids), known, unknown)
        sets = DisjointSets(unknown)
        groups: dict[str, list[Equation]] = {}
        for e in eqs:
            if not e.terms:
                yield [e], set()
                continue
            for v, _ in e.terms[1:]:
                sets.union(e.terms[0][0], v)
        for e in eqs:
            if e.terms:
                groups.setdefault(sets.root(e.terms[0][0]), []).append(e)
        for group in groups.values():
            variables = {v for e in group for v, _ in e.terms}
            yield group, variables

    def solve(self, group: list[Equation], variables: set[str]) -> Solution:
        key = tuple(group)
        if key not in self.cache:
            self.cache[key] = solve(group, variables)
        return self.cache[key]


def _system(report: Report) -> _System:
    ids = report_identities(report)
    printed: dict[str, int] = {}
    free: set[str] = set()
    for c in dict.fromkeys(c for i in ids for c in i.cells):
        cell = report.cell(c)
        assert cell is not None
        if cell.status == "number" and isinstance(cell.value, int):
            printed[c] = cell.value
        elif cell.status in FREE or cell.value is None:
            free.add(c)
    system = _System(ids, printed, free)
    system.violated = _system_violations(system)
    return system


def _system_violations(system: _System) -> list[frozenset[str]]:
    """The printed cells of each failure: an identity over printed cells that does not hold,
    or a group of identities that no values of their free cells can satisfy."""
    by_eq = {f"{i.name}:{i.subject}": i for i in system.ids}
    out: list[frozenset[str]] = []
    for group, variables in system.components():
        if variables:
            if not system.solve(group, variables).consistent:
                out.append(frozenset(c for e in group for c in by_eq[e.name].cells if c in system.printed))
        elif group[0].const != 0:
            out.append(frozenset(c for c in by_eq[group[0].name].cells if c in system.printed))
    return out


def consistent(report: Report) -> bool:
    """Every identity holds, or can hold for some values of the blank and unreadable cells."""
    return not _system(report).violated


def _try(system: _System, values: dict[str, int | None]) -> tuple[bool, dict[str, int]]:
    """Whether every identity can hold with the cells in `values` set (None: left free); and
    the values the identities then force on the free and unset cells."""
    fixed = {c: v for c, v in values.items() if v is not None}
    trial = _System(system.ids, {**system.printed, **fixed}, system.free - set(fixed), system.cache)
    forced: dict[str, int] = {}
    for group, variables in trial.components(c for c, v in values.items() if v is None):
        if not variables:
            if group[0].const != 0:
                return False, {}
            continue
        sol = system.solve(group, variables)
        if not sol.consistent:
            return False, {}
        forced.update(sol.forced)
    return True, forced


def _variants(printed: int) -> Iterator[tuple[int, str]]:
    """Values a clerk may have meant where `printed` shows, with the kind of slip."""
    s = str(printed)
    for i in range(len(s)):
        for d in "0123456789":
            t = s[:i] + d + s[i + 1 :]
            if d != s[i] and (len(t) == 1 or t[0] != "0"):
                yield int(t), "digit"
    for i in range(len(s) + 1):  # a digit dropped from the printed value
        for d in "0123456789":
            t = s[:i] + d + s[i:]
            if t[0] != "0":
                yield int(t), "dropped"
    for i in range(len(s) - 1):
        if s[i] == s[i + 1]:  # a digit doubled
            yield int(s[:i] + s[i + 1 :]), "doubled"
        elif not (i == 0 and s[1] == "0"):
            yield int(s[:i] + s[i + 1] + s[i] + s[i + 2 :]), "transposed"


def slip(printed: int, value: int) -> str | None:
    """The kind of digit slip that turns `value` into `printed`, if it is one."""
    return next((kind for v, kind in _variants(printed) if v == value), None)


def _candidates(system: _System) -> Iterator[tuple[str, ...]]:
    """Single cells in every failure, then pairs that cover every failure."""
    failures = system.violated
    singles = set(failures[0]).intersection(*failures[1:])
    yield from ((c,) for c in sorted(singles))
    seen: set[tuple[str, str]] = set()
    for a in sorted(failures[0]):
        rest = [f for f in failures if a not in f]
        if not rest:
            continue
        for b in sorted(set(rest[0]).intersection(*rest[1:])):
            pair = (min(a, b), max(a, b))
            if a != b and pair not in seen:
                seen.add(pair)
                yield pair


def _neighbours(a: str, b: str) -> bool:
    ta, ra, ca = a.split(".")
    tb, rb, cb = b.split(".")
    return ta == tb and (ra == rb or ca == cb)


def _make(system: _System, values: dict[str, int], forced: dict[str, int], report: Report) -> Fix | None:
    if any(values[c] == system.printed[c] for c in values):
        return None  # a cell that needs no change: a smaller fix in disguise
    edits = tuple(Edit(c, system.printed[c], v) for c, v in sorted(values.items()))
    fills = tuple(
        Edit(c, None, v, report.cell(c).raw)  # type: ignore[union-attr]
        for c, v in sorted(forced.items())
        if c not in values and _fillable(report.cell(c), v)  # type: ignore[arg-type]
    )
    slips: list[str] = []
    arbitrary = 0
    if len(edits) == 2:
        a, b = edits
        if _neighbours(a.cell, b.cell) and a.printed == b.value and b.printed == a.value:
            return Fix(edits, fills, ("exchanged", "exchanged"))
        if _neighbours(a.cell, b.cell) and a.printed - a.value == b.value - b.printed:  # type: ignore[operator]
            return Fix(edits, fills, ("shifted", "shifted"))
    for e in edits:
        assert e.printed is not None
        moved = any(f.value == e.printed and e.value == 0 and _neighbours(e.cell, f.cell) for f in fills)
        kind = "moved" if moved else slip(e.printed, e.value)
        if kind is None:
            arbitrary += 1
        else:
            slips.append(kind)
    return Fix(edits, fills, tuple(slips), arbitrary)


def _fillable(cell: CellValue, value: int) -> bool:
    """A blank or unreadable cell the fix gives a value it does not already have."""
    return cell.status in FILLABLE and cell.value != value


def fixes(report: Report, limit: int = MAX_FIXES) -> list[Fix]:
    """The ranked fixes of a report's tables 3 and 4; [] when every identity holds."""
    system = _system(report)
    if not system.violated:
        return []
    found: dict[tuple[Edit, ...], Fix] = {}
    for reading in _readings(report, system):
        sub = system
        if reading:
            printed = {**system.printed, **reading}
            sub = _System(system.ids, printed, system.free - set(reading), system.cache)
            sub.violated = _system_violations(sub)
        for fix in _search(sub, report):
            fix.narrative = _narrative(report, fix.edits, fix.fills)
            read = (
                Edit(c, None, v, report.cell(c).raw)  # type: ignore[union-attr]
                for c, v in reading.items()
                if _fillable(report.cell(c), v)  # type: ignore[arg-type]
            )
            fix.fills = tuple(sorted((*fix.fills, *read), key=_order))
            found.setdefault(fix.edits, fix)
    ranked = sorted(found.values(), key=lambda f: (f.key, [e.cell for e in f.edits]))
    _rank(ranked)
    return ranked[:limit]


# what a narrative fact (xxgk.audit.narrative) may state: the sum of one of these sets of cells
STATED_CELLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "review": (("table4.review.total",),),
    "litigation": (("table4.litigation_direct.total", "table4.litigation_after_review.total"),),
    "concluded": (("table3.results_total.total",),),
    "handled": (("table3.results_total.total",),),
    "carried_over": (("table3.carried_over.total",),),
    "carried_forward": (("table3.carried_forward.total",),),
    "received": (("table3.new_received.total",), ("table3.new_received.total", "table3.carried_over.total")),
    "corrected": (tuple(f"table4.{block}.corrected" for block in TABLE4_BLOCKS),),
    **{
        f"outcome.{key}": (tuple(f"table3.{row}.total" for row in rows),)
        for key, (_, rows) in OUTCOME_CATEGORIES.items()
    },
}


def _narrative(report: Report, edits: tuple[Edit, ...], fills: tuple[Edit, ...]) -> int:
    """How many of the report's own exact statements (收到申请X件, 行政复议X件 …) the fix makes
    disagree with the tables, less those it makes agree: the text as a witness between fixes
    the identities rank alike."""
    changed = {e.cell: e.value for e in (*edits, *fills)}

    def agrees(value: float, sets: tuple[tuple[str, ...], ...], after: bool) -> bool:
        for cells in sets:
            cells = tuple(c for c in cells if (report.cell(c) or absent_cell()).status != "absent")
            got = [changed.get(c, report.value(c)) if after else report.value(c) for c in cells]
            if None not in got and sum(got) == value:  # type: ignore[arg-type]
                return True
        return False

    score = 0
    for f in report.facts:
        sets = STATED_CELLS.get(f.kind)
        if sets is None or f.approx or not any(c in changed for cells in sets for c in cells):
            continue
        score += agrees(f.value, sets, False) - agrees(f.value, sets, True)
    return score


def _order(e: Edit) -> str:
    return e.cell


def _readings(report: Report, system: _System) -> Iterator[dict[str, int]]:
    """Readings of the table-3 rows whose digits ran together and could not be split (all
    their cells unreadable with one raw digit run): every split the row's total allows, in
    every combination; just {} when there are none or too many to try."""
    runs: list[tuple[list[str], list[tuple[int, ...]]]] = []
    for row, cols in (report.table3 or {}).items():
        cells = [c for c, cell in cols.items() if cell.status != "absent"]
        raws = {cols[c].raw for c in cells}
        if not cells or any(cols[c].status != "unreadable" for c in cells) or len(raws) != 1:
            continue
        summed = "total" in cells
        options = list(splits(raws.pop(), [(len(cells), summed)], limit=MAX_SPLITS))
        if not options or len(options) >= MAX_SPLITS:
            return iter([{}])
        runs.append(([f"table3.{row}.{c}" for c in cells], options))
    space = 1
    for _, options in runs:
        space *= len(options)
    if not runs or space > MAX_READINGS:
        return iter([{}])
    return (
        {
            c: v
            for (cells, _), values in zip(runs, combo, strict=True)
            for c, v in zip(cells, values, strict=True)
        }
        for combo in product(*(options for _, options in runs))
    )


def _search(system: _System, report: Report) -> list[Fix]:
    found: list[Fix] = []
    if not system.violated:
        return found
    single_fixed: set[str] = set()
    for cells in _candidates(system):
        if len(cells) == 2 and single_fixed & set(cells):
            continue
        ok, forced = _try(system, dict.fromkeys(cells))
        if not ok:
            continue
        if all(c in forced for c in cells):
            options = [{c: forced[c] for c in cells}]
        else:
            options = list(_open_values(system, cells, forced))
        for values in options:
            ok, more = _try(system, values)  # type: ignore[arg-type]
            fix = _make(system, values, more, report) if ok else None
            if fix is not None:
                found.append(fix)
                single_fixed.update(cells if len(cells) == 1 else ())
    return found


def _open_values(system: _System, cells: tuple[str, ...], forced: dict[str, int]) -> Iterator[dict[str, int]]:
    """Where the identities leave an edited cell open, only a recognisable mistake is offered:
    the pair's values exchanged, or a digit slip of a single cell."""
    if len(cells) == 2:
        a, b = cells
        yield {a: system.printed[b], b: system.printed[a]}
        return
    (c,) = cells
    for value, _ in dict.fromkeys(_variants(system.printed[c])):
        yield {c: value}


def _rank(found: list[Fix]) -> None:
    rank = 0
    previous = None
    for i, fix in enumerate(found):
        if fix.key != previous:
            rank, previous = i + 1, fix.key
        fix.rank = rank
    for fix in found:
        fix.tied = sum(f.rank == fix.rank for f in found)
        fix.why = _why(fix)


def _why(fix: Fix) -> str:
    parts = [f"改 {len(fix.edits)} 个单元格"]
    kinds = list(dict.fromkeys(fix.slips))
    if kinds:
        parts.append("可能是" + "、".join(SLIP_TEXT[k] for k in kinds))
    if fix.arbitrary:
        parts.append(f"其中 {fix.arbitrary} 处不像笔误")
    if fix.fills:
        shown = "；".join(e.describe() for e in fix.fills[:SHOWN_FILLS])
        more = f"等 {len(fix.fills)} 个" if len(fix.fills) > SHOWN_FILLS else ""
        parts.append(f"空白单元格随之确定{more}：{shown}")
    parts.append("改后全部勾稽关系成立")
    if fix.tied > 1:
        parts.append(f"另有 {fix.tied - 1} 种改法同样可能，勾稽关系无法区分")
    return "；".join(parts)


def apply(report: Report, fix: Fix) -> Report:
    """The report with the fix's edits and fills written into its cells (in place)."""
    for e in (*fix.edits, *fix.fills):
        cell = report.cell(e.cell)
        assert cell is not None
        status = "number" if e.printed is not None else "inferred"
        table, row, col = e.cell.split(".")
        getattr(report, table)[row][col] = CellValue(e.value, str(e.value), status, cell.where)
    return report


def plain(report: Report) -> dict[str, Any]:
    """The report's numbers in the truth-file shape (render input): null for no number."""

    def grid(g: dict[str, dict[str, CellValue]] | None) -> dict[str, dict[str, Any]] | None:
        if g is None:
            return None
        out: dict[str, dict[str, Any]] = {}
        for row, cols in g.items():
            out[row] = {}
            for col, cell in cols.items():
                v = cell.to_json()["value"] if cell.known else None
                out[row][col] = v
        return out

    return {
        "agency": report.agency,
        "year": report.year,
        "format_version": report.format_version,
        "table2": grid(report.table2),
        "table3": grid(report.table3),
        "table4": grid(report.table4),
    }
