"""Every cell read from text points at its own characters in the file (line + span).

On the seeds, the text and Markdown reports of the corpus, and every truth file printed again
in every text layout (render_truth.LAYOUTS: one cell per line, TSV, Markdown, space-aligned,
flattened crawler text): no two number cells of a table share a place; ten random number cells
per file, followed back into the file, give their printed text and value; a narrative fact's
line holds its sentence. An inferred cell's finding names the printed cells that force it."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import CORPUS, SEEDS, truth_files
from render_truth import LAYOUTS
from truth import load

from xxgk.api import extract_text
from xxgk.audit import audit
from xxgk.readers.text import decode
from xxgk.report import CellValue, Report
from xxgk.solve import equations, solve
from xxgk.standard.identities import identities_for
from xxgk.values import clean, parse_value

TEXT_FILES = sorted(
    p for p in [*SEEDS.glob("*.txt"), *CORPUS.glob("*.txt"), *CORPUS.glob("*.md")] if p.name != "README.md"
)
TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)


def _sources() -> Iterator[tuple[str, str]]:
    """(name, text) of every real text file and of every truth file in every text layout."""
    for path in TEXT_FILES:
        yield path.name, decode(path.read_bytes())
    for truth_path in TRUTHS:
        truth = load(truth_path)
        for layout, render in sorted(LAYOUTS.items()):
            yield f"{truth_path.stem}.{layout}.txt", render(truth)


SOURCES = list(_sources())


def _numbers(report: Report) -> Iterator[tuple[str, CellValue]]:
    for table in ("table2", "table3", "table4"):
        for row, cols in (getattr(report, table) or {}).items():
            for col, cell in cols.items():
                if cell.status == "number":
                    yield f"{table}.{row}.{col}", cell


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, str, Report]]:
    return [(name, text, extract_text(text, name)) for name, text in SOURCES]


def test_the_sources_cover_every_layout_and_the_real_files(reports) -> None:  # type: ignore[no-untyped-def]
    names = [n for n, _, _ in reports]
    assert len(TEXT_FILES) >= 20 and any(n.endswith(".md") for n in names)
    for layout in LAYOUTS:
        assert sum(n.endswith(f".{layout}.txt") for n in names) == len(TRUTHS)
    # crawler pages (the whole body on one line) are among the real files
    assert any(max(len(line) for line in _lines(t)) > 5000 for n, t, _ in reports if not n.count(".") > 1)


def test_every_number_cell_has_a_place_of_its_own(reports) -> None:  # type: ignore[no-untyped-def]
    for name, _, report in reports:
        numbers = list(_numbers(report))
        assert numbers, name
        for table in ("table2", "table3", "table4"):
            seen: dict[tuple[int, tuple[int, int]], str] = {}
            for path, cell in numbers:
                if not path.startswith(table):
                    continue
                where = cell.where
                assert where.line is not None and where.span is not None, (name, path, where)
                assert where.span[0] < where.span[1], (name, path, where)
                key = (where.line, where.span)
                assert key not in seen, (name, path, seen.get(key), key)
                seen[key] = path


def test_ten_random_cells_of_each_file_lead_back_to_their_digits(reports) -> None:  # type: ignore[no-untyped-def]
    followed = 0
    for name, text, report in reports:
        lines = _lines(text)
        numbers = list(_numbers(report))
        for path, cell in random.Random(name).sample(numbers, min(10, len(numbers))):
            start, end = cell.where.span
            printed = lines[cell.where.line - 1][start:end]
            assert clean(printed) == clean(cell.raw), (name, path, printed, cell.raw)
            status, value, _ = parse_value(printed)
            assert (status, value) == ("number", cell.value), (name, path, printed, cell.value)
            followed += 1
    assert followed >= 10 * len(reports) * 0.95


def test_flattened_digits_split_by_the_identities_point_at_their_own_digits() -> None:
    """A crawler row "21710000218" read as 217 1 0 0 0 0 218: each number has its own digits."""
    path = CORPUS / "009_pingtan_2024.txt"
    text = decode(path.read_bytes())
    report = extract_text(text, path.name)
    line = _lines(text)[9]
    row = report.table3["new_received"]
    spans = [c.where.span for c in row.values()]
    assert {c.where.line for c in row.values()} == {10}
    assert [line[a:b] for a, b in spans] == ["217", "1", "0", "0", "0", "0", "218"]
    assert [b - a for a, b in spans] == [3, 1, 1, 1, 1, 1, 3]
    assert all(spans[i][1] == spans[i + 1][0] for i in range(6))  # one run, no gaps
    assert line[spans[0][0] - 6 : spans[0][0]] == "公开申请数量"
    fee = report.cell("table2.fees.amount_wan_yuan")
    assert line[slice(*fee.where.span)] == "18651.06" and fee.raw == "18651.06"


def test_blank_and_placeholder_cells_get_the_best_place_there_is() -> None:
    truth = load(CORPUS / "009_pingtan_2024.truth.json")
    printed = truth["table3"]["granted"]["commercial"]
    truth["table3"]["granted"]["commercial"] = None  # printed as an empty field
    lines = _lines(LAYOUTS["tsv"](truth))
    secret = next(i for i, line in enumerate(lines) if line.startswith("\t1.属于国家秘密"))
    assert "\t4\t0\t" in lines[secret]
    lines[secret] = lines[secret].replace("\t4\t0\t", "\t4\t/\t", 1)  # commercial printed as "/"
    report = extract_text("\n".join(lines))
    blank = report.cell("table3.granted.commercial")
    assert (blank.status, blank.value) == ("inferred", printed)
    granted = lines[blank.where.line - 1]
    assert granted.startswith("\t（一）予以公开") and blank.where.span is not None
    a, b = blank.where.span
    assert a == b and granted[a - 1] == "\t" == granted[a]  # the empty field between two tabs
    assert granted.split("\t")[granted[:a].count("\t")] == ""
    slash = report.cell("table3.denied_state_secret.commercial")
    assert slash.status == "placeholder" and slash.where.line == secret + 1
    assert lines[secret][slice(*slash.where.span)] == "/"


def test_a_fact_points_at_its_own_sentence() -> None:
    checked = multi_line = own_line = 0
    for path in TEXT_FILES:
        text = decode(path.read_bytes())
        report = audit(extract_text(text, path.name))
        lines = _lines(text)
        heading_lines = {s.where.line for s in report.sections}
        for fact in report.facts:
            where = fact.where
            assert where.line is not None, (path.name, fact)
            line = lines[where.line - 1]
            said = re.sub(r"\s+", "", fact.sentence)
            if where.span is not None:
                printed = re.sub(r"\s+", "", line[slice(*where.span)])
                # a sentence wrapped over lines is located by its first line's part
                assert printed and said.startswith(printed), (path.name, where, printed, said)
            else:
                assert said[:8] in re.sub(r"\s+", "", line), (path.name, where.line, said)
            checked += 1
            if len(lines) > 50:  # a report printed over many lines, not a crawler page
                multi_line += 1
                own_line += where.line not in heading_lines
    assert checked > 200 and multi_line > 50
    assert own_line > multi_line * 0.8  # facts are not put on their section heading's line


def test_sections_keep_their_headings_line() -> None:
    path = SEEDS / "002_d3ed9ecabf80fbb4.txt"
    text = decode(path.read_bytes())
    lines = _lines(text)
    report = extract_text(text, path.name)
    for section in report.sections[1:]:
        assert section.heading[:2] in re.sub(r"\s+", "", lines[section.where.line - 1]), section.heading


def _inferred(report: Report):  # type: ignore[no-untyped-def]
    (f,) = [f for f in report.findings if f.code == "CELL.INFERRED"]
    return f


def test_an_inferred_cell_names_the_printed_cells_that_force_it() -> None:
    path = SEEDS / "001_eaba220d81829207.txt"
    report = extract_text(decode(path.read_bytes()), path.name)
    f = _inferred(report)
    assert f.forced_by and not set(f.forced_by) & set(f.cells)
    assert all(report.cell(p).status == "number" for p in f.forced_by)
    assert "据以推出的印出数值" in f.message and "（45）" in f.message  # new_received.total, printed 45
    # those printed values alone (every other cell unknown but the lost ones) still force each value
    lost = {
        p
        for p in (f"table3.{r}.{c}" for r, cols in report.table3.items() for c in cols)
        if report.cell(p).status not in ("number", "absent")
    }
    known = {p: report.cell(p).value for p in f.forced_by}
    ids = [i for i in identities_for("2021") if set(i.cells) <= set(known) | lost]
    eqs = [e for e in equations(((i.name, i.lhs, i.rhs) for i in ids), known, lost) if e.terms]
    sol = solve(eqs, {v for e in eqs for v, _ in e.terms})
    for p in f.cells:
        assert sol.forced.get(p) == report.cell(p).value, p
    assert f.to_json()["forced_by"] == f.forced_by


def test_a_finding_without_forcing_cells_has_no_forced_by_key() -> None:
    path = CORPUS / "009_pingtan_2024.txt"
    report = audit(extract_text(decode(path.read_bytes()), path.name))
    assert report.findings and all("forced_by" not in f.to_json() for f in report.findings)


def test_finding_json_carries_the_cells_place_and_views_name_it_in_the_files_terms() -> None:
    path = SEEDS / "001_eaba220d81829207.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "xxgk", "extract", "--json", str(path)], capture_output=True, check=True
    )
    record = json.loads(proc.stdout)
    (f,) = [f for f in record["findings"] if f["code"] == "CELL.INFERRED"]
    cell = record["table3"]["new_received"]["natural_person"]
    assert f["where"] == {"line": 47, "page": None, "bbox": None, "span": [19, 19]} == cell["where"]
    report = extract_text(decode(path.read_bytes()), path.name)
    assert report.place(_inferred(report)) == "表三，第47行第20字"
    shown = subprocess.run(
        [sys.executable, "-m", "xxgk", "check", str(path)], capture_output=True, text=True
    ).stdout
    assert "（表三，第47行第20字）" in shown


def test_a_narrative_finding_names_its_sentence_not_a_table() -> None:
    path = CORPUS / "005_pingtan_2020.txt"
    report = audit(extract_text(decode(path.read_bytes()), path.name))
    narrative = [f for f in report.findings if f.code.startswith("NARRATIVE.")]
    assert narrative
    for f in narrative:
        assert re.fullmatch(r"第10行第\d+–\d+字", report.place(f)), report.place(f)
    identity = next(f for f in report.findings if f.code == "T3.IDENTITY.RESULTS")
    assert re.fullmatch(r"表三，第10行第\d+(–\d+)?字", report.place(identity))


def test_text_reader_spans_are_of_the_line_as_given() -> None:
    """Leading whitespace, full-width spaces and pipes: offsets are of the original line."""
    from xxgk.readers.text import parse

    blocks = parse("\u3000\u3000正文一句。\n| 自然人 |  35 |  |\n标签\t 7 \t\t/\n")
    para, pipe, tsv = blocks
    assert para.where.span == (2, 7)
    assert [c.where.span for c in pipe.rows[0]] == [(2, 5), (9, 11), (13, 13)]
    assert [c.where.span for c in tsv.rows[0]] == [(0, 2), (4, 5), (7, 7), (8, 9)]


def test_forces_proves_a_value_from_a_subset_of_equations() -> None:
    from xxgk.solve import forces

    # a + b = 5 with b printed 2: a is 3; a + b = 5 alone (b lost too) forces nothing
    (with_b,) = equations([("row", ["a", "b"], ["t"])], {"b": 2, "t": 5}, {"a"})
    (lost_b,) = equations([("row", ["a", "b"], ["t"])], {"t": 5}, {"a", "b"})
    assert forces([with_b], "a", 3) and not forces([with_b], "a", 4)
    assert not forces([lost_b], "a", 3)
    assert not forces([], "a", 3)
