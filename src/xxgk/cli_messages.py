"""The command line in Chinese: click's own messages (usage errors, help headings, the help
option) through its gettext hooks, and the Group and Command classes every `xxgk` command uses.

click looks each message up with `gettext.gettext` / `gettext.ngettext`, imported into its
modules as `_` and `ngettext`; `install()` points those names at the table below, so the
messages are Chinese whatever the locale, with no compiled catalogue to ship."""

from __future__ import annotations

import importlib
from typing import Any

import click

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "No such command {name!r}.": "没有这个命令：{name}。",
    "Did you mean {possibility}?": "您是不是要输入 {possibility}？",
    "(Possible options: {possibilities})": "（可能的选项：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（您是不是要输入其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name} 不带取值。",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个取值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是非值，可用：{states}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
}

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's message lookups at the Chinese table (idempotent)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class HelpFormatter(click.HelpFormatter):
    """Full-width colons: 用法：… and 选项："""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line reads 用法：xxgk extract [选项] 路径…"""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """The `xxgk` group: Chinese usage lines for itself and every command registered on it."""

    command_class = Command
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]…")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        install()
        return super().main(*args, **kwargs)
