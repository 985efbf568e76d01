"""The DOCX reader on documents built here with python-docx (merged cells, text boxes, numbering)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.oxml import parse_xml

from xxgk import errors
from xxgk.document import Document, Paragraph, Table
from xxgk.readers import docx as reader
from xxgk.readers import read_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _save(d: docx.document.Document) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _shape(t: Table) -> list[list[str]]:
    return [["^" if c.continued else c.text for c in r] for r in t.rows]


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _table3_like() -> bytes:
    """The head of table 3: corner 3x3, 申请人情况 across 7, 自然人 and 总计 down 2, 法人或其他组织 across 5."""
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=6, cols=10)
    t.cell(0, 0).merge(
        t.cell(2, 2)
    ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for j, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        t.cell(2, 4 + j).text = label
    t.cell(3, 0).merge(t.cell(3, 2)).text = "一、本年新收政府信息公开申请数量"
    t.cell(4, 0).merge(t.cell(5, 0)).text = "三、本年度办理结果"
    t.cell(4, 1).merge(t.cell(4, 2)).text = "（一）予以公开"
    t.cell(5, 1).text = "（三）不予公开"
    t.cell(5, 2).text = "1.属于国家秘密"
    for r, values in (
        (3, ["821", "35", "", "", "2", "1", "859"]),
        (4, ["258", "12", "", "", "1", "1", ""]),
        (5, ["14", "", "", "", "", "", ""]),
    ):
        for j, v in enumerate(values):
            t.cell(r, 3 + j).text = v
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return _save(d)


def test_merged_cells_become_a_true_grid() -> None:
    doc = reader.read(_table3_like(), "t.docx")
    assert doc.media_type == reader.MEDIA_TYPE
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    (t,) = _tables(doc)
    assert t.exact and doc.warnings == []
    assert all(len(r) == 10 for r in t.rows) and len(t.rows) == 6
    corner = t.rows[0][0]
    assert (corner.rowspan, corner.colspan) == (3, 3) and corner.text.startswith("（本列数据")
    assert all(t.rows[r][c].continued for r in range(3) for c in range(3) if (r, c) != (0, 0))
    assert (t.rows[0][3].text, t.rows[0][3].colspan) == ("申请人情况", 7)
    assert (t.rows[1][3].text, t.rows[1][3].rowspan) == ("自然人", 2) and t.rows[2][3].continued
    assert (t.rows[1][4].text, t.rows[1][4].colspan) == ("法人或其他组织", 5)
    assert (t.rows[1][9].text, t.rows[1][9].rowspan) == ("总计", 2) and t.rows[2][9].continued
    assert _shape(t)[3] == [
        "一、本年新收政府信息公开申请数量",
        "^",
        "^",
        "821",
        "35",
        "",
        "",
        "2",
        "1",
        "859",
    ]
    assert (t.rows[4][0].text, t.rows[4][0].rowspan) == ("三、本年度办理结果", 2) and t.rows[5][0].continued
    assert _shape(t)[4][1:] == ["（一）予以公开", "^", "258", "12", "", "", "1", "1", ""]
    assert _shape(t)[5][1:4] == ["（三）不予公开", "1.属于国家秘密", "14"]
    # every block says where it is: the body paragraph, the table; each cell its own grid place
    assert [(b.where.paragraph, b.where.table) for b in doc.blocks] == [(1, None), (None, 1), (2, None)]
    assert all(b.where.line is None for b in doc.blocks)
    assert all(
        (c.where.table, c.where.row, c.where.col) == (1, i + 1, j + 1)
        for i, r in enumerate(t.rows)
        for j, c in enumerate(r)
    )
    assert t.rows[3][9].where.describe() == "第1个表格第4行第10列"


def test_row_cells_of_python_docx_would_repeat_but_ours_do_not() -> None:
    data = _table3_like()
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert table.rows[0].cells[1].text == table.rows[0].cells[0].text  # python-docx repeats merged cells
    (t,) = _tables(reader.read(data, None))
    assert t.rows[0][1].text == "" and t.rows[0][1].continued


def test_grid_before_and_after_are_padding() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for j, v in enumerate(["甲", "乙", "丙"]):
        t.cell(0, j).text = v
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {NS}><w:gridBefore w:val="1"/></w:trPr>'))
    tr.tc_lst[0].append(parse_xml(f"<w:p {NS}><w:r><w:t>7</w:t></w:r></w:p>"))
    doc = reader.read(_save(d), None)
    (table,) = _tables(doc)
    assert _shape(table) == [["甲", "乙", "丙"], ["", "7", ""]]
    assert table.exact is False and doc.warnings  # the padded position is not a cell of the source
    # the column counts the gridBefore position, as Word lays the row out
    assert [(c.where.row, c.where.col) for c in table.rows[1]] == [(2, 1), (2, 2), (2, 3)]
    assert "第 1 个表格" in doc.warnings[0]


def _textbox_run(content: str) -> str:
    """A run holding a text box, as Word writes it: DrawingML with a VML fallback of the same content."""
    return (
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f"<w:txbxContent>{content}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>"
        f"</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_table_inside_a_text_box() -> None:
    d = docx.Document()
    anchor = d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    span2, restart, cont = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    box = (
        "<w:p><w:r><w:t>表4</w:t></w:r></w:p><w:tbl>"
        f"<w:tr>{_tc('行政复议', span2)}{_tc('行政诉讼')}</w:tr>"
        f"<w:tr>{_tc('结果维持')}{_tc('总计')}{_tc('总计', restart)}</w:tr>"
        f"<w:tr>{_tc('5')}{_tc('7')}{_tc('', cont)}</w:tr></w:tbl>"
    )
    anchor._p.append(parse_xml(_textbox_run(box)))
    d.add_paragraph("五、存在的主要问题及改进情况")
    doc = reader.read(_save(d), None)
    texts = [b.text if isinstance(b, Paragraph) else _shape(b) for b in doc.blocks]
    assert texts == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "表4",  # read once: the VML fallback repeats the text box
        [["行政复议", "^", "行政诉讼"], ["结果维持", "总计", "总计"], ["5", "7", "^"]],
        "五、存在的主要问题及改进情况",
    ]
    t = _tables(doc)[0]
    assert t.rows[1][2].rowspan == 2 and t.rows[0][0].colspan == 2
    # the text box's paragraph says the body paragraph it is anchored in; its table is table 1
    assert [b.where.paragraph for b in doc.blocks] == [1, 1, None, 2]
    assert (t.where.table, t.rows[2][1].where.describe()) == (1, "第1个表格第3行第2列")


def test_wide_vertical_merge_and_legacy_hmerge() -> None:
    span2 = '<w:gridSpan w:val="2"/>'
    v_restart, v_cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    h_restart, h_cont = '<w:hMerge w:val="restart"/>', "<w:hMerge/>"
    d = docx.Document()
    anchor = d.add_paragraph("表")
    tbl = (
        f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{_tc('（三）不予公开', span2 + v_restart)}{_tc('1')}</w:tr>"
        f"<w:tr>{_tc('', span2 + v_cont)}{_tc('2')}</w:tr>"
        f"<w:tr>{_tc('', span2 + v_cont)}{_tc('3')}</w:tr>"
        f"<w:tr>{_tc('合', h_restart)}{_tc('', h_cont)}{_tc('6')}</w:tr>"
        "</w:tbl>"
    )
    anchor._p.addnext(parse_xml(tbl))
    (t,) = _tables(reader.read(_save(d), None))
    assert _shape(t) == [["（三）不予公开", "^", "1"], ["^", "^", "2"], ["^", "^", "3"], ["合", "^", "6"]]
    assert (t.rows[0][0].rowspan, t.rows[0][0].colspan) == (3, 2)
    assert (t.rows[3][0].rowspan, t.rows[3][0].colspan) == (1, 2)
    assert t.exact


def test_nested_table_and_layout_wrapper() -> None:
    d = docx.Document()
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "名称"
    outer.cell(0, 1).text = "说明"
    outer.cell(1, 0).text = "甲"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内"
    inner.cell(0, 1).text = "5"
    wrapper = d.add_table(rows=1, cols=1)
    wrapper.cell(0, 0).text = "二、主动公开政府信息情况"
    data_table = wrapper.cell(0, 0).add_table(rows=2, cols=2)
    data_table.cell(0, 0).text = "规章"
    data_table.cell(0, 1).text = "3"
    data_table.cell(1, 0).text = "行政规范性文件"
    data_table.cell(1, 1).text = "12"
    doc = reader.read(_save(d), None)
    shapes = [b.text if isinstance(b, Paragraph) else _shape(b) for b in doc.blocks]
    assert shapes == [
        [["名称", "说明"], ["甲", ""]],  # the outer cell keeps only its own text
        [["内", "5"]],
        "二、主动公开政府信息情况",  # the one-cell wrapper is gone, its content read in order
        [["规章", "3"], ["行政规范性文件", "12"]],
    ]
    # tables in document order, nested ones too: outer 1, inner 2, wrapper 3, its data table 4
    tables = _tables(doc)
    assert [t.where.table for t in tables] == [1, 2, 4]
    assert tables[1].rows[0][1].where.describe() == "第2个表格第1行第2列"
    assert tables[2].rows[1][1].where.describe() == "第4个表格第2行第2列"
    assert doc.blocks[2].where.describe() == "第3个表格第1行第1列"  # the wrapper's own cell


def test_text_in_layout_boxes_says_the_innermost_cell() -> None:
    d = docx.Document()
    d.add_paragraph("前言")
    outer = d.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "外框"
    inner = outer.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "内框里的文字"
    d.add_paragraph("结语")
    blocks = reader.read(_save(d), None).blocks
    assert [(b.text, b.where.describe()) for b in blocks] == [
        ("前言", "第1段"),
        ("外框", "第1个表格第1行第1列"),
        ("内框里的文字", "第2个表格第1行第1列"),
        ("结语", "第2段"),  # text in tables is not a body paragraph
    ]


def test_table_continued_after_a_page_break_stays_two_tables() -> None:
    d = docx.Document()
    first = d.add_table(rows=2, cols=2)
    first.cell(0, 0).text, first.cell(0, 1).text = "（一）予以公开", "10"
    first.cell(1, 0).text, first.cell(1, 1).text = "（二）部分公开", "2"
    d.add_page_break()
    second = d.add_table(rows=1, cols=2)
    second.cell(0, 0).text, second.cell(0, 1).text = "（七）总计", "12"
    tables = _tables(reader.read(_save(d), None))
    assert [_shape(t) for t in tables] == [
        [["（一）予以公开", "10"], ["（二）部分公开", "2"]],
        [["（七）总计", "12"]],
    ]


def test_paragraph_text_runs_breaks_and_numbering() -> None:
    d = docx.Document()
    d.add_heading("2024年某某局政府信息公开工作年度报告", 0)
    p = d.add_paragraph()
    for piece in ("主动公开规章", "1", "3", "件"):
        p.add_run(piece)  # one number split over two runs
    p = d.add_paragraph()
    p.add_run("第一行").add_break()
    p.add_run("第二行")
    d.add_paragraph("第一项", style="List Number")
    d.add_paragraph("第二项", style="List Number")
    p = d.add_paragraph()
    p.add_run("12")
    p.add_run(" ")
    p.add_run("34")
    d.add_paragraph("")  # an empty paragraph is no paragraph a person counts
    d.add_paragraph("结束")
    blocks = reader.read(_save(d), None).blocks
    assert [b.where.paragraph for b in blocks] == [1, 2, 3, 3, 4, 5, 6, 7]
    texts = [b.text for b in blocks]
    assert texts == [
        "2024年某某局政府信息公开工作年度报告",
        "主动公开规章13件",
        "第一行",
        "第二行",
        "1.第一项",
        "2.第二项",
        "12 34",
        "结束",
    ]


def test_chinese_list_numbers() -> None:
    assert [reader.format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23, 101)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
        "一百零一",
    ]
    assert reader.format_number(3, "ideographTraditional") == "丙"
    assert reader.format_number(4, "upperRoman") == "IV"
    assert reader.format_number(2, "decimalEnclosedCircle") == "②"


def test_chinese_numbering_from_numbering_xml() -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {NS} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    numbered("总体情况", 0)
    numbered("主动公开方面", 1)
    numbered("依申请公开方面", 1)
    numbered("主动公开政府信息情况", 0)
    numbered("示例", 1)
    texts = [b.text for b in reader.read(_save(d), None).blocks]
    assert texts == [
        "一、总体情况",
        "（一）主动公开方面",
        "（二）依申请公开方面",
        "二、主动公开政府信息情况",
        "（一）示例",
    ]


def _rebuild(
    data: bytes,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if change and info.filename in change:
                content = change[info.filename](content)
            zout.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            zout.writestr(name, content)
    return out.getvalue()


def _with_doctype(doctype: str, entity_ref: str) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        head, rest = xml.split(b"?>", 1)
        return head + b"?>" + doctype.encode() + rest.replace(b"<w:t>", f"<w:t>{entity_ref}".encode(), 1)

    return change


def test_billion_laughs_fails_cleanly_and_fast() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    data = _rebuild(
        _table3_like(), {"word/document.xml": _with_doctype(f"<!DOCTYPE w:document [{entities}]>", "&lol9;")}
    )
    with pytest.raises(errors.XxgkError) as info:  # refused before any entity is expanded
        reader.read(data, "lol.docx")
    assert info.value.code == errors.DAMAGED_FILE and info.value.path == "lol.docx"


def test_external_entities_are_not_resolved() -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    data = _rebuild(_table3_like(), {"word/document.xml": _with_doctype(doctype, "&xxe;")})
    doc = reader.read(data, None)
    assert doc.blocks[0].text == "三、收到和处理政府信息公开申请情况"  # text after the reference kept
    assert doc.warnings


def test_zip_bomb_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_MAX_INFLATED", "2M")
    data = _rebuild(_table3_like(), extra={"word/media/pad.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(data) < 100_000
    with pytest.raises(errors.XxgkError) as info:
        reader.read(data, None)
    assert info.value.code == errors.DECOMPRESSION_LIMIT and "XXGK_MAX_INFLATED" in info.value.message


def test_zip_bomb_document_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_MAX_XML_BYTES", "1M")
    padding = b"<!--" + b" " * (2 * 1024 * 1024) + b"-->"
    data = _rebuild(
        _table3_like(), {"word/document.xml": lambda x: x.replace(b"</w:body>", padding + b"</w:body>")}
    )
    with pytest.raises(errors.XxgkError) as info:
        reader.read(data, None)
    assert info.value.code == errors.DECOMPRESSION_LIMIT and "word/document.xml" in info.value.message


@pytest.mark.parametrize("damage", ["truncate", "garble", "not_xml", "no_document"])
def test_damaged_files_raise_xxgk_errors(damage: str) -> None:
    data = _table3_like()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garble":
        data = data[:3000] + b"\0" * 500 + data[3500:]
    elif damage == "not_xml":
        data = _rebuild(data, {"word/document.xml": lambda _: b"<w:document <<<"})
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
            for info in zin.infolist():
                if info.filename != "word/document.xml":
                    zout.writestr(info.filename, zin.read(info.filename))
        data = out.getvalue()
    with pytest.raises(errors.XxgkError) as info:
        reader.read(data, "bad.docx")
    assert info.value.code == errors.DAMAGED_FILE


def test_template_content_type_is_read_too() -> None:
    # python-docx refuses a main part typed as a template (.dotx renamed .docx); Word opens it
    def as_template(xml: bytes) -> bytes:
        return xml.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")

    data = _rebuild(_table3_like(), {"[Content_Types].xml": as_template})
    with pytest.raises(ValueError):
        docx.Document(io.BytesIO(data))
    doc = reader.read(data, None)
    assert doc.blocks[0].text == "三、收到和处理政府信息公开申请情况"
    assert _tables(doc)[0].rows[0][3].text == "申请人情况"


def test_runaway_documents_are_cut_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_BLOCKS", 2)
    doc = reader.read(_table3_like(), None)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table"] and len(doc.warnings) == 1


def test_dispatch_through_read_bytes() -> None:
    doc = read_bytes(_table3_like(), "t.docx")
    assert doc.media_type == reader.MEDIA_TYPE and doc.path == "t.docx" and doc.sha256
