"""The store's commands: ingest, agencies, coverage, crosscheck, correct, review, export.

A thin shell over xxgk.store: parse the arguments, call the library, present the result."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from xxgk import errors
from xxgk.cli_messages import Command, Group

if TYPE_CHECKING:  # rich is imported where it prints: `check --json` of one file never loads it
    from rich.console import Console

_DB_HELP = "数据库：SQLite 文件路径或 postgresql://… 网址（默认取环境变量 XXGK_DB，否则 ~/.local/share/xxgk/store.db）"


cluster_option = click.option(
    "--cluster",
    "cluster_spec",
    default=None,
    envvar="XXGK_CLUSTER",
    metavar="地址",
    help="在 Dask 集群上读取：tcp://主机:8786（已启动的集群）或 local:N（本机 N 个工作进程）；默认本机进程池",
)


def progress_bar(label: str) -> Any:
    """The command line's progress bar on standard error (rich), gone when done."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _db_option(fn: Callable) -> Callable:
    return click.option("--db", "db", default=None, help=_DB_HELP, metavar="网址")(fn)


@contextmanager
def _store(db: str | None) -> Iterator[Any]:
    from xxgk.store import open_store

    try:
        yield open_store(db)
    except errors.XxgkError as exc:
        click.echo(exc.describe(), err=True)
        sys.exit(2)


def _fail(exc: errors.XxgkError) -> None:
    click.echo(exc.describe(), err=True)
    sys.exit(2)


def _console() -> Console:
    """Terminal output; when piped, wide and unwrapped so that lines stay whole."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not tty, width=None if tty else 160)


def _who(who: str | None) -> str:
    return who or getpass.getuser()


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, metavar="路径…")
@_db_option
@click.option("-j", "--jobs", type=int, default=None, help="并行进程数（默认为 CPU 核数）", metavar="进程数")
@cluster_option
def ingest(paths: tuple[str, ...], db: str | None, jobs: int | None, cluster_spec: str | None) -> None:
    """把报告读入库中：每份报告连同原文件、每个单元格和每个问题一起保存。

    按内容去重：同一文件读两次，库里还是一份；中途被打断，再运行一次即可接着完成。"""
    from contextlib import nullcontext
    from functools import partial

    from xxgk import cluster
    from xxgk.store.ingest import ingest

    with _store(db) as store, cluster.executor(cluster_spec) if cluster_spec else nullcontext() as pool:
        run = partial(ingest, pool=pool)
        if sys.stderr.isatty():
            with progress_bar("入库") as bar:
                task = bar.add_task("", total=None)
                summary = run(
                    store, paths, jobs, progress=lambda d, t: bar.update(task, completed=d, total=t)
                )
        else:
            summary = run(store, paths, jobs)
    for path, message in summary.not_read:
        click.echo(f"无法读取 {path}：{message}", err=True)
    click.echo(
        f"入库完成：共 {summary.files} 个文件，新存 {summary.stored} 份"
        f"（报告 {summary.reports}，无法读取 {summary.errors}），"
        f"此前已入库 {summary.skipped_known}，重复 {summary.duplicates}，未能打开 {len(summary.not_read)}"
        f"，跳过 {summary.skipped} 个锁定、备份或隐藏文件。"
    )
    sys.exit(2 if summary.not_read else 0)


@click.group(cls=Group)
def agencies() -> None:
    """机关名录：导入、待匹配队列和人工指定。"""


@agencies.command("import", cls=Command)
@click.argument("file", metavar="文件")
@_db_option
def agencies_import(file: str, db: str | None) -> None:
    """导入机关名录（CSV 或 XLSX；列：名称、别名、级别、上级、统一社会信用代码）。"""
    from xxgk.store.bodies import import_register, read_register

    with _store(db) as store:
        try:
            rows = read_register(file)
            with store.engine.begin() as conn:
                result = import_register(conn, rows)
        except errors.XxgkError as exc:
            _fail(exc)
    for n, message in result.errors or []:
        click.echo(f"{file} 第{n}行：{message}", err=True)
    click.echo(
        f"导入完成：新增 {result.added} 个机关，更新 {result.updated} 个，{len(result.errors or [])} 行有误。"
    )
    sys.exit(1 if result.errors else 0)


@agencies.command("template", cls=Command)
@click.option("-o", "--output", required=True, help="写入的 CSV 文件", metavar="文件")
def agencies_template(output: str) -> None:
    """写出机关名录模板（CSV）。"""
    from xxgk.store.bodies import template_csv
    from xxgk.store.export import write_text

    try:
        write_text(output, template_csv(), encoding="utf-8-sig")
    except errors.XxgkError as exc:
        _fail(exc)
    click.echo(f"已写入机关名录模板 {output}", err=True)


@agencies.command("queue", cls=Command)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def agencies_queue(db: str | None, as_json: bool) -> None:
    """列出尚未对应到机关的报告（名录中找不到，或可对应多个机关）。"""
    from xxgk.store.bodies import queue

    with _store(db) as store, store.engine.connect() as conn:
        rows = queue(conn)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title=f"待匹配的报告（{len(rows)} 份）")
    for col in ("编号", "文件", "所印机关", "年度", "原因"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["id"]), r["path"], r["agency"] or "—", str(r["year"] or "—"), r["match_reason"])
    _console().print(table)


@agencies.command("assign", cls=Command)
@click.argument("report", metavar="报告")
@click.argument("body", metavar="机关")
@_db_option
@click.option("--who", default=None, help="操作人（默认为当前用户名）", metavar="姓名")
def agencies_assign(report: str, body: str, db: str | None, who: str | None) -> None:
    """把报告（编号、哈希前缀或路径）指定给机关（编号或名称）。"""
    from xxgk.store.bodies import assign

    with _store(db) as store:
        try:
            with store.engine.begin() as conn:
                sha, target = assign(conn, report, body, _who(who))
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(f"已将报告 {sha[:12]} 指定给 {target['name']}（编号 {target['id']}）")


@click.command(cls=Command)
@click.option("--region", required=True, help="地区或机关（名称或编号），含其下全部机关", metavar="地区")
@click.option(
    "--year", "years", type=int, multiple=True, required=True, help="年度（可写多次）", metavar="年度"
)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def coverage(region: str, years: tuple[int, ...], db: str | None, as_json: bool) -> None:
    """某地区某年度的报送情况：哪些机关按时发布、逾期、未报（《条例》第四十九条）。"""
    from xxgk.store.coverage import STATE_ZH
    from xxgk.store.coverage import coverage as run

    with _store(db) as store, store.engine.connect() as conn:
        try:
            entries = run(conn, region, list(years))
        except errors.XxgkError as exc:
            _fail(exc)
    if as_json:
        out = [
            {
                "body_id": e.body["id"],
                "body": e.body["name"],
                "level": e.body["level"],
                "year": e.year,
                "state": e.state,
                "deadline": e.deadline,
                "reports": e.reports,
            }
            for e in entries
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title=f"{region} 报送情况")
    table.add_column("机关")
    for y in years:
        table.add_column(f"{y}年度")
    rows: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for e in entries:
        names[e.body["id"]] = "　" * e.body["depth"] + e.body["name"]
        mark = STATE_ZH[e.state] + ("（重复）" if e.duplicate else "")
        rows.setdefault(e.body["id"], []).append(mark)
    for body_id, marks in rows.items():
        table.add_row(names[body_id], *marks)
    _console().print(table)
    counts = {s: sum(e.state == s for e in entries) for s in STATE_ZH}
    click.echo("，".join(f"{STATE_ZH[s]} {n}" for s, n in counts.items()))


@click.command(cls=Command)
@click.option("--region", default=None, help="只核对此地区（名称或编号）", metavar="地区")
@click.option("--year", type=int, default=None, help="只核对此年度（与上一年对照）", metavar="年度")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def crosscheck(region: str | None, year: int | None, db: str | None, as_json: bool) -> None:
    """库内交叉核对：每个机关的跨年度衔接、重复报告、报告之间雷同的文字。"""
    from dataclasses import asdict

    from xxgk.store.checks import check_store

    with _store(db) as store, store.engine.connect() as conn:
        result = check_store(conn, region, year)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=1))
        return
    for f in result.yoy:
        click.echo(f"[{f['severity']}] {f['body']} {f['year']}年：{f['message']}（{f['code']}）")
    for d in result.duplicate_files:
        click.echo(f"同一文件出现多次：{'；'.join(d['paths'])}")
    for d in result.duplicate_reports:
        click.echo(
            f"{d['body']} {d['year']}年有 {len(d['reports'])} 份不同的报告：{'；'.join(r['path'] for r in d['reports'])}"
        )
    for c in result.copied:
        where = f"{c.other_year}年报告" if c.between_years else f"{c.other_body}的报告"
        click.echo(
            f"{c.body or c.sha256[:12]} {c.year}年报告有 {c.share:.0%} 的句子（{c.sentences} 句）与{where}相同"
        )
    click.echo(
        f"跨年度问题 {len(result.yoy)} 条，重复文件 {len(result.duplicate_files)} 组，"
        f"重复报告 {len(result.duplicate_reports)} 组，文字雷同 {len(result.copied)} 对。"
    )


@click.command(cls=Command)
@click.argument("report", metavar="报告")
@click.argument("cell", metavar="单元格")
@click.argument("value", metavar="数值")
@_db_option
@click.option("--comment", default="", help="说明", metavar="说明")
@click.option("--who", default=None, help="操作人（默认为当前用户名）", metavar="姓名")
def correct(report: str, cell: str, value: str, db: str | None, comment: str, who: str | None) -> None:
    """更正库中报告的一个单元格（VALUE 写数字，或写 blank 表示原表为空）。重新入库不会覆盖更正。"""
    from xxgk.store.annotations import correct as run

    number = None if value.lower() in ("blank", "空") else _number(value)
    with _store(db) as store:
        try:
            with store.engine.begin() as conn:
                sha = run(conn, report, cell, number, _who(who), comment)
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(f"已更正报告 {sha[:12]} 的 {cell}")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        _fail(errors.XxgkError(errors.BAD_ARGUMENT, f"“{text}”不是数字"))
        raise


@click.command(cls=Command)
@click.argument("report", metavar="报告")
@click.argument("code", metavar="问题编号")
@click.argument("state", type=click.Choice(["confirmed", "dismissed"]), metavar="confirmed|dismissed")
@_db_option
@click.option(
    "--cells", default="", help="同一问题出现多次时，用单元格（逗号分隔）指明是哪一条", metavar="单元格"
)
@click.option("--comment", default="", help="说明", metavar="说明")
@click.option("--who", default=None, help="操作人（默认为当前用户名）", metavar="姓名")
def review(
    report: str, code: str, state: str, db: str | None, cells: str, comment: str, who: str | None
) -> None:
    """审阅库中报告的一个问题：confirmed（确认）或 dismissed（驳回）。重新入库不会丢失。"""
    from xxgk.store.annotations import review as run

    with _store(db) as store:
        try:
            with store.engine.begin() as conn:
                sha = run(conn, report, code, state, _who(who), comment, cells)  # type: ignore[arg-type]
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(f"已审阅报告 {sha[:12]} 的问题 {code}：{state}")


@click.command(cls=Command)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "jsonl"]), required=True, help="输出格式"
)
@click.option("-o", "--output", required=True, help="输出文件（写完才替换）", metavar="文件")
@click.option(
    "--what",
    type=click.Choice(["cells", "reports", "findings", "coverage"]),
    default="cells",
    help="导出内容：单元格（长表）、报告（宽表）、问题、报送情况",
)
@click.option("--year", type=int, default=None, help="只导出此年度", metavar="年度")
@click.option("--region", default=None, help="只导出此地区（名称或编号）", metavar="地区")
@_db_option
def export(fmt: str, output: str, what: str, year: int | None, region: str | None, db: str | None) -> None:
    """导出库中数据供研究使用（各列的含义见 docs/exports.md）。"""
    from xxgk.store.export import rows_for, write

    with _store(db) as store:
        try:
            with store.engine.connect() as conn:
                columns, rows = rows_for(conn, what, year, region)
            write(columns, rows, fmt, output)
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(f"已导出 {len(rows)} 行到 {output}", err=True)
