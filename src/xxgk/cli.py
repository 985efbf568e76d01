"""The `xxgk` command: a thin shell over the library."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from xxgk import batch

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk")
def main() -> None:
    """xxgk：政府信息公开工作年度报告的读取与核对工具。"""


def _progress_outcomes(files: list[str], jobs: int | None, as_json: bool = False) -> Iterator[batch.Outcome]:
    show = sys.stderr.isatty() and len(files) > 1
    if not show:
        yield from batch.run(files, jobs, as_json=as_json)
        return
    with Progress(
        TextColumn("读取报告"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(files))
        yield from batch.run(files, jobs, as_json=as_json, progress=lambda n: bar.advance(task, n))


def _console() -> Console:
    """Terminal output; when piped, wide and unwrapped so that lines stay whole."""
    tty = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not tty, width=None if tty else 160)


def _files(paths: tuple[str, ...]) -> list[str]:
    files = batch.expand(list(paths))
    if not files:
        raise click.UsageError("没有找到要读取的文件（请给出文件、文件夹或 - 表示标准输入）")
    return files


def _error_line(outcome: batch.Outcome) -> str:
    assert outcome.error is not None
    return f"无法读取 {outcome.error.describe()}"


class _Output:
    """stdout, or a file written whole or not at all (temp file + rename)."""

    def __init__(self, path: str | None, binary: bool = False) -> None:
        self.path = path
        self.binary = binary
        self.tmp: tempfile._TemporaryFileWrapper | None = None
        self.discard = False  # set when nothing worth writing came out: the old file stays

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.path is None:
            return sys.stdout.buffer if self.binary else sys.stdout
        target = Path(self.path)
        self.tmp = tempfile.NamedTemporaryFile(
            "wb" if self.binary else "w",
            encoding=None if self.binary else "utf-8",
            dir=target.parent or ".",
            delete=False,
            prefix=f".{target.name}.",
            suffix=".tmp",
        )
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        if self.tmp is None:
            sys.stdout.flush()
            return
        self.tmp.close()
        if exc_type is None and not self.discard:
            # temp files are created private (0600); the result gets the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp.name, 0o666 & ~umask)
            os.replace(self.tmp.name, self.path)  # type: ignore[arg-type]
        else:
            os.unlink(self.tmp.name)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（多个文件时为数组）")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="每个报告输出一行 JSON")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="写入文件（写完才替换，不会留下半截文件）"
)
@click.option("-j", "--jobs", type=int, default=None, help="并行进程数（默认为 CPU 核数）")
def extract(
    paths: tuple[str, ...], as_json: bool, as_jsonl: bool, output: str | None, jobs: int | None
) -> None:
    """读取报告，输出结构化数据（JSON）。PATH 可以是文件、文件夹或 -（标准输入）。"""
    files = _files(paths)
    failed = False
    single = len(files) == 1
    sink = _Output(output)
    with sink as out:
        if not as_jsonl and not single:
            out.write("[")
        first = True
        for outcome in _progress_outcomes(files, jobs, as_json=not single):
            if outcome.error is not None:
                failed = True
                click.echo(_error_line(outcome), err=True)
                obj = {
                    "schema": "xxgk.error/1",
                    "source": {"path": outcome.path},
                    "error": {"code": outcome.error.code, "message": outcome.error.message},
                }
                if single:
                    continue
            elif outcome.json is not None:
                obj = None  # serialised in the worker
            else:
                assert outcome.report is not None
                obj = outcome.report.to_json()
            text = outcome.json or json.dumps(
                obj, ensure_ascii=False, indent=None if as_jsonl or not single else 1
            )
            if as_jsonl:
                out.write(text + "\n")
            else:
                out.write(("" if first else ",\n") + text)
            first = False
        if not as_jsonl and not single:
            out.write("]\n")
        elif not as_jsonl and not first:
            out.write("\n")
        sink.discard = single and failed
    sys.exit(EXIT_UNREADABLE if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告及其问题")
@click.option("--no-tables", is_flag=True, help="只列出问题，不显示表格")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="另存为一个网页（含表格、标出的单元格和问题）",
)
@click.option(
    "--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="另存为 Excel 工作簿（问题清单和表格数据）"
)
@click.option("-j", "--jobs", type=int, default=None, help="并行进程数（默认为 CPU 核数）")
def check(
    paths: tuple[str, ...],
    as_json: bool,
    no_tables: bool,
    html_path: str | None,
    xlsx_path: str | None,
    jobs: int | None,
) -> None:
    """核对报告：显示识别出的三张表和发现的问题，同一机关相邻年度的报告还会跨年度核对。

    有错误时退出码为 1，有文件无法读取时为 2。"""
    from xxgk.audit.yoy import audit_batch
    from xxgk.render.summary import Unreadable, print_summary, summarise
    from xxgk.render.terminal import render

    for option, target in (("--html", html_path), ("--xlsx", xlsx_path)):
        if target and not Path(target).resolve().parent.is_dir():
            raise click.BadParameter(f"目录 {Path(target).parent} 不存在", param_hint=option)
    files = _files(paths)
    reports = []
    unreadable: list[Unreadable] = []
    for outcome in _progress_outcomes(files, jobs):
        if outcome.error is not None:
            unreadable.append(Unreadable(outcome.path, outcome.error.describe()))
            click.echo(_error_line(outcome), err=True)
        else:
            assert outcome.report is not None
            reports.append(outcome.report)
    audit_batch(reports)
    summary = summarise(reports, unreadable, len(files))
    if as_json:
        docs = [r.to_json() for r in reports]
        click.echo(json.dumps(docs[0] if len(files) == 1 and docs else docs, ensure_ascii=False, indent=1))
    else:
        console = _console()
        for report in reports:
            render(report, console, tables=not no_tables)
        if len(files) > 1 or unreadable:
            print_summary(summary, console)
    if html_path:
        from xxgk.render.html import render_batch as html_batch

        _write(html_path, html_batch(summary), "网页")
    if xlsx_path:
        from xxgk.render.xlsx import render_batch as xlsx_batch

        _write(xlsx_path, xlsx_batch(summary), "工作簿")
    if unreadable:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_FINDINGS if summary.failed else 0)


def _write(path: str, content: str | bytes, what: str) -> None:
    try:
        with _Output(path, binary=isinstance(content, bytes)) as out:
            out.write(content)
    except OSError as exc:
        raise click.ClickException(f"无法写入{what} {path}：{exc.strerror or exc}") from exc
    click.echo(f"已写入{what} {path}", err=True)


@main.command()
@click.option("--markdown", is_flag=True, help="输出 Markdown（docs/rules.md 由此生成）")
def rules(markdown: bool) -> None:
    """列出全部核对规则：编号、严重程度、检查内容和示例。"""
    from xxgk.audit import _load
    from xxgk.catalogue import RULES
    from xxgk.render.terminal import SEVERITY_ZH

    _load()
    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
    from rich.table import Table

    table = Table(title=f"xxgk 核对规则（共 {len(RULES)} 条）", show_lines=True)
    for col in ("编号", "严重程度", "检查内容", "示例"):
        table.add_column(col)
    for r in RULES.values():
        table.add_row(
            r.code, SEVERITY_ZH[r.severity], r.title + (f"（依据：{r.basis}）" if r.basis else ""), r.example
        )
    _console().print(table)


def rules_markdown() -> str:
    from xxgk.audit import _load
    from xxgk.catalogue import RULES
    from xxgk.render.terminal import SEVERITY_ZH

    _load()
    lines = [
        "# xxgk 核对规则 / Rule catalogue",
        "",
        "本文件由 `xxgk rules --markdown` 生成，请勿手工编辑。Generated by `xxgk rules --markdown`; do not edit.",
        "",
        f"共 {len(RULES)} 条规则。",
        "",
        "| 编号 | 严重程度 | 检查内容 | 依据 | 示例 |",
        "|---|---|---|---|---|",
    ]
    for r in RULES.values():
        cells = [r.code, SEVERITY_ZH[r.severity], r.title, r.basis, r.example]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


@main.command("fix")
@click.argument("report_path", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出按可能性排列的改法")
@click.option(
    "--apply", "apply_n", type=int, default=None, help="采用第 N 种改法（按列出的顺序），与 -o 一起用"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="改正后的报告写入此文件（.json，或 .docx/.html/.pdf/.md）",
)
def fix_command(report_path: str, as_json: bool, apply_n: int | None, output: str | None) -> None:
    """表三、表四勾稽关系不成立时，列出能使全部勾稽关系成立的最少改动（先改一个单元格的，再改两个的；
    像笔误的排在前面）。同样可能的几种改法一并列出，不替您挑选。

    退出码：0 勾稽关系全部成立或已写入改正后的报告，1 勾稽关系不成立，2 文件无法读取或参数有误。"""
    from xxgk.api import extract_file
    from xxgk.audit import fix as fixing
    from xxgk.errors import XxgkError

    if (apply_n is None) != (output is None):
        raise click.UsageError("--apply N 与 -o 文件 须一起使用")
    try:
        report = extract_file(report_path)
    except XxgkError as exc:
        exc.path = exc.path or report_path
        click.echo(f"无法读取 {exc.describe()}", err=True)
        sys.exit(EXIT_UNREADABLE)
    found = fixing.fixes(report)
    if apply_n is not None:
        if not 1 <= apply_n <= len(found):
            click.echo(
                f"{report_path}：没有第 {apply_n} 种改法（共 {len(found)} 种）"
                + ("，勾稽关系已全部成立" if not found else ""),
                err=True,
            )
            sys.exit(EXIT_UNREADABLE)
        _write_fixed(fixing.apply(report, found[apply_n - 1]), output or "")
        return
    if as_json:
        click.echo(json.dumps([f.to_json() for f in found], ensure_ascii=False, indent=1))
    else:
        click.echo(_fix_text(report_path, found, fixing.consistent(report)))
    sys.exit(0 if fixing.consistent(report) else EXIT_FINDINGS)


def _fix_text(path: str, found: list, consistent: bool) -> str:
    if consistent:
        return f"{path}：表三、表四的勾稽关系全部成立（空白单元格可以补足），无需更正。"
    if not found:
        return f"{path}：表三、表四的勾稽关系不成立，只改一个或两个单元格都不能使全部等式成立，请对照原始台账逐项核对。"
    lines = [f"{path}：表三、表四的勾稽关系不成立。以下改法能使全部勾稽关系成立，按可能性排列："]
    if found[0].tied > 1:
        lines.append(
            f"注意：排在最前的 {found[0].tied} 种改法同样可能，勾稽关系无法区分，请核对原始台账后选用。"
        )
    for n, f in enumerate(found, start=1):
        tie = f"（与其他 {f.tied - 1} 种并列第 {f.rank}）" if f.tied > 1 else f"（第 {f.rank}）"
        lines.append(f"{n}. {tie}" + "；".join(e.describe() for e in f.edits))
        lines.append(f"   {f.why}")
    lines.append("采用其中一种：xxgk fix 报告 --apply 序号 -o 改正后.json（或 .docx/.html/.pdf/.md）")
    return "\n".join(lines)


def _write_fixed(report, output: str) -> None:  # type: ignore[no-untyped-def]
    from xxgk.audit.fix import plain
    from xxgk.errors import XxgkError

    target = Path(output)
    if not target.resolve().parent.is_dir():
        raise click.BadParameter(f"目录 {target.parent} 不存在", param_hint="-o")
    if target.suffix.lower() == ".json":
        _write(output, json.dumps(plain(report), ensure_ascii=False, indent=1) + "\n", "改正后的报告")
        return
    from xxgk import write

    try:
        result = write.render(report, target)
    except XxgkError as exc:
        click.echo(f"无法写入 {exc.describe()}", err=True)
        sys.exit(EXIT_UNREADABLE)
    if not result.written:
        click.echo(f"未写入 {output}：改正后的报告仍有以下错误（可改写为 .json 后自行修改）：", err=True)
        for f in result.errors:
            click.echo(f"  {f.code}：{f.message}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"已写入改正后的报告 {output}", err=True)


@main.command("new")
@click.option("--agency", help="机关名称（用 --from 时可省略，取上年报告的机关）")
@click.option("--year", type=int, help="报告年度")
@click.option(
    "--register", "register_path", type=click.Path(dir_okay=False), help="空白申请登记簿模板（.xlsx 或 .csv）"
)
@click.option(
    "-o", "--output", "docx_path", type=click.Path(dir_okay=False), help="空白报告（.docx，官方格式）"
)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="填报工作簿（.xlsx）")
@click.option(
    "--from",
    "last_year",
    type=click.Path(exists=True, dir_okay=False),
    help="上年的报告（任何 xxgk 能读的文件）",
)
@click.option("--format-version", type=click.Choice(["2021", "2019"]), help="格式版本（默认按年度）")
def new_report(
    agency: str | None,
    year: int | None,
    register_path: str | None,
    docx_path: str | None,
    xlsx_path: str | None,
    last_year: str | None,
    format_version: str | None,
) -> None:
    """生成空白年度报告（官方格式的 Word 文档）和/或填报工作簿；--from 用上年报告预填。"""
    from xxgk import errors
    from xxgk.write import new

    if register_path is not None:
        _new_register(register_path)
        if docx_path is None and xlsx_path is None:
            return
    if year is None:
        raise click.UsageError("请给出 --year 报告年度")
    if docx_path is None and xlsx_path is None:
        raise click.UsageError("请至少给出 -o 报告.docx 或 --xlsx 工作簿.xlsx")
    try:
        prefilled = new(agency, year, docx_path, xlsx_path, last_year, format_version)
    except errors.XxgkError as exc:
        click.echo(exc.describe(), err=True)
        sys.exit(EXIT_UNREADABLE)
    for item in prefilled:
        click.echo(f"已按上年报告预填：{item}", err=True)
    for path, what in ((docx_path, "空白报告"), (xlsx_path, "填报工作簿")):
        if path:
            click.echo(f"已写入{what} {path}", err=True)


@main.command("render")
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="输出文件：.docx / .html / .pdf / .md",
)
@click.option("--draft", is_flag=True, help="有错误也生成，文件带“草稿”水印并附问题清单")
@click.option(
    "--narrative",
    type=click.Choice(["auto", "keep"]),
    default=None,
    help="auto：由表格生成正文中的统计句子；keep：正文照录（默认：没有第一部分正文时 auto）",
)
def render_report(data: str, output: str, draft: bool, narrative: str | None) -> None:
    """按官方格式生成年度报告。DATA 为填报工作簿、YAML/JSON 数据或任何可读取的报告。

    生成前按全部勾稽关系和核对规则检查；有错误时不写文件、退出码为 1（--draft 除外）。"""
    from xxgk import errors
    from xxgk.render.terminal import SEVERITY_ZH
    from xxgk.write import render

    try:
        result = render(data, output, draft=draft, narrative=narrative)  # type: ignore[arg-type]
    except errors.XxgkError as exc:
        click.echo(exc.describe(), err=True)
        sys.exit(EXIT_UNREADABLE)
    for warning in result.warnings:
        click.echo(f"注意：{warning}", err=True)
    if result.computed:
        click.echo(f"已按勾稽关系算出数据未给出的 {len(result.computed)} 个合计", err=True)
    shown = [f for f in result.findings if f.severity != "info"]
    for f in shown:
        click.echo(f"[{SEVERITY_ZH[f.severity]}] {f.message}（{f.code}）", err=True)
    if not result.written:
        click.echo(
            f"未写入 {output}：报告有 {len(result.errors)} 个错误，请改正后再生成；"
            "或用 --draft 生成带“草稿”水印的文件",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    kind = "草稿" if draft and result.errors else "报告"
    click.echo(f"已写入{kind} {output}", err=True)
    sys.exit(EXIT_FINDINGS if result.errors else 0)


def _new_register(path: str) -> None:
    from xxgk import errors
    from xxgk.write.register import write_template

    try:
        data = write_template(path)
    except errors.XxgkError as exc:
        click.echo(exc.describe(), err=True)
        sys.exit(EXIT_UNREADABLE)
    if not Path(path).resolve().parent.is_dir():
        raise click.BadParameter(f"目录 {Path(path).parent} 不存在", param_hint="--register")
    _write(path, data, "申请登记簿模板")


@main.command("register")
@click.argument("register_file", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, help="统计年度")
@click.option(
    "--last",
    "last_path",
    type=click.Path(dir_okay=False),
    help="上年的登记簿或年度报告（取“结转下年度继续办理”作为上年结转）",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出表三、每件申请的期限和费用、有问题的行")
def register_command(register_file: str, year: int, last_path: str | None, as_json: bool) -> None:
    """由申请登记簿（CSV 或 XLSX）统计表三，并逐件计算法定答复期限（工作日，含调休）、已用工作日、
    是否超期，以及按国办函〔2020〕109号应收的信息处理费。

    退出码：0 全部行都能统计，1 有问题的行（逐行列出），2 文件无法读取。"""
    from xxgk import errors
    from xxgk.write import register as reg

    try:
        register = reg.read_register(register_file)
        carried = reg.carried_forward_of(last_path, year - 1) if last_path else None
        result = reg.year_result(register, year, carried)
    except errors.XxgkError as exc:
        exc.path = exc.path or register_file
        click.echo(f"无法统计 {exc.describe()}", err=True)
        sys.exit(EXIT_UNREADABLE)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(_register_text(register_file, result))
    sys.exit(EXIT_FINDINGS if result.errors else 0)


def _register_text(path: str, result) -> str:  # type: ignore[no-untyped-def]
    from xxgk.standard.table3 import TABLE3_COLUMNS
    from xxgk.write.register import row_name

    lines = [f"{path}：{result.year} 年表三（收到和处理政府信息公开申请情况）"]
    lines.append("行\t" + "\t".join(c.label for c in TABLE3_COLUMNS))
    for row, cols in result.table3.items():
        if cols["total"] or row in ("new_received", "carried_over", "results_total", "carried_forward"):
            lines.append(row_name(row) + "\t" + "\t".join(str(cols[c.key]) for c in TABLE3_COLUMNS))
    late = [c for c in result.cases if c.overdue]
    lines.append(
        f"共 {len(result.cases)} 件申请；超过法定答复期限的 {len(late)} 件" + ("：" if late else "。")
    )
    for c in late:
        when = f"{c.case.replied} 答复" if c.case.replied else f"到 {result.year}-12-31 仍未答复"
        lines.append(
            f"  编号 {c.case.id}（第 {c.case.row} 行）：应于 {c.due} 前答复，{when}，已用 {c.used} 个工作日"
        )
    for c in result.cases:
        if c.notice_late:
            lines.append(
                f"  编号 {c.case.id}（第 {c.case.row} 行）：补正告知晚于收到申请后第 7 个工作日（《条例》第三十条）"
            )
    wrong_fee = [
        c
        for c in result.cases
        if c.case.fee_charged is not None and c.case.fee_charged != c.case.fee_computed
    ]
    for c in wrong_fee:
        lines.append(
            f"  编号 {c.case.id}（第 {c.case.row} 行）：收费 {c.case.fee_charged} 元，按国办函〔2020〕109号应为 {c.case.fee_computed} 元"
        )
    if result.errors:
        lines.append(f"有 {len(result.errors)} 处问题，相关的行未计入表三：")
        for e in result.errors:
            lines.append(f"  {'第 ' + str(e.row) + ' 行' if e.row else '全表'}：{e.message}")
    return "\n".join(lines)
