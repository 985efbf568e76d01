"""The `xxgk` command: a thin shell over the library.

Exit codes (every command): 0 done; 1 `check` found an error in a report, `score` missed its
thresholds; 2 an input file could not be read (or bad usage, or an output that cannot be
written); 130 interrupted (Ctrl-C), with no output file written."""

from __future__ import annotations

import errno
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import nullcontext
from pathlib import Path
from typing import IO

import click

from xxgk import batch, cli_messages, errors, limits
from xxgk.cli_store import _console, cluster_option, progress_bar

cli_messages.install()  # before the options below are declared: some take their words then

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130


class _Fatal(click.ClickException):
    """A Chinese message and exit 2: an output that cannot be written, a truth file that cannot be read."""

    exit_code = EXIT_UNREADABLE


class _Group(cli_messages.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\n已中断（Ctrl-C）：读取进程已全部停止，输出文件没有写入", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk")
def main() -> None:
    """xxgk：政府信息公开工作年度报告的读取与核对工具。

    退出码：0 完成；1 核对发现错误（check）或未达到评分门槛（score）；2 有文件无法读取、用法有误或无法写入输出；130 被中断（Ctrl-C），不留下输出文件。"""


def run() -> None:
    """The `xxgk` program (and `python -m xxgk`): the process limits, then the commands. Not in
    `main` itself, which also runs inside other processes (tests, embedding) that keep theirs."""
    limits.apply_memory_limit()  # XXGK_MEMORY_LIMIT: this process reads files too (one or few)
    limits.exit_on_terminate()  # `kill` stops workers and LibreOffice and removes temporary folders
    main()


def _progress_outcomes(
    files: list[str], jobs: int | None, as_json: bool = False, cluster_spec: str | None = None
) -> Iterator[batch.Outcome]:
    """The batch's outcomes in input order, read by the local pool or on a Dask cluster."""
    from xxgk import cluster

    try:
        with cluster.executor(cluster_spec) if cluster_spec else nullcontext() as pool:
            yield from _run_with_progress(files, jobs, as_json, pool)
    except errors.XxgkError as exc:
        raise _Fatal(exc.describe()) from exc


def _run_with_progress(
    files: list[str], jobs: int | None, as_json: bool, pool: Executor | None
) -> Iterator[batch.Outcome]:
    show = sys.stderr.isatty() and len(files) > 1
    if not show:
        yield from batch.run(files, jobs, as_json=as_json, pool=pool)
        return
    with progress_bar("读取报告") as bar:
        task = bar.add_task("", total=len(files))
        yield from batch.run(files, jobs, as_json=as_json, pool=pool, progress=lambda n: bar.advance(task, n))


def _inputs(paths: tuple[str, ...]) -> batch.Inputs:
    inputs = batch.walk(list(paths))
    if inputs.skipped:
        click.echo(
            f"跳过 {len(inputs.skipped)} 个不是报告的文件（Office 锁定文件、隐藏文件或编辑器备份）", err=True
        )
    if not inputs.files:
        raise click.UsageError("没有找到要读取的文件（请给出文件、文件夹或 - 表示标准输入）")
    return inputs


def _files(paths: tuple[str, ...]) -> list[str]:
    """The files to read (for commands that need no count of skipped files)."""
    return _inputs(paths).files


def _outputs_writable(*targets: tuple[str, str | None]) -> None:
    """Refuse, before reading anything, an output whose folder does not exist."""
    for option, target in targets:
        if not target:
            continue
        path = Path(target)
        if path.is_dir():
            raise click.BadParameter(f"{target} 是一个文件夹，请给出文件名", param_hint=option)
        if path.exists() and not path.is_file():
            continue  # /dev/stdout, a pipe: written to as it is
        if not path.resolve().parent.is_dir():
            raise click.BadParameter(f"目录 {path.parent} 不存在", param_hint=option)


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "目录不存在",
    errno.EISDIR: "这是一个文件夹",
}


def _os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0, f"系统错误 {exc.errno}")


def _say(outcome: batch.Outcome) -> None:
    """The line on stderr for an input that gives no report."""
    if outcome.error is not None:
        click.echo(f"无法读取 {outcome.error.describe()}", err=True)
    elif outcome.duplicate_of is not None:
        click.echo(f"重复文件 {outcome.path}：与 {outcome.duplicate_of} 内容相同，只读取一次", err=True)


class _Output:
    """stdout, or a file written whole or not at all (temp file + rename). A target that exists
    and is no regular file (/dev/stdout, a pipe, a device) is written to directly, never replaced."""

    def __init__(self, path: str | None, binary: bool = False) -> None:
        self.path = path
        self.binary = binary
        self.tmp: tempfile._TemporaryFileWrapper | None = None
        self.direct: IO | None = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.path is None:
            return sys.stdout.buffer if self.binary else sys.stdout
        target = Path(self.path)
        if target.exists() and not target.is_file():
            self.direct = open(
                target, "wb" if self.binary else "w", encoding=None if self.binary else "utf-8"
            )
            return self.direct
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
        if self.direct is not None:
            self.direct.close()
            return
        if self.tmp is None:
            sys.stdout.flush()
            return
        self.tmp.close()
        if exc_type is None:
            # temp files are created private (0600); the result gets the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp.name, 0o666 & ~umask)
            os.replace(self.tmp.name, self.path)  # type: ignore[arg-type]
        else:
            os.unlink(self.tmp.name)


# options several commands share
paths_argument = click.argument("paths", nargs=-1, required=True, metavar="路径…")
jobs_option = click.option(
    "-j", "--jobs", type=int, default=None, metavar="进程数", help="并行进程数（默认为 CPU 核数）"
)


def output_option(*decls: str, help: str):  # type: ignore[no-untyped-def]
    """An output file (checked before anything is read: see `_outputs_writable`)."""
    return click.option(*decls, type=click.Path(dir_okay=False), metavar="文件", help=help)


@main.command()
@paths_argument
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（多个文件时为数组）")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="每个文件输出一行 JSON")
@output_option("-o", "--output", help="写入文件（写完才替换，不会留下半截文件）")
@jobs_option
@cluster_option
def extract(
    paths: tuple[str, ...],
    as_json: bool,
    as_jsonl: bool,
    output: str | None,
    jobs: int | None,
    cluster_spec: str | None,
) -> None:
    """读取报告，输出结构化数据（JSON）。

    每个输入文件一条记录：报告、重复文件（内容与前面某个文件相同，只读取一次）或无法读取的说明。路径可以是文件、文件夹或 -（标准输入）；读取文件夹时跳过 Office 锁定文件、隐藏文件和编辑器备份。

    退出码：0 全部读取；2 有文件无法读取；130 被中断。"""
    _outputs_writable(("-o", output))
    files = _files(paths)
    failed = False
    single = len(files) == 1
    try:
        with _Output(output) as out:
            if not as_jsonl and not single:
                out.write("[")
            for k, outcome in enumerate(_progress_outcomes(files, jobs, not single, cluster_spec)):
                _say(outcome)
                failed = failed or outcome.error is not None
                text = outcome.record_json(indent=1 if single and not as_jsonl else None)
                out.write(text + "\n" if as_jsonl else ("" if k == 0 else ",\n") + text)
            if not as_jsonl:
                out.write("\n" if single else "]\n")
    except OSError as exc:
        raise _Fatal(f"无法写入 {output or '标准输出'}：{_os_reason(exc)}") from exc
    sys.exit(EXIT_UNREADABLE if failed else 0)


@main.command()
@paths_argument
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出每个文件的记录（报告及其问题）")
@click.option("--no-tables", is_flag=True, help="只列出问题，不显示表格")
@output_option("--html", "html_path", help="另存为一个网页（含表格、标出的单元格和问题）")
@output_option("--xlsx", "xlsx_path", help="另存为 Excel 工作簿（问题清单和表格数据）")
@jobs_option
@cluster_option
def check(
    paths: tuple[str, ...],
    as_json: bool,
    no_tables: bool,
    html_path: str | None,
    xlsx_path: str | None,
    jobs: int | None,
    cluster_spec: str | None,
) -> None:
    """核对报告：显示三张表和发现的问题。

    同一机关相邻年度的报告还会跨年度核对；一批文件结束时给出汇总（重复文件、跳过的文件、同一机关同一年度的多份报告）。

    退出码：0 没有错误；1 有报告存在错误；2 有文件无法读取；130 被中断。"""
    from xxgk.audit.yoy import audit_batch, release
    from xxgk.render.summary import Duplicate, Unreadable, print_summary, summarise

    _outputs_writable(("--html", html_path), ("--xlsx", xlsx_path))
    inputs = _inputs(paths)
    outcomes = []
    for outcome in _progress_outcomes(inputs.files, jobs, cluster_spec=cluster_spec):
        _say(outcome)
        if outcome.report is not None:  # keep only what the batch summary and cross-year checks read
            outcome.report = release(outcome.report, keep_facts=as_json)
        outcomes.append(outcome)
    reports = [o.report for o in outcomes if o.report is not None]
    unreadable = [Unreadable(o.path, o.error.describe()) for o in outcomes if o.error is not None]
    duplicates = [Duplicate(o.path, o.duplicate_of) for o in outcomes if o.duplicate_of is not None]
    audit_batch(reports)
    same = batch.flag_same_agency_year(reports)
    summary = summarise(
        reports, unreadable, len(inputs.files), duplicates, len(inputs.skipped), same, inputs.files
    )
    if as_json:  # written record by record: a batch of thousands never becomes one string
        if len(outcomes) == 1:
            click.echo(json.dumps(outcomes[0].record(), ensure_ascii=False, indent=1))
        else:
            for k, o in enumerate(outcomes):
                sys.stdout.write(("[" if k == 0 else ",\n") + json.dumps(o.record(), ensure_ascii=False))
            sys.stdout.write("]\n" if outcomes else "[]\n")
    else:
        from xxgk.render.terminal import render  # rich: not loaded for JSON output

        console = _console()
        for report in reports:
            render(report, console, tables=not no_tables)
        if len(inputs.files) > 1 or unreadable or inputs.skipped:
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
        raise _Fatal(f"无法写入{what} {path}：{_os_reason(exc)}") from exc
    click.echo(f"已写入{what} {path}", err=True)


@main.command()
@click.argument("truths", nargs=-1, required=True, type=click.Path(exists=True), metavar="真值文件或文件夹…")
@click.option(
    "--min-accuracy", type=float, default=0.99, show_default=True, metavar="比例", help="准确率下限"
)
@click.option(
    "--min-nonzero", type=float, default=0.0, show_default=True, metavar="比例", help="非零单元格准确率下限"
)
@click.option(
    "--max-silent", type=int, default=0, show_default=True, metavar="个数", help="未提示的错误的上限"
)
@click.option("--strict-meta", is_flag=True, help="机关或年度与真值不符时也判为不通过")
@click.option("-v", "--verbose", is_flag=True, help="逐个列出未提示的错误和未读出的单元格")
@jobs_option
def score(
    truths: tuple[str, ...],
    min_accuracy: float,
    min_nonzero: float,
    max_silent: int,
    strict_meta: bool,
    verbose: bool,
    jobs: int | None,
) -> None:
    """按真值文件逐个单元格评分。

    读取每个真值文件（*.truth.json）所指的报告，统计一致、未读出和未提示的错误（读出的数字与真值不同而没有任何提示）。

    退出码：0 达到门槛；1 未达到门槛；2 没有可评分的真值文件。"""
    from xxgk import score as scoring

    files = scoring.truth_files(truths)
    try:
        comparisons = scoring.score(files, jobs)
        totals = scoring.Totals()
        for c in comparisons:
            totals.add(c)
            click.echo(_score_line(c))
            if verbose:
                for line in c.silent + c.missed:
                    click.echo(f"    {line}")
    except (OSError, ValueError, KeyError) as exc:
        raise _Fatal(f"无法读取真值文件：{exc}") from exc
    if not totals.total:
        click.echo("没有可评分的单元格（没有找到 *.truth.json）", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(
        f"合计 {totals.match}/{totals.total} = {totals.accuracy:.4f}（准确率），"
        f"非零单元格 {totals.nz_match}/{totals.nz_total} = {totals.nonzero:.4f}，"
        f"未提示的错误 {totals.silent} 个，共 {totals.reports} 份报告"
        + (f"，{totals.meta_bad} 份机关或年度与真值不符" if totals.meta_bad else "")
    )
    passed = totals.passes(scoring.Thresholds(min_accuracy, min_nonzero, max_silent, strict_meta))
    sys.exit(0 if passed else EXIT_FINDINGS)


def _score_line(c) -> str:  # type: ignore[no-untyped-def]
    if c.error is not None:
        return f"{c.file}：无法读取：{c.error}"
    meta = f"，{'；'.join(c.meta)}" if c.meta else ""
    return f"{c.file}：{c.match}/{c.total} 个单元格一致，未提示的错误 {len(c.silent)} 个，未读出 {len(c.missed)} 个{meta}"


@main.command()
@click.option("--markdown", is_flag=True, help="输出 Markdown 表格（规则文档由此生成）")
def rules(markdown: bool) -> None:
    """列出全部核对规则：编号、严重程度、检查内容和示例。

    退出码：0。"""
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
    "--apply",
    "apply_n",
    type=int,
    default=None,
    help="采用第 N 种改法（按列出的顺序），与 -o 一起用",
    metavar="序号",
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
@click.option("--agency", metavar="机关", help="机关名称（用 --from 时可省略，取上年报告的机关）")
@click.option("--year", type=int, metavar="年度", help="报告年度（写报告或工作簿时必填）")
@output_option("--register", "register_path", help="空白申请登记簿模板（.xlsx 或 .csv）")
@output_option("-o", "--output", "docx_path", help="空白报告（.docx，官方格式）")
@output_option("--xlsx", "xlsx_path", help="填报工作簿（.xlsx）")
@click.option(
    "--from",
    "last_year",
    type=click.Path(exists=True, dir_okay=False),
    metavar="文件",
    help="上年的报告（任何 xxgk 能读的文件）",
)
@output_option("--agencies", "agencies_path", help="机关名录模板（.csv，供 xxgk agencies import）")
@click.option("--format-version", type=click.Choice(["2021", "2019"]), help="格式版本（默认按年度）")
def new_report(
    agency: str | None,
    year: int | None,
    register_path: str | None,
    docx_path: str | None,
    xlsx_path: str | None,
    last_year: str | None,
    agencies_path: str | None,
    format_version: str | None,
) -> None:
    """生成空白年度报告（官方格式的 Word 文档）和/或填报工作簿；--from 用上年报告预填；
    --agencies 写出机关名录模板。"""
    from xxgk import errors
    from xxgk.write import new

    if agencies_path:
        from xxgk.store.bodies import template_csv
        from xxgk.store.export import write_text

        write_text(agencies_path, template_csv(), encoding="utf-8-sig")
        click.echo(f"已写入机关名录模板 {agencies_path}", err=True)
        if docx_path is None and xlsx_path is None:
            return
    if register_path is not None:
        _new_register(register_path)
        if docx_path is None and xlsx_path is None:
            return
    if docx_path is None and xlsx_path is None:
        raise click.UsageError("请至少给出 -o 报告.docx、--xlsx 工作簿.xlsx 或 --agencies 名录.csv")
    if year is None:
        raise click.UsageError("写报告或工作簿时须给出 --year 年度")
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
@click.argument("data", type=click.Path(exists=True, dir_okay=False), metavar="数据")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="文件",
    help="输出文件：.docx / .html / .pdf / .md",
)
@click.option("--draft", is_flag=True, help="有错误也生成，文件带“草稿”水印并附问题清单")
@click.option(
    "--narrative",
    type=click.Choice(["auto", "keep"]),
    default=None,
    help="auto：由表格生成正文中的统计句子；keep：正文照录（默认：没有第一部分正文时 auto）",
)
@click.option(
    "--register",
    "register_path",
    type=click.Path(exists=True, dir_okay=False),
    metavar="登记簿",
    help="申请登记簿（CSV/XLSX）：表三按登记簿统计",
)
def render_report(
    data: str, output: str, draft: bool, narrative: str | None, register_path: str | None
) -> None:
    """按官方格式生成年度报告。DATA 为填报工作簿、YAML/JSON 数据或任何可读取的报告。

    生成前按全部勾稽关系和核对规则检查；有错误时不写文件、退出码为 1（--draft 除外）。"""
    from xxgk import errors
    from xxgk.render.terminal import SEVERITY_ZH
    from xxgk.write import render

    try:
        result = render(data, output, draft=draft, narrative=narrative, register=register_path)  # type: ignore[arg-type]
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
@click.argument("register_file", metavar="登记簿", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, metavar="年度", help="统计年度")
@click.option(
    "--last",
    "last_path",
    type=click.Path(dir_okay=False),
    metavar="文件",
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


def _register_store_and_workspace_commands() -> None:
    from xxgk import cli_store, cli_web

    for command in (
        cli_store.ingest,
        cli_store.agencies,
        cli_store.coverage,
        cli_store.crosscheck,
        cli_store.correct,
        cli_store.review,
        cli_store.export,
        cli_web.users,
        cli_web.tokens,
        cli_web.serve,
    ):
        main.add_command(command)


_register_store_and_workspace_commands()
