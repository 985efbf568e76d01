"""Every truth file's numbers printed again in every text layout, and read back.

Layouts with cell boundaries must come back exactly; the flattened layout may leave cells
unread where digits run together beyond what the identities split, but never guesses."""

from __future__ import annotations

import pytest
from conftest import CORPUS, SEEDS, truth_files
from render_truth import HEADINGS, LAYOUTS, render_tsv
from truth import compare, load

from xxgk.api import extract_text
from xxgk.standard.table3 import ROW_BY_KEY

TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)


def _has_blanks(truth: dict) -> bool:
    return any(v is None for t in ("table3", "table4") for r in truth[t].values() for v in r.values())


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_truth_in_every_layout(layout):
    render = LAYOUTS[layout]
    total = match = 0
    silent: list[str] = []
    for truth_path in TRUTHS:
        truth = load(truth_path)
        if layout in ("layout", "lines") and _has_blanks(truth):
            continue  # blank cells vanish into spaces: nothing can place the rest of such a row
        truth = dict(truth, blank_in_source=[], undeterminable=truth.get("undeterminable", []))
        report = extract_text(render(truth), f"{truth_path.stem}.{layout}.txt")
        res = compare(report, truth)
        total += res.total
        match += res.match
        silent += [f"{truth_path.name}: {s}" for s in res.silent]
        assert report.year == truth["year"], truth_path.name
        assert report.format_version == truth["format_version"], truth_path.name
    assert silent == []
    floor = 0.97 if layout == "flat" else 1.0
    assert match / total >= floor, (layout, match, total)


def _drop(truth: dict, seed: str, k: int) -> tuple[dict, list[str]]:
    """The truth with k printed table-3/4 cells blanked, chosen reproducibly."""
    import copy
    import random

    rng = random.Random(seed)
    cells = [
        (t, r, c)
        for t in ("table3", "table4")
        for r, cols in truth[t].items()
        for c, v in cols.items()
        if v is not None
    ]
    chosen = rng.sample(cells, k)
    out = copy.deepcopy(truth)
    for t, r, c in chosen:
        out[t][r][c] = None
    return out, [f"{t}.{r}.{c}" for t, r, c in chosen]


@pytest.mark.parametrize("layout", ["tsv", "cells", "markdown"])
def test_lost_cells_are_inferred_exactly_or_left_null(layout):
    """Blank 1-3 printed cells of every truth: each comes back with its true value (inferred) or
    null, and no other cell changes. Counts how many the identities recovered."""
    render = LAYOUTS[layout]
    recovered = lost = 0
    for truth_path in TRUTHS:
        truth = load(truth_path)
        for k in (1, 2, 3):
            damaged, dropped = _drop(truth, f"{truth_path.name}/{layout}/{k}", k)
            report = extract_text(render(damaged), f"{truth_path.stem}.{layout}.txt")
            expect = dict(truth, blank_in_source=dropped)
            res = compare(report, expect)
            assert res.silent == [], (truth_path.name, dropped, res.silent)
            for path in dropped:
                cell = report.cell(path)
                assert cell.status in ("inferred", "blank"), (truth_path.name, path, cell)
                recovered += cell.status == "inferred"
                lost += 1
            assert [m for m in res.missed if m.split(":")[0] not in dropped] == []
    assert recovered / lost >= 0.8, (recovered, lost)


def test_subtotal_rows_and_column_of_third_party_templates_are_ignored():
    truth = load(CORPUS / "009_pingtan_2024.truth.json")
    t3 = truth["table3"]
    groups = {
        "（三）不予公开": [k for k in t3 if k.startswith("denied_")],
        "（四）无法提供": [k for k in t3 if k.startswith("unable_")],
        "（五）不予处理": [k for k in t3 if k.startswith("not_processed_")],
    }
    lines = render_tsv_lines(truth)
    out = []
    for line in lines:
        for label, keys in groups.items():
            first = ROW_BY_KEY[keys[0]].label
            if line.startswith(f"\t{first}\t"):
                sums = [str(sum(t3[k][c] for k in keys)) for c in t3[keys[0]]]
                out.append(f"\t{label}\t\t" + "\t".join(sums) + "\t\t")
        out.append(_with_subtotal_column(line))
    report = extract_text("\n".join(out))
    res = compare(report, truth)
    assert res.silent == [] and res.missed == [], res.silent + res.missed
    codes = {f.code for f in report.findings}
    assert {"T3.STRUCTURE.SUBTOTAL_ROW", "T3.STRUCTURE.SUBTOTAL_COLUMN"} <= codes


def render_tsv_lines(truth: dict) -> list[str]:
    return render_tsv(truth).split("\n")


def _with_subtotal_column(line: str) -> str:
    cells = line.split("\t")
    values = [c for c in cells if c.strip()]
    if len(values) == 8 and all(v.isdigit() for v in values[1:]):
        i = cells.index(values[2])
        cells.insert(i, str(sum(int(v) for v in values[2:7])))
    return "\t".join(cells)


def test_table4_printed_as_three_labelled_rows():
    truth = load(CORPUS / "009_pingtan_2024.truth.json")
    text = LAYOUTS["tsv"](truth)
    head, _, rest = text.partition(HEADINGS[3])
    t4 = truth["table4"]
    rows = ["\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"] + [
        f"{label}\t" + "\t".join(str(t4[block][c]) for c in t4[block])
        for block, label in (
            ("review", "行政复议"),
            ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
            ("litigation_after_review", "行政诉讼（复议后起诉）"),
        )
    ]
    tail = rest.split(HEADINGS[4], 1)[1]
    report = extract_text(head + HEADINGS[3] + "\n" + "\n".join(rows) + "\n" + HEADINGS[4] + tail)
    for block, cols in t4.items():
        for col, want in cols.items():
            assert report.value(f"table4.{block}.{col}") == want, (block, col)
