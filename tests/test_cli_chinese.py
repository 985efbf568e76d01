"""Every message of the command line is Chinese: help of every command, click's own usage errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from xxgk.cli import main

ENGLISH = (
    "Usage:",
    "Error:",
    "Options:",
    "Commands:",
    "Show this message",
    "Show the version",
    "Try '",
    "for help",
    "No such option",
    "No such command",
    "Missing argument",
    "Missing option",
    "Invalid value",
    "is not a valid",
    "Did you mean",
    "default:",
    "Aborted",
    "[OPTIONS]",
    "COMMAND",
    "ARGS",
    "TEXT",
    "INTEGER",
    "FLOAT",
    "PATH",
    "FILENAME",
)
COMMANDS = sorted(main.commands)
CJK = re.compile(r"[\u4e00-\u9fff]")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="xxgk")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def no_english(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese(command: str) -> None:
    code, out = invoke(*([command] if command else []), "-h")
    assert code == 0
    assert out.startswith("用法：xxgk") and "选项：" in out and "显示本帮助并退出。" in out
    assert no_english(out) == [], out


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_a_wrong_option_is_a_chinese_usage_error(command: str) -> None:
    code, out = invoke(*([command] if command else []), "--no-such-option")
    assert code == 2
    assert "错误：没有这个选项：--no-such-option" in out and "查看帮助" in out
    assert no_english(out) == [], out


@pytest.mark.parametrize("command", [c for c in COMMANDS if any(p.required for p in main.commands[c].params)])
def test_a_missing_argument_is_a_chinese_usage_error(command: str) -> None:
    code, out = invoke(command)
    assert code == 2
    assert "错误：缺少参数" in out or "错误：缺少选项" in out
    assert no_english(out) == [], out


def test_other_usage_errors_are_chinese() -> None:
    for args, expected in (
        (["nosuch"], "没有这个命令"),
        (["extract", "-j", "x", "a.txt"], "不是有效的数字"),
        (["extract", "--jobs"], "需要一个取值"),
        (["score", "/no/such/truth"], "不存在"),
    ):
        code, out = invoke(*args)
        assert code == 2 and expected in out, out
        assert no_english(out) == [], out


def test_every_help_text_is_chinese() -> None:
    for name, command in [("xxgk", main), *main.commands.items()]:
        assert CJK.search(command.help or ""), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert CJK.search(param.help or ""), (name, param.name)


def test_the_real_command_line_too() -> None:
    """Not only under CliRunner: `python -m xxgk` with an English locale."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", LANG="en_US.UTF-8", LC_ALL="C.UTF-8")
    proc = subprocess.run(
        [sys.executable, "-m", "xxgk", "extract", "--bogus"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2 and "错误：没有这个选项：--bogus" in proc.stderr
    assert no_english(proc.stderr) == [], proc.stderr
