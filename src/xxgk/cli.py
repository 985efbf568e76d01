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

from xxgk import batch, limits

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk")
def main() -> None:
    """xxgk：政府信息公开工作年度报告的读取与核对工具。"""


def run() -> None:
    """The `xxgk` program (and `python -m xxgk`): the process limits, then the commands. Not in
    `main` itself, which also runs inside other processes (tests, embedding) that keep theirs."""
    limits.apply_memory_limit()  # XXGK_MEMORY_LIMIT: this process reads files too (one or few)
    limits.exit_on_terminate()  # `kill` stops workers and LibreOffice and removes temporary folders
    main()


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
