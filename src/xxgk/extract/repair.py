"""Check every identity, split run-together rows where the identities allow one split only,
and recover lost cells the identities force. Findings name the equation, numbers and cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from itertools import product

from xxgk.catalogue import finding
from xxgk.extract.line_faults import line_faults
from xxgk.extract.rows import run_cells
from xxgk.extract.table3 import RunRow
from xxgk.groups import DisjointSets
from xxgk.report import Fault, Finding, Report, Severity
from xxgk.solve import Equation, equations, forces, solve
from xxgk.standard.identities import Identity, cell_label, cell_name, identities_for
from xxgk.standard.sections import TABLE_NAMES

SOLVABLE = ("blank", "unreadable", "placeholder", "absent")


def report_identities(report: Report) -> tuple[Identity, ...]:
    """The identities of the table-3 rows this report has (its （六） as one row or three),
    whatever version table 2 suggests; only those whose cells all exist."""
    t3 = report.table3 or {}
    sub_rows = any(c.status != "absent" for c in t3.get("other_overdue_correction", {}).values())
    single = "other_processing" in t3 and not sub_rows
    version = "2019" if single and "other_overdue_correction" not in t3 else "2021"
    ids = identities_for(version, single and version == "2021")
    return _present(ids, _shape(report))


_Shape = tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...] | None], ...]


def _shape(report: Report) -> _Shape:
    """Which cells the report's tables have (rows and columns, not values): the same for every
    report of one layout, and unchanged by repairs, which set values only."""
    out = []
    for table in ("table2", "table3", "table4"):
        grid = getattr(report, table)
        rows = None
        if grid is not None:
            rows = tuple(
                (row, tuple(c for c, v in cols.items() if v is not None)) for row, cols in grid.items()
            )
        out.append((table, rows))
    return tuple(out)


@lru_cache(maxsize=64)
def _present(ids: tuple[Identity, ...], shape: _Shape) -> tuple[Identity, ...]:
    """The identities whose table exists and whose cells all do (identities of a report are
    asked for several times while it is read)."""
    tables = {table for table, rows in shape if rows is not None}
    cells = {
        f"{table}.{row}.{col}"
        for table, rows in shape
        if rows is not None
        for row, cols in rows
        for col in cols
    }
    return tuple(i for i in ids if i.table in tables and all(c in cells for c in i.cells))


def _known(report: Report) -> dict[str, int]:
    out: dict[str, int] = {}
    for table in ("table3", "table4"):
        grid = getattr(report, table)
        for row, cols in (grid or {}).items():
            for col, cell in cols.items():
                if cell.known and isinstance(cell.value, int):
                    out[f"{table}.{row}.{col}"] = cell.value
    return out


def resolve_runs(report: Report, runs: Sequence[RunRow]) -> None:
    """Choose among the splits of run-together table-3 rows: keep a choice only if it is the
    single combination under which every identity that can be evaluated holds."""
    pending = [r for r in runs if len(r.candidates) > 1 and r.complete]
    if not pending or report.table3 is None:
        return
    ids = report_identities(report)
    cols = list(next(iter(report.table3.values())).keys())
    present = [c for c in cols if report.table3[pending[0].key][c].status != "absent" or True]
    base = _known(report)
    space = 1
    for r in pending:
        space *= len(r.candidates)
    if space > 200000:
        return
    solutions: list[tuple[tuple[int, ...], ...]] = []
    for combo in product(*(r.candidates for r in pending)):
        known = dict(base)
        for r, values in zip(pending, combo, strict=True):
            for col, v in zip(_columns(report, r.key, present), values, strict=False):
                known[f"table3.{r.key}.{col}"] = v
        if all(_holds(i, known) for i in ids if i.table == "table3"):
            solutions.append(combo)
            if len(solutions) > 1:
                return
    if len(solutions) == 1:
        for r, values in zip(pending, solutions[0], strict=True):
            cells = run_cells(r.raw, values, r.locate or (lambda a, b, w=r.where: w))
            for col, cell in zip(_columns(report, r.key, present), cells, strict=False):
                report.table3[r.key][col] = cell


def _columns(report: Report, key: str, cols: list[str]) -> list[str]:
    assert report.table3 is not None
    return [c for c in cols if report.table3[key][c].status != "absent"]


def _holds(identity: Identity, known: dict[str, int]) -> bool:
    if not all(c in known for c in identity.cells):
        return True
    return sum(known[c] for c in identity.lhs) == sum(known[c] for c in identity.rhs)


def infer(report: Report) -> None:
    """Recover blank/unreadable cells that the identities force, per connected component."""
    ids = report_identities(report)
    known = _known(report)
    unknown: set[str] = set()
    for table in ("table3", "table4"):
        grid = getattr(report, table)
        for row, cols in (grid or {}).items():
            for col, cell in cols.items():
                if cell.status in SOLVABLE:
                    unknown.add(f"{table}.{row}.{col}")
    by_name = {f"{i.name}:{i.subject}": i for i in ids}
    eqs = [e for e in equations(((n, i.lhs, i.rhs) for n, i in by_name.items()), known, unknown) if e.terms]
    # connected components over shared unknowns
    sets = DisjointSets(unknown)
    for e in eqs:
        for v, _ in e.terms[1:]:
            sets.union(e.terms[0][0], v)
    groups: dict[str, list] = {}
    for e in eqs:
        groups.setdefault(sets.root(e.terms[0][0]), []).append(e)
    recovered: list[str] = []
    forcing: set[str] = set()  # the printed cells of the identities that forced them
    unresolved: list[str] = []
    conflicting: list[str] = []
    for group in groups.values():
        variables = {v for e in group for v, _ in e.terms}
        sol = solve(group, variables)
        if not sol.consistent:
            blanks = sorted(v for v in variables if report.cell(v).status in ("blank", "unreadable"))
            conflicting.extend(blanks)
            _conflict_finding(report, _minimal_conflict(group), by_name, blanks)
            continue
        for path, value in sol.forced.items():
            cell = report.cell(path)
            if cell is None or cell.status not in ("blank", "unreadable"):
                continue
            cell.value, cell.status = value, "inferred"
            recovered.append(path)
            forcing.update(
                c for e in _forcing(group, path, value) for c in by_name[e.name].cells if c not in unknown
            )
        unresolved.extend(v for v in sol.open if report.cell(v).status in ("blank", "unreadable"))
    order = _grid_order(report).__getitem__
    _inferred_finding(report, sorted(recovered, key=order), sorted(forcing, key=order))
    _cells_finding(
        report,
        "CELL.UNRESOLVED",
        "以下单元格在原文中为空或无法读取，勾稽关系允许多个数值，无法确定，保留为空：",
        sorted(unresolved),
    )
    _cells_finding(
        report,
        "CELL.CONFLICT",
        "以下单元格为空或无法读取，而相关勾稽关系本身互相矛盾，不能据此补出数值：",
        conflicting,
        fault="source",
    )
    _count_blank_others(report)


def _forcing(group: list[Equation], path: str, value: int) -> list[Equation]:
    """A small subset of the equations that still forces `path` to `value`: the identities whose
    printed cells the inferred value comes from. Grown from the equations of `path` outwards,
    one ring of shared unknowns at a time, then pruned (deletion filter); the whole group when
    no smaller subset is proved."""
    core = [e for e in group if any(v == path for v, _ in e.terms)]
    while not forces(core, path, value):
        reached = {v for e in core for v, _ in e.terms}
        ring = [e for e in group if e not in core and any(v in reached for v, _ in e.terms)]
        if not ring:
            return group
        core += ring
    if len(core) > FORCING_PRUNED:
        return core
    for eq in list(core):
        trial = [e for e in core if e is not eq]
        if trial and forces(trial, path, value):
            core = trial
    return core


FORCING_PRUNED = 12  # a larger core is kept whole: pruning it costs a search per equation


def _minimal_conflict(group: list[Equation]) -> list[Equation]:
    """A small subset of equations that still admits no solution (deletion filter)."""
    core = list(group)
    for eq in list(core):
        if len(core) == 1:
            break
        trial = [e for e in core if e is not eq]
        if not solve(trial, {v for e in trial for v, _ in e.terms}, budget=2000).consistent:
            core = trial
    return core


def _conflict_finding(
    report: Report, core: list[Equation], by_name: dict[str, Identity], blanks: list[str]
) -> None:
    idents = [by_name[e.name] for e in core if e.name in by_name]
    if not idents:
        return
    printed = [c for i in idents for c in i.cells if c not in blanks]
    report.add(
        finding(
            "IDENTITY.CONFLICT",
            "以下勾稽关系含有空白或无法读取的单元格，但这些单元格无论取什么值，等式都不能同时成立，说明原表印出的数字有误："
            + "；".join(f"{i.subject}（{i.lhs_label}＝{i.rhs_label}）" for i in idents),
            list(dict.fromkeys(printed + blanks)),
            report.cell(idents[0].lhs[0]).where,
            "source",
        )
    )


def _grid_order(report: Report) -> dict[str, int]:
    """Cell paths in printed order (tables, rows, columns), for messages that list cells."""
    paths = [
        f"{t}.{r}.{c}"
        for t in ("table2", "table3", "table4")
        for r, cols in (getattr(report, t) or {}).items()
        for c in cols
    ]
    return {p: i for i, p in enumerate(paths)}


def _inferred_finding(report: Report, paths: list[str], forced_by: list[str]) -> None:
    """One finding for all recovered cells; a long list names the non-zero ones and counts the zeros.
    `forced_by` are the printed cells whose values forced them, named after them."""
    if not paths:
        return
    lead = "以下单元格在原文中为空或无法读取，按表格勾稽关系只有唯一可能的数值，已据此补出："
    named = paths if len(paths) <= 8 else [p for p in paths if report.cell(p).value != 0]
    text = "；".join(f"{cell_label(p)}＝{report.cell(p).value}" for p in named)
    if len(named) < len(paths):
        zeros = len(paths) - len(named)
        text = (text + "；" if text else "") + f"其余 {zeros} 个单元格均为 0"
        lead = f"共有 {len(paths)} 个单元格在原文中为空或无法读取，按表格勾稽关系只有唯一可能的数值，已据此补出："
    shown = "、".join(f"{cell_label(p)}（{report.cell(p).value}）" for p in forced_by[:FORCING_NAMED])
    if len(forced_by) > FORCING_NAMED:
        shown += f"等 {len(forced_by)} 个单元格"
    text += f"。据以推出的印出数值：{shown}" if forced_by else ""
    f = finding("CELL.INFERRED", lead + text, paths, report.cell(paths[0]).where, _fault(report, paths))
    f.forced_by = forced_by
    report.add(f)


FORCING_NAMED = 6  # forcing cells named in the message; the rest are counted (all are in forced_by)


def _cells_finding(
    report: Report,
    code: str,
    lead: str,
    paths: list[str],
    name: Callable[[str], str] = cell_label,
    sep: str = "、",
    fault: Fault | None = None,
) -> None:
    if paths:
        report.add(
            finding(
                code,
                lead + sep.join(name(p) for p in paths),
                paths,
                report.cell(paths[0]).where,
                fault or _fault(report, paths),
            )
        )


def _fault(report: Report, paths: Sequence[str]) -> str:
    return (
        "extraction"
        if any(report.cell(p).status == "unreadable" or report.cell(p).raw for p in paths)
        else "source"
    )


def _count_blank_others(report: Report) -> None:
    for table in ("table2",):
        grid = getattr(report, table)
        blanks = [
            f"{table}.{r}.{c}"
            for r, cols in (grid or {}).items()
            for c, cell in cols.items()
            # run-together cells were reported where they were read
            if cell.status == "blank" or (cell.status == "unreadable" and not cell.raw)
        ]
        _cells_finding(
            report,
            "T2.CELL.MISSING",
            "表二以下单元格为空或无法读取（表二没有勾稽关系，无法补出）：",
            blanks,
            fault="extraction" if any(report.cell(p).status == "unreadable" for p in blanks) else "source",
        )


def _expr(values: Sequence[int]) -> str:
    shown = [v for v in values if v != 0] or [0]
    if len(values) == 1:
        return str(values[0])
    return "+".join(str(v) for v in shown) + f"={sum(values)}" if len(shown) > 1 else str(sum(values))


# An OCR reading below this confidence is doubted when an identity it takes part in fails.
DOUBTFUL_CONFIDENCE = 0.85


def _failing(report: Report) -> list[Identity]:
    values = _known(report)
    return [
        i
        for i in report_identities(report)
        if all(c in values for c in i.cells)
        and sum(values[c] for c in i.lhs) != sum(values[c] for c in i.rhs)
    ]


def doubt(report: Report, guessed_rows: frozenset[str] = frozenset()) -> bool:
    """Readings a failing identity contradicts, that we are unsure of ourselves, become unreadable
    (their printed text kept) so that the identities may force them instead: OCR readings of
    low confidence, and table-3 rows placed by their order alone. True if any."""
    ocr: list[str] = []
    placed: list[str] = []
    failing = _failing(report)
    if not failing:
        return False
    # doubt only what is the one smallest correction: a source error explained just as well
    # by other cells is left for the identity findings to report, never repaired by guesswork
    fixes = minimal_fixes(failing, report_identities(report), _known(report))
    if len(fixes) != 1:
        return False
    for path in fixes[0]:
        cell = report.cell(path)
        if cell is None or cell.status != "number":
            return False
        if cell.confidence is not None and cell.confidence < DOUBTFUL_CONFIDENCE:
            ocr.append(path)
        elif path.startswith("table3.") and path.split(".")[1] in guessed_rows:
            placed.append(path)
        else:
            return False
    for path in ocr + placed:
        cell = report.cell(path)
        cell.status, cell.value = "unreadable", None
    if ocr:
        report.add(
            finding(
                "OCR.DOUBTFUL",
                "以下单元格的识别置信度低，且与勾稽关系矛盾，已视为无法读取（原识别文字保留在 raw 中）："
                + "；".join(
                    f"{cell_name(p)}（识别为“{report.cell(p).raw}”，置信度 {report.cell(p).confidence:.2f}）"
                    for p in ocr
                ),
                ocr,
                report.cell(ocr[0]).where,
                "extraction",
            )
        )
    _cells_finding(
        report,
        "T3.LAYOUT.ORDER_DOUBTFUL",
        "以下单元格所在的行没有可辨认的行名，是按表中顺序放入的，且与勾稽关系矛盾，已视为无法读取：",
        placed,
        fault="extraction",
    )
    return bool(ocr or placed)


def check(report: Report) -> None:
    """Evaluate every identity on the final values; violated ones become findings, root first."""
    ids = report_identities(report)
    values: dict[str, int] = {}
    for table in ("table3", "table4"):
        for row, cols in (getattr(report, table) or {}).items():
            for col, cell in cols.items():
                if cell.known and isinstance(cell.value, int):
                    values[f"{table}.{row}.{col}"] = cell.value
    violated: list[Identity] = []
    unverifiable: list[Identity] = []
    for ident in ids:
        if not all(c in values for c in ident.cells):
            if any(report.cell(c) is not None and report.cell(c).status != "absent" for c in ident.cells):
                unverifiable.append(ident)
            continue
        if sum(values[c] for c in ident.lhs) != sum(values[c] for c in ident.rhs):
            violated.append(ident)
    # One mistake, one finding: a mistake that accounts for several failures (a line wrong as a
    # whole, or the one smallest correction) is the root, the failures it causes fold under it.
    fixes = minimal_fixes(violated, ids, values)
    faults = [
        f
        for f in line_faults(report, violated, ids, values)
        if not fixes or f.corrected in fixes  # where a cell or two will do, only if they are the line
    ]
    rest = [v for v in violated if not any(v is e for f in faults for e in f.explains)]
    if faults:
        fixes = minimal_fixes(rest, ids, values | {c: v for f in faults for c, v in f.corrected.items()})
    for fault in faults:
        # the cells it concerns: the wrong ones first, then those of the equations it breaks
        cells = list(dict.fromkeys(fault.cells + [c for i in fault.explains for c in i.cells]))
        root = finding(fault.code, fault.message, cells, report.cell(fault.cells[0]).where, "source")
        root.folded = [_identity_finding(report, i, values, [], consequence=True) for i in fault.explains]
        report.add(root)
    groups = _roots(rest)
    if fixes and groups:  # a correction of one or two cells mends them all: one mistake, one root
        first = groups[0][0]
        groups = [(first, [v for v in rest if v is not first])]
    for ident, consequences in groups:
        root = _identity_finding(report, ident, values, fixes)
        root.folded = [_identity_finding(report, i, values, [], consequence=True) for i in consequences]
        report.add(root)
    if unverifiable:
        tables = sorted({i.table for i in unverifiable})
        report.add(
            finding(
                "IDENTITY.UNVERIFIABLE",
                f"{len(unverifiable)} 条勾稽关系因单元格为空或无法读取而无法核对（{'、'.join(TABLE_NAMES[t] for t in tables)}）",
                sorted(
                    {
                        c
                        for i in unverifiable
                        for c in i.cells
                        if report.cell(c).status not in ("number", "inferred")
                    }
                ),
                fault=None,
            )
        )


def _identity_finding(
    report: Report,
    ident: Identity,
    values: dict[str, int],
    fixes: list[dict[str, int]],
    consequence: bool = False,
) -> Finding:
    """A failed identity: the equation, its numbers, and the likeliest wrong cells if known."""
    lhs = [values[c] for c in ident.lhs]
    rhs = [values[c] for c in ident.rhs]
    msg = (
        f"{ident.subject}：{ident.lhs_label}（{_expr(lhs)}）不等于{ident.rhs_label}（{_expr(rhs)}），"
        f"相差 {abs(sum(lhs) - sum(rhs))}"
    )
    relevant = [f for f in fixes if any(c in ident.cells for c in f)]
    suspects = [c for f in relevant for c in f]
    if relevant:
        msg += "；最可能出错的是" + "，或".join(
            "、".join(f"{cell_label(c)}（印为{values[c]}，按勾稽关系应为{v}）" for c, v in f.items())
            for f in relevant
        )
    severity: Severity = "error"
    if consequence:
        msg = "（由上面的错误连带产生）" + msg
        severity = "info"
    return finding(
        ident.code,
        msg,
        list(dict.fromkeys(suspects + list(ident.cells))),
        report.cell(ident.lhs[0]).where,
        "source",
        numbers=[float(sum(lhs)), float(sum(rhs))],
        severity=severity,
    )


def _roots(violated: list[Identity]) -> list[tuple[Identity, list[Identity]]]:
    """Root failures, each with the failures that follow from it (the format's identities are
    redundant): a 总计-column I3.1/I3.2 failure follows from failures of the same identity in
    other columns, or of row totals, and goes under the first of them."""
    follows: dict[int, list[Identity]] = {}
    roots: list[Identity] = []
    for ident in violated:
        if ident.name in ("I3.1", "I3.2") and ident.lhs[0].endswith(".total"):
            others = [v for v in violated if v is not ident and (v.name == ident.name or v.name == "I3.3")]
            if others:
                follows.setdefault(id(others[0]), []).append(ident)
                continue
        roots.append(ident)
    return [(r, follows.get(id(r), [])) for r in roots]


def minimal_fixes(
    violated: list[Identity], ids: tuple[Identity, ...], values: dict[str, int]
) -> list[dict[str, int]]:
    """The smallest sets of cells (one, else two) whose corrected values make every identity hold.

    Each fix maps a cell to the value the identities then force. Several fixes of the same size
    are all returned (at most 3): the auditor names them as alternatives, never picks one."""
    if not violated:
        return []
    # reading a report asks this twice with the same inputs (doubt, then check): search once
    return [dict(f) for f in _minimal_fixes(tuple(violated), ids, frozenset(values.items()))]


@lru_cache(maxsize=2)  # the one report being read
def _minimal_fixes(
    violated: tuple[Identity, ...], ids: tuple[Identity, ...], known: frozenset[tuple[str, int]]
) -> tuple[dict[str, int], ...]:
    return tuple(_search_fixes(list(violated), ids, dict(known)))


def _search_fixes(
    violated: list[Identity], ids: tuple[Identity, ...], values: dict[str, int]
) -> list[dict[str, int]]:
    first, rest = violated[0], violated[1:]
    singles = [(c,) for c in first.cells if all(c in v.cells for v in rest)]
    pairs: list[tuple[str, str]] = []
    for a in first.cells:
        uncovered = [v for v in rest if a not in v.cells]
        if not uncovered:
            continue
        common = set(uncovered[0].cells).intersection(*(v.cells for v in uncovered[1:]))
        pairs.extend((a, b) for b in sorted(common) if b != a)
    fixes: list[dict[str, int]] = []
    for candidates in (singles, pairs):
        for cells in dict.fromkeys(tuple(sorted(c)) for c in candidates):
            fix = _fix(cells, ids, values)
            if fix is not None:
                fixes.append(fix)
                if len(fixes) > 3:
                    return []
        if fixes:
            return fixes
    return []


@cache
def _by_cell(ids: tuple[Identity, ...]) -> dict[str, list[Identity]]:
    out: dict[str, list[Identity]] = {}
    for i in ids:
        for c in i.cells:
            out.setdefault(c, []).append(i)
    return out


def _fix(cells: tuple[str, ...], ids: tuple[Identity, ...], values: dict[str, int]) -> dict[str, int] | None:
    touching = list(dict.fromkeys(i for c in cells for i in _by_cell(ids).get(c, ())))
    eqs = equations(((i.name, i.lhs, i.rhs) for i in touching), values, set(cells))
    sol = solve(eqs, cells, budget=200)
    if not sol.consistent or len(sol.forced) != len(cells):
        return None
    if any(sol.forced[c] == values[c] for c in cells):
        return None  # not a smaller fix in disguise
    return sol.forced
