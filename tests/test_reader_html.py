"""The HTML reader on the two real pages of the corpus and on the markup that trips readers up."""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import pytest

from xxgk import errors
from xxgk.document import Document, Paragraph, Table
from xxgk.readers import html, read_bytes

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
SHANGHAI = CORPUS / "014_shanghai-szfbgt_2019"
PINGTAN = CORPUS / "114_pingtan_2024"


TABLE3_COLUMNS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other", "total"]
TABLE4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
TABLE4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def _read(stem: Path) -> Document:
    return html.read(stem.with_suffix(".html").read_bytes(), str(stem.with_suffix(".html")))


def _truth(stem: Path) -> dict:
    return json.loads(stem.with_suffix(".truth.json").read_text(encoding="utf-8"))


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _table_with(doc: Document, label: str) -> Table:
    return next(t for t in _tables(doc) if any(c.text == label for r in t.rows for c in r))


def _expected(truth: dict, table: str, row: str, col: str) -> str:
    """What the source printed: the number, or "" where the truth file says the cell is blank."""
    if f"{table}.{row}.{col}" in truth.get("blank_in_source", []):
        return ""
    value = truth[table][row][col]
    assert value is not None, f"{table}.{row}.{col} has no printed value in the truth file"
    return str(value)


def _assert_true_grid(table: Table) -> None:
    """Rectangular, and every covered position belongs to exactly one origin's span."""
    width = len(table.rows[0])
    assert all(len(r) == width for r in table.rows)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell.continued:
                assert cell.text == ""
                continue
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    pos = (r + dr, c + dc)
                    assert pos not in owner, f"{pos} covered twice"
                    assert pos[0] < len(table.rows) and pos[1] < width, f"span of {(r, c)} leaves the grid"
                    owner[pos] = (r, c)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell.continued:
                assert owner.get((r, c), (r, c)) != (r, c), f"{(r, c)} continued but under no span"
            else:
                assert owner[(r, c)] == (r, c)


@pytest.mark.parametrize("stem", [SHANGHAI, PINGTAN], ids=["014", "114"])
def test_corpus_grids_are_true_grids(stem: Path) -> None:
    doc = _read(stem)
    tables = _tables(doc)
    assert len(tables) == 3
    for t in tables:
        assert t.exact
        _assert_true_grid(t)
    assert doc.media_type == "text/html"
    assert doc.warnings == []


@pytest.mark.parametrize("stem", [SHANGHAI, PINGTAN], ids=["014", "114"])
def test_table3_values_at_their_grid_positions(stem: Path) -> None:
    truth = _truth(stem)
    t3 = _table_with(_read(stem), "申请人情况")
    rows = list(truth["table3"])
    assert len(t3.rows[0]) == 10  # 3 label columns + 7 applicant columns
    assert len(t3.rows) == 3 + len(rows)
    corner = t3.rows[0][0]
    assert (corner.rowspan, corner.colspan) == (3, 3)
    assert t3.rows[1][3].text == "自然人" and t3.rows[1][3].rowspan == 2
    assert t3.rows[1][4].text == "法人或其他组织" and t3.rows[1][4].colspan == 5
    assert [c.text for c in t3.rows[2][4:9]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    outcome = t3.rows[5][0]
    assert outcome.text == "三、本年度办理结果"
    assert outcome.rowspan == len(rows) - 3  # every row but 一、二 and 四
    for i, key in enumerate(rows):
        for j, col in enumerate(TABLE3_COLUMNS):
            assert t3.rows[3 + i][3 + j].text == _expected(truth, "table3", key, col), (key, col)


@pytest.mark.parametrize("stem", [SHANGHAI, PINGTAN], ids=["014", "114"])
def test_table4_values(stem: Path) -> None:
    truth = _truth(stem)
    t4 = _table_with(_read(stem), "行政复议")
    assert len(t4.rows) == 4 and len(t4.rows[0]) == 15
    assert t4.rows[0][5].text == "行政诉讼" and t4.rows[0][5].colspan == 10
    assert t4.rows[1][0].text == "结果维持" and t4.rows[1][0].rowspan == 2
    assert t4.rows[2][0].continued
    for b, block in enumerate(TABLE4_BLOCKS):
        for j, col in enumerate(TABLE4_COLUMNS):
            cell = t4.rows[3][5 * b + j]
            blank = f"table4.{block}.{col}" in truth["blank_in_source"]
            assert cell.text == ("" if blank else str(truth["table4"][block][col])), (block, col)


def test_table2_colspans_pingtan() -> None:
    t2 = _table_with(_read(PINGTAN), "信息内容")
    assert len(t2.rows) == 14 and len(t2.rows[0]) == 4
    by_label = {r[0].text: r for r in t2.rows}
    assert [c.text for c in by_label["行政规范性文件"][1:]] == ["62", "33", "440"]
    licensing = by_label["行政许可"]
    assert licensing[1].text == "4529" and licensing[1].colspan == 3
    assert licensing[2].continued and licensing[3].continued
    assert by_label["行政事业性收费"][1].text == "18651.06"


def test_paragraphs_and_order_pingtan() -> None:
    doc = _read(PINGTAN)
    texts = [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks]
    assert "平潭综合实验区2024年度政府信息公开工作年度报告" in texts
    i = texts.index("二、主动公开政府信息情况")
    assert texts[i + 1] == "<table>"
    assert texts[i + 2] == "三、收到和处理政府信息公开申请情况" and texts[i + 3] == "<table>"
    assert "六、其他需要报告的事项" in texts
    # navigation, breadcrumb and footer link lists are dropped; scripts never show
    joined = "\n".join(texts)
    assert "当前位置" not in joined and "网站支持IPV6" not in joined and "首页" not in joined
    assert "function" not in joined and "avalon" not in joined
    assert all(b.where.line and b.where.line > 200 for b in doc.blocks)  # sourcelines of the body


def test_fragment_without_html_or_body() -> None:
    doc = _read(SHANGHAI)
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.text == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "五、政府信息公开工作存在的主要问题及改进情况" in texts
    assert any("《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in t for t in texts)  # &lt; &gt;


@pytest.mark.parametrize("stem", [SHANGHAI, PINGTAN], ids=["014", "114"])
def test_gbk_pages_read_the_same(stem: Path) -> None:
    original = stem.with_suffix(".html").read_text(encoding="utf-8")
    base = _read(stem).blocks
    meta = re.compile(r'<meta charset="utf-8"')
    as_declared_gb2312 = meta.sub('<meta charset="gb2312"', original)
    without_meta = re.sub(r'<meta charset="utf-8"[^>]*>', "", original)
    http_equiv = '<meta http-equiv="Content-Type" content="text/html; charset=GBK">' + without_meta
    for variant in (as_declared_gb2312, without_meta, http_equiv):
        assert html.read(variant.encode("gbk"), None).blocks == base


def test_gbk_short_page_without_meta() -> None:
    page = "<p>平潭综合实验区政府信息公开工作年度报告</p><table><tr><td>自然人</td><td>217</td></tr></table>"
    doc = html.read(page.encode("gbk"), None)
    assert doc.blocks[0].text == "平潭综合实验区政府信息公开工作年度报告"


def test_gb2312_is_read_as_gb18030() -> None:
    # 镕 is outside GB2312 and GBK-only pages declared gb2312 still use it
    page = '<meta charset="gb2312"><p>朱镕基</p>'.encode("gb18030")
    assert html.read(page, None).blocks[0].text == "朱镕基"


def test_utf8_bom() -> None:
    assert html.read("\ufeff<p>总计</p>".encode(), None).blocks[0].text == "总计"


WORD_PASTED = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<p class=MsoNormal><span lang=EN-US>20</span><span lang=EN-US>23</span><span>年，主动公开规
章</span><span lang=EN-US>1</span><span
lang=EN-US>3</span><span>件<o:p></o:p></span></p>
<p><span>来源：办公室</span>
   <span>时间：2025-03-10</span></p>
<!--[if gte mso 9]><xml>999</xml><![endif]-->
<table border=1>
 <tr><td>项目</td><td><p>商业</p>\n  <p>&nbsp;企业</p></td><td>结果<br/>纠正</td><td><p>法律<br>服务<br>机构</p></td></tr>
 <tr><td>本年新收</td><td><p align=center><span>1</span><span>2</span><o:p></o:p></p></td>
     <td><p align=center>&nbsp;</p></td><td>&nbsp;</td></tr>
 <tr><td>分段数字</td><td><p>12</p><p>34</p></td><td><o:p></o:p></td><td>\u3000</td></tr>
</table>
<p>第一行<br>第二行</p>
</body></html>"""


def test_word_pasted_markup() -> None:
    doc = html.read(WORD_PASTED.encode(), None)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # Word wraps its HTML inside tags and text; neither shows, so nothing is inserted
    assert paragraphs[0] == "2023年，主动公开规章13件"
    # whitespace between two inline elements shows as a space in a browser, so it stays one
    assert paragraphs[1] == "来源：办公室 时间：2025-03-10"
    assert "999" not in " ".join(paragraphs)  # conditional comments are comments
    assert paragraphs[2:] == ["第一行", "第二行"]  # <br> outside tables ends a paragraph
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    texts = [[c.text for c in r] for r in table.rows]
    assert texts[0] == ["项目", "商业企业", "结果纠正", "法律服务机构"]
    assert texts[1] == ["本年新收", "12", "", ""]
    assert texts[2] == ["分段数字", "12 34", "", ""]  # two numbers in two paragraphs never glue


def test_spans_expand_and_clip() -> None:
    page = """<table>
      <tr><td rowspan="3" colspan="2">角</td><td colspan=2>甲</td></tr>
      <tr><td>乙</td><td rowspan=9>丙</td></tr>
      <tr><td>丁</td></tr>
      <tr><td>1</td><td>2</td><td>3</td></tr>
    </table>"""
    (table,) = html.read(page.encode(), None).blocks
    assert isinstance(table, Table) and table.exact
    _assert_true_grid(table)
    assert [[("^" if c.continued else c.text) for c in r] for r in table.rows] == [
        ["角", "^", "甲", "^"],
        ["^", "^", "乙", "丙"],
        ["^", "^", "丁", "^"],
        ["1", "2", "3", "^"],
    ]
    assert table.rows[1][3].rowspan == 3  # rowspan=9 stops at the last row


def test_ragged_rows_are_padded_and_flagged() -> None:
    page = "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>1</td></tr></table>"
    doc = html.read(page.encode(), None)
    (table,) = doc.blocks
    assert [c.text for c in table.rows[1]] == ["1", "", ""]
    assert table.exact is False  # the two padded positions are not cells of the source
    assert doc.warnings


def test_empty_rows_are_not_grid_rows() -> None:
    page = "<table><tr><td>a</td><td>b</td></tr><tr></tr><tr><td>1</td><td>2</td></tr></table>"
    (table,) = html.read(page.encode(), None).blocks
    assert [[c.text for c in r] for r in table.rows] == [["a", "b"], ["1", "2"]] and table.exact


def test_hostile_spans_are_bounded() -> None:
    row = "<tr>" + '<td rowspan="65534" colspan="100000">x</td>' * 50 + "</tr>"
    page = f"<p>前言</p><table>{row * 50}</table><table>{row * 3}</table>"
    doc = html.read(page.encode(), None)  # the grid is capped, so its cost is bounded by construction
    assert doc.warnings
    for b in doc.blocks:
        if isinstance(b, Table):
            assert all(c.colspan <= html.MAX_SPAN for r in b.rows for c in r)
            assert len(b.rows) * len(b.rows[0]) <= html.MAX_TABLE_POSITIONS


def test_runaway_pages_are_cut_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_BLOCKS", 5)
    doc = html.read(b"<p>x</p>" * 100, None)
    assert len(doc.blocks) == 5 and len(doc.warnings) == 1
    monkeypatch.setattr(html, "MAX_ELEMENTS", 50)
    doc = html.read(b"<p><span>1</span>" + b"<span>2</span>" * 100 + b"</p>", None)
    assert doc.blocks[0].text.startswith("12222") and doc.warnings


def test_nested_table_is_its_own_block() -> None:
    page = """<table>
      <tr><td>名称</td><td>说明<table><tr><td>内</td><td>5</td></tr><tr><td>外</td><td>6</td></tr></table></td></tr>
      <tr><td>甲</td><td>乙</td></tr>
    </table><p>后记</p>"""
    blocks = html.read(page.encode(), None).blocks
    assert [type(b).__name__ for b in blocks] == ["Table", "Table", "Paragraph"]
    outer, inner, _ = blocks
    assert [[c.text for c in r] for r in outer.rows] == [["名称", "说明"], ["甲", "乙"]]
    assert [[c.text for c in r] for r in inner.rows] == [["内", "5"], ["外", "6"]]
    # tables counted in document order, the outer one first; each cell its own line and place
    assert (outer.where.table, inner.where.table) == (1, 2)
    assert [(c.where.line, c.where.row, c.where.col) for c in inner.rows[1]] == [(2, 2, 1), (2, 2, 2)]
    assert [(c.where.line, c.where.row, c.where.col) for c in outer.rows[1]] == [(3, 2, 1), (3, 2, 2)]


def test_span_positions_have_their_own_place() -> None:
    page = """<table>
<tr><td rowspan="2">分类</td><td colspan="2">数量</td></tr>
<tr><td>1</td><td>2</td></tr>
<tr></tr>
<tr><td>合计</td><td>3</td></tr>
</table>"""
    (table,) = html.read(page.encode(), None).blocks
    places = [[(c.where.line, c.where.row, c.where.col, c.continued) for c in r] for r in table.rows]
    assert places == [
        [(2, 1, 1, False), (2, 1, 2, False), (2, 1, 3, True)],
        [(2, 2, 1, True), (3, 2, 2, False), (3, 2, 3, False)],
        # the empty <tr> is dropped from the grid but still counted: rows as the source has them
        [(5, 4, 1, False), (5, 4, 2, False), (5, 4, 3, False)],
    ]
    assert table.rows[2][1].where.describe() == "第1个表格第4行第2列（源文件第5行）"


def test_layout_wrapper_is_skipped() -> None:
    page = """<table width="100%"><tr><td>
        <p>二、主动公开政府信息情况</p>
        <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
        <p>三、收到和处理政府信息公开申请情况</p>
      </td></tr></table>"""
    blocks = html.read(page.encode(), None).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert blocks[1].rows[1][1].text == "3"


def test_site_chrome_is_dropped_but_not_tables() -> None:
    page = """<html><head><title>标题_网站</title><style>p{}</style></head><body>
      <div class="header_line"><a href="/">首页</a></div>
      <nav><a>政务公开</a></nav>
      <ul id="mainMenu"><li>菜单</li></ul>
      <div class="article_header"><div class="title">某区2024年政府信息公开工作年度报告</div></div>
      <div class="nav_box"><table><tr><td>规章</td><td>1</td></tr></table></div>
      <script>var x = "脚本";</script>
      <div id="footer">版权所有</div>
    </body></html>"""
    blocks = html.read(page.encode(), None).blocks
    assert [b.text if isinstance(b, Paragraph) else "<table>" for b in blocks] == [
        "某区2024年政府信息公开工作年度报告",
        "<table>",
    ]


def test_billion_laughs_is_harmless() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
        "<html><body><p>&lol9;</p><table><tr><td>&lol9;</td><td>1</td></tr></table></body></html>"
    )
    t0 = time.perf_counter()
    doc = html.read(page.encode(), None)
    assert time.perf_counter() - t0 < 0.5
    assert doc.blocks[0].text == "&lol9;"  # left unexpanded, as a browser would show it
    assert len(doc.plain_text()) < 100


@pytest.mark.parametrize(
    "data",
    [b"<html></html>", b"<!-- nothing -->", b"<script>x()</script>", b"<div>" * 100_000, b"<table>" * 20_000],
)
def test_pages_without_text_raise_xxgk_errors(data: bytes) -> None:
    with pytest.raises(errors.XxgkError) as info:
        html.read(data, "page.html")
    assert info.value.path == "page.html"


def test_garbage_never_raises_a_raw_exception() -> None:
    for data in (b"<p>\xff\xfe\x00\x81\x82</p>", b"<<<<>>>>", b"<p>" + bytes(range(256)) * 10):
        with contextlib.suppress(errors.XxgkError):
            html.read(data, None)


def test_dispatch_through_read_bytes() -> None:
    doc = read_bytes("<p>平潭综合实验区</p>".encode(), "x.html")
    assert doc.media_type == "text/html" and doc.sha256 and doc.path == "x.html"
