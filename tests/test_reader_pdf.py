"""The PDF reader on the two real WPS PDFs of the corpus, and on broken and oversized input."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from xxgk import errors
from xxgk.document import Document, Paragraph, Table
from xxgk.readers import geometry, pdf, read_bytes
from xxgk.readers.pages import assemble

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
HONGZE = {2023: CORPUS / "001_huaian-hongzequ_2023", 2024: CORPUS / "002_huaian-hongzequ_2024"}


TABLE3_COLUMNS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other", "total"]
# Rows of table 3 as these two reports print them: （六）其他处理 is one row, not three.
TABLE3_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partially_granted", "（二）部分公开"),
    ("denied_state_secret", "1.属于国家秘密"),
    ("denied_prohibited_by_law", "2.其他法律行政"),
    ("denied_three_safety_one_stability", "3.危及“三安全一稳定”"),
    ("denied_third_party_rights", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "5.属于三类内部事务信息"),
    ("denied_process_info", "6.属于四类过程性信息"),
    ("denied_enforcement_files", "7.属于行政执法案卷"),
    ("denied_query_matter", "8.属于行政查询事项"),
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear_after_correction", "3.补正后申请内容仍不明确"),
    ("not_processed_petition_complaint", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_mass_repeated", "4.无正当理由大量反复申请"),
    ("not_processed_confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_processing", "（六）其他处理"),
    ("results_total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]
TABLE4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
TABLE4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


@pytest.fixture(scope="module", params=sorted(HONGZE))
def case(request: pytest.FixtureRequest) -> tuple[Document, dict, bytes]:
    stem = HONGZE[request.param]
    data = stem.with_suffix(".pdf").read_bytes()
    truth = json.loads(stem.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return pdf.read(data, str(stem.with_suffix(".pdf"))), truth, data


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _table_with(doc: Document, text: str) -> Table:
    return next(t for t in _tables(doc) if any(c.text == text for r in t.rows for c in r))


def _assert_true_grid(table: Table) -> None:
    """Rectangular, and every covered position belongs to exactly one origin's span."""
    width = len(table.rows[0])
    assert width > 0 and all(len(r) == width for r in table.rows)
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell.continued:
                assert cell.text == ""
                continue
            assert r + cell.rowspan <= len(table.rows) and c + cell.colspan <= width
            for i in range(r, r + cell.rowspan):
                for j in range(c, c + cell.colspan):
                    assert (i, j) not in covered
                    covered[(i, j)] = (r, c)
                    if (i, j) != (r, c):
                        assert table.rows[i][j].continued
    assert len(covered) == width * len(table.rows)


def _label(row: list) -> str:
    return "".join(c.text for c in row[:3] if not c.continued)


def test_document_basics(case: tuple[Document, dict, bytes]) -> None:
    doc, _, _ = case
    assert doc.pages == 5
    assert doc.media_type == "application/pdf"
    assert doc.warnings == []
    assert len(_tables(doc)) == 3  # tables 2, 3 and 4, each glued back over its page break


def test_grids_are_rectangular_and_exact(case: tuple[Document, dict, bytes]) -> None:
    doc, _, _ = case
    for table in _tables(doc):
        assert table.exact
        _assert_true_grid(table)


def test_table3_header_columns(case: tuple[Document, dict, bytes]) -> None:
    doc, _, _ = case
    t3 = _table_with(doc, "申请人情况")
    assert len(t3.rows[0]) == 10
    note = t3.rows[0][0]
    assert note.text.startswith("（本列数据的勾稽关系为：") and (note.rowspan, note.colspan) == (3, 3)
    assert (t3.rows[0][3].text, t3.rows[0][3].colspan) == ("申请人情况", 7)
    assert (t3.rows[1][3].text, t3.rows[1][3].rowspan) == ("自然人", 2)
    assert (t3.rows[1][4].text, t3.rows[1][4].colspan) == ("法人或其他组织", 5)
    assert (t3.rows[1][9].text, t3.rows[1][9].rowspan) == ("总计", 2)
    # Labels wrapped inside their cells ("商业\n企业") come out joined.
    assert [c.text for c in t3.rows[2][4:9]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


def test_table3_values_at_their_positions(case: tuple[Document, dict, bytes]) -> None:
    doc, truth, _ = case
    t3 = _table_with(doc, "申请人情况")
    body = t3.rows[3:]
    assert len(body) == len(TABLE3_ROWS)
    for row, (key, label) in zip(body, TABLE3_ROWS, strict=True):
        assert label in _label(row), (key, _label(row))
        got = [c.text for c in row[3:]]
        assert got == [str(truth["table3"][key][col]) for col in TABLE3_COLUMNS], key


def test_table3_crosses_the_page_break_as_one_table(case: tuple[Document, dict, bytes]) -> None:
    doc, _, _ = case
    t3 = _table_with(doc, "申请人情况")
    pages = {c.where.page for r in t3.rows for c in r}
    assert pages == {3, 4}
    group = next(c for r in t3.rows for c in r if c.text == "三、本年度办理结果")  # vertical, one char a line
    assert (group.rowspan, group.colspan) == (20, 1)
    unable = next(c for r in t3.rows for c in r if c.text == "（四）无法提供")
    assert unable.rowspan == 3  # two rows on page 3, one on page 4
    assert next(c for r in t3.rows for c in r if c.text == "（五）不予处理").rowspan == 5


def test_table2_values(case: tuple[Document, dict, bytes]) -> None:
    doc, truth, _ = case
    t2 = _table_with(doc, "第二十条第（一）项")
    rows = {r[0].text: r for r in t2.rows if not r[0].continued}
    t = truth["table2"]
    assert [c.text for c in rows["规章"][1:]] == [
        str(t["regulations"][k]) for k in ("issued", "repealed", "in_force")
    ]
    nd = [str(t["normative_documents"][k]) for k in ("issued", "repealed", "in_force")]
    assert [c.text for c in rows["行政规范性文件"][1:]] == nd
    for label, key in (("行政许可", "licensing"), ("行政处罚", "penalty"), ("行政强制", "coercion")):
        assert rows[label][1].text == str(t[key]["decisions"]) and rows[label][1].colspan == 3
    fee = rows["行政事业性收费"][1].text
    assert float(fee) == t["fees"]["amount_wan_yuan"]
    # The table starts on page 2; its last groups are on page 3 (no repeated header there).
    assert {r[0].where.page for r in t2.rows} == {2, 3}


def test_table4_values(case: tuple[Document, dict, bytes]) -> None:
    doc, truth, _ = case
    t4 = _table_with(doc, "行政复议")
    assert len(t4.rows) == 4 and len(t4.rows[0]) == 15
    assert t4.rows[2][5].text == "结果维持" and t4.rows[1][4].text == "总计"  # "总 计" printed spread out
    want = [str(truth["table4"][b][c]) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    assert [c.text for c in t4.rows[3]] == want


def test_provenance_on_every_block_and_cell(case: tuple[Document, dict, bytes]) -> None:
    doc, _, _ = case
    wheres = [b.where for b in doc.blocks]
    wheres += [c.where for t in _tables(doc) for r in t.rows for c in r]
    for w in wheres:
        assert w.page is not None and 1 <= w.page <= 5
        assert w.bbox is not None
        x0, top, x1, bottom = w.bbox
        assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    cell = _table_with(doc, "申请人情况").rows[3][3]  # 一、… × 自然人, on page 3
    assert cell.where.page == 3 and 300 < cell.where.bbox[0] < 345


def test_paragraphs(case: tuple[Document, dict, bytes]) -> None:
    doc, truth, _ = case
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    texts = [p.text for p in paras]
    assert texts[1] == f"{truth['year']}年政府信息公开工作年度报告"
    assert "六、其他需要报告的事项" in texts
    # Page numbers ("- 3 -") are gone, and no spaces were put between CJK characters.
    assert not any(re.fullmatch(r"[-\s\d]+", t) for t in texts)
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff，。]", t) for t in texts)
    # Wrapped lines of one paragraph are joined, so narrative facts read as one sentence.
    intro = next(t for t in texts if t.startswith("本报告由"))
    assert "0517-" in intro and intro.endswith("）。")
    # Reading order: headings in document order, each table after its heading.
    order = [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks]
    i2 = order.index("二、主动公开政府信息情况")
    i3 = order.index("三、收到和处理政府信息公开申请情况")
    i4 = order.index("四、政府信息公开行政复议、行政诉讼情况")
    assert order[i2 + 1] == order[i3 + 1] == order[i4 + 1] == "<table>"
    assert i2 < i3 < i4


def test_narrative_fact_2023() -> None:
    doc = pdf.read(HONGZE[2023].with_suffix(".pdf").read_bytes(), None)
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and "受理政府信息公开申请" in b.text)
    assert "2023年全区受理政府信息公开申请21件" in para.text
    assert para.where.page == 1


def test_backends_agree(case: tuple[Document, dict, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    doc, _, data = case
    monkeypatch.setattr(pdf, "BACKEND", "pdfplumber")
    other = pdf.read(data, None)
    assert [b.text() if isinstance(b, Table) else b.text for b in other.blocks] == [
        b.text() if isinstance(b, Table) else b.text for b in doc.blocks
    ]


def test_dispatch_through_read_bytes(case: tuple[Document, dict, bytes]) -> None:
    _, _, data = case
    doc = read_bytes(data, "report.pdf")
    assert doc.media_type == "application/pdf" and doc.path == "report.pdf" and doc.sha256


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_truncated_pdf_is_a_clean_error(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "BACKEND", backend)
    data = HONGZE[2023].with_suffix(".pdf").read_bytes()
    with pytest.raises(errors.XxgkError) as exc:
        pdf.read(data[: len(data) // 2], "half.pdf")
    assert exc.value.code == errors.DAMAGED_FILE
    assert exc.value.path == "half.pdf" and "损坏" in exc.value.message
    with pytest.raises(errors.XxgkError) as exc:
        read_bytes(data[: len(data) // 2], "half.pdf")
    assert exc.value.code == errors.DAMAGED_FILE


def test_lost_page_content_is_a_clean_error() -> None:
    data = HONGZE[2023].with_suffix(".pdf").read_bytes()
    # The middle is gone but the trailer survives: the file opens, some pages cannot be read.
    cut = data[: len(data) // 2] + data[-3000:]
    with pytest.raises(errors.XxgkError) as exc:
        pdf.read(cut, "cut.pdf")
    assert exc.value.code == errors.DAMAGED_FILE and "页" in exc.value.message


def test_garbage_after_header_is_a_clean_error() -> None:
    with pytest.raises(errors.XxgkError) as exc:
        pdf.read(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "junk.pdf")
    assert exc.value.code == errors.DAMAGED_FILE


def test_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_MAX_PAGES", "3")
    with pytest.raises(errors.XxgkError) as exc:
        pdf.read(HONGZE[2023].with_suffix(".pdf").read_bytes(), "big.pdf")
    assert exc.value.code == errors.TOO_MANY_PAGES and "超过 3 页的上限" in exc.value.message


def test_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "TIME_BUDGET_S", -1.0)
    with pytest.raises(errors.XxgkError) as exc:
        pdf.read(HONGZE[2023].with_suffix(".pdf").read_bytes(), "slow.pdf")
    assert exc.value.code == errors.TIMEOUT and "秒" in exc.value.message


def _image_only_pdf(page_index: int) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(HONGZE[2023].with_suffix(".pdf").read_bytes())
    image = src[page_index].render(scale=100 / 72, grayscale=True).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=100)
    return buf.getvalue()


def test_scan_page_without_ocr_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from xxgk.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = pdf.read(_image_only_pdf(2), "scan.pdf")
    assert doc.pages == 1 and doc.blocks == []
    assert any("扫描" in w and "xxgk[ocr]" in w for w in doc.warnings)


def test_grid_builder_on_synthetic_rulings() -> None:
    """A 3x3 grid whose middle row misses its inner line: one cell spans two columns."""
    H = geometry.Seg
    hs = [H(0, 0, 90), H(20, 0, 90), H(40, 0, 90), H(60, 0, 90)]
    vs = [H(0, 0, 60), H(90, 0, 60), H(30, 0, 60), H(60, 0, 20), H(60, 40, 60)]
    glyphs = [
        geometry.Glyph(t, x, y, x + 8, y + 8, 8) for t, x, y in [("甲", 5, 5), ("乙", 40, 25), ("丙", 48, 25)]
    ]
    parts, rest = geometry.build_table_parts(hs, vs, glyphs, page=1)
    assert rest == [] and len(parts) == 1
    table = geometry.part_to_table(parts[0])
    _assert_true_grid(table)
    assert table.rows[0][0].text == "甲"
    assert (table.rows[1][1].text, table.rows[1][1].colspan) == ("乙丙", 2)
    assert table.rows[1][2].continued


def _glyph_row(text: str, x: float, y: float, size: float = 10.0) -> list[geometry.Glyph]:
    return [
        geometry.Glyph(ch, x + i * size, y, x + (i + 1) * size, y + size, size) for i, ch in enumerate(text)
    ]


def _part(
    page: int, rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None
) -> geometry.TablePart:
    """A ruled table of 3 columns (x 0/100/200/300), rows 20 pt high from y 100; `spans` maps
    (row, col) to a rowspan: the horizontal lines under that cell are left out."""
    spans = spans or {}
    n = len(rows)
    ys = [100 + 20 * i for i in range(n + 1)]
    hs = [geometry.Seg(ys[0], 0, 300), geometry.Seg(ys[-1], 0, 300)]
    for i in range(1, n):
        for c in range(3):
            if not any(r < i < r + s and col == c for (r, col), s in spans.items()):
                hs.append(geometry.Seg(ys[i], 100 * c, 100 * (c + 1)))
    vs = [geometry.Seg(x, ys[0], ys[-1]) for x in (0, 100, 200, 300)]
    glyphs = [
        g
        for i, row in enumerate(rows)
        for c, t in enumerate(row)
        for g in _glyph_row(t, 100 * c + 5, ys[i] + 5)
    ]
    parts, rest = geometry.build_table_parts(hs, vs, glyphs, page)
    assert len(parts) == 1 and not rest
    return parts[0]


def _page(
    number: int, tables: list[geometry.TablePart], lines: list[tuple[str, float, float]]
) -> geometry.PageContent:
    glyphs = [g for text, x, y in lines for g in _glyph_row(text, x, y)]
    return geometry.PageContent(number, 595, 842, lines=geometry.group_lines(glyphs), tables=tables)


def test_table_continued_with_repeated_header_and_split_span() -> None:
    head = ["项目", "数量", "备注"]
    first = _part(1, [head, ["分类", "1", "甲"], ["", "2", "乙"]], spans={(1, 0): 2})
    second = _part(2, [head, ["", "3", "丙"], ["合计", "6", ""]])
    pages = [
        _page(1, [first], [("表一", 100, 60), ("- 1 -", 280, 800)]),
        _page(2, [second], [("- 2 -", 280, 800)]),
    ]
    blocks = assemble(pages)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]  # page numbers dropped
    table = blocks[1]
    _assert_true_grid(table)
    assert [[c.text for c in r] for r in table.rows] == [
        head,
        ["分类", "1", "甲"],
        ["", "2", "乙"],
        ["", "3", "丙"],
        ["合计", "6", ""],
    ]  # the repeated header row is gone
    assert table.rows[1][0].rowspan == 3  # "分类" goes on over the page break
    assert table.rows[3][0].continued and table.rows[3][0].where.page == 2
    assert table.rows[4][0].where.page == 2
    # rows numbered as printed: the header repeated on page 2 is printed row 4
    assert [r[1].where.row for r in table.rows] == [1, 2, 3, 5, 6]
    assert [r[1].where.page for r in table.rows] == [1, 1, 1, 2, 2]
    assert table.rows[4][1].where.describe() == "第2页第1个表格第6行第2列"


def test_table_after_a_title_is_a_new_table() -> None:
    first = _part(1, [["甲", "1", ""], ["乙", "2", ""]])
    second = _part(2, [["丙", "3", ""], ["丁", "4", ""]])
    pages = [_page(1, [first], []), _page(2, [second], [("四、另一张表", 100, 60)])]
    blocks = assemble(pages)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    pages = [
        _page(
            n,
            [],
            [
                ("某区人民政府办公室", 200, 40),
                (f"正文第{n}页的内容", 100, 300),
                (f"第 {n} 页 共 3 页", 250, 800),
            ],
        )
        for n in (1, 2, 3)
    ]
    texts = [b.text for b in assemble(pages)]
    assert texts == ["正文第1页的内容", "正文第2页的内容", "正文第3页的内容"]


def test_page_stored_sideways_with_rotate_reads_as_displayed() -> None:
    """Page 3 stored landscape, its content turned a quarter, and /Rotate 90 to show it upright."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = HONGZE[2023].with_suffix(".pdf").read_bytes()
    src = pdfium.PdfDocument(data)
    page = src[2]
    assert raw.FPDFPage_TransFormWithClip(page, raw.FS_MATRIX(0, 1, -1, 0, 842, 0), None)
    assert raw.FPDFPage_GenerateContent(page)
    page.set_mediabox(0, 0, 842, 595)
    page.set_cropbox(0, 0, 842, 595)
    page.set_rotation(90)
    buf = io.BytesIO()
    src.save(buf)
    turned, plain = pdf.read(buf.getvalue(), None), pdf.read(data, None)
    assert [(b.text() if isinstance(b, Table) else b.text, b.where) for b in turned.blocks] == [
        (b.text() if isinstance(b, Table) else b.text, b.where) for b in plain.blocks
    ]
