"""The generated corpus (bench/make_corpus.py): its truth files hold every identity of the standard
except where a fault was injected, the faults are recorded, and xxgk reads every cell of the
text, Markdown, HTML and Word kinds exactly, and names every injected fault."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import corpus_numbers  # noqa: E402
import make_corpus  # noqa: E402
import score_corpus  # noqa: E402

KINDS = ("txt", "md", "html", "docx")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    pytest.importorskip("docx")
    pytest.importorskip("lxml")
    out = tmp_path_factory.mktemp("corpus")
    return out, make_corpus.make(12, out, seed=5, chosen=KINDS, fault_share=0.5)


def _truths(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/*.truth.json"))]


def test_manifest_counts_every_report(corpus: tuple[Path, dict]) -> None:
    out, manifest = corpus
    assert manifest["reports"] == 12 == len(_truths(out)) == len(manifest["items"])
    assert sum(manifest["counts"].values()) == 12 and set(manifest["counts"]) <= set(KINDS)
    assert not manifest["writer_refused"]
    for item in manifest["items"]:
        assert (out / item["file"]).is_file()
    # series: an agency has 2-7 consecutive years, 二、上年结转 is last year's 四
    by_agency: dict[str, list[dict]] = {}
    for t in _truths(out):
        by_agency.setdefault(t["agency"], []).append(t)
    for series in by_agency.values():
        series.sort(key=lambda t: t["year"])
        for prev, cur in zip(series, series[1:], strict=False):
            if cur["year"] == prev["year"] + 1 and not (prev["injected_fault"] or cur["injected_fault"]):
                assert {k: v for k, v in cur["table3"]["carried_over"].items() if k != "total"} == {
                    k: v for k, v in prev["table3"]["carried_forward"].items() if k != "total"
                }


def test_truths_hold_the_identities_unless_faulted(corpus: tuple[Path, dict]) -> None:
    out, manifest = corpus
    faulted = 0
    for t in _truths(out):
        tables = {k: t[k] for k in ("table2", "table3", "table4")}
        broken = corpus_numbers.holds(tables, t["format_version"])
        fault = t["injected_fault"]
        if fault is None:
            assert broken == [], t["source"]
            assert t["blank_in_source"] == [] and t["expected_findings"] == []
            continue
        faulted += 1
        assert t["expected_findings"] and fault["cell"].split(".")[0] in ("table3", "table4")
        if fault["kind"] == "blank":  # the truth keeps the value the identities force
            assert broken == [] and t["blank_in_source"] == [fault["cell"]]
            assert corpus_numbers.get(tables, fault["cell"]) == fault["value"]
        else:
            assert broken, t["source"]
            assert corpus_numbers.get(tables, fault["cell"]) == fault["printed"] != fault["value"]
    assert faulted == sum(manifest["faults"].values()) > 0


def test_xxgk_reads_every_cell_and_names_every_fault(corpus: tuple[Path, dict]) -> None:
    out, _ = corpus
    results = score_corpus.run(out, jobs=1)
    assert {r.kind for r in results} == {p.name for p in out.iterdir() if p.is_dir()}
    for r in results:
        assert r.caught == r.faults, r.cases
        # every cell of a report without a fault is read exactly
        clean = [c for c in r.cases if not _faulted(out / c.split(":")[0])]
        assert clean == [], clean


def _faulted(source: Path) -> bool:
    truth = source.with_name(source.name.rsplit(".", 1)[0] + ".truth.json")
    return json.loads(truth.read_text(encoding="utf-8"))["injected_fault"] is not None


def test_splits_of_run_together_digits() -> None:
    assert make_corpus.splits("900", [3], False) == 1  # 9|0|0
    assert make_corpus.splits("42517", [3], False) == 2  # 4|25|17, 42|5|17, ...
    # 55|0|5|0|60 and 5|5|0|50|60 both keep 总计 = the sum of the four
    assert make_corpus.splits("5505060", [5], True) == 2
    assert make_corpus.splits("213", [3], True) == 1  # 2|1|3
    assert make_corpus.splits("2136", [3], True) == 0  # no split keeps the total
