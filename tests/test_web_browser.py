"""The workspace in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
sign in, upload files, watch the progress, open a report, follow a cell to its source (a PDF
page with the cell's box drawn, and a text line with its digits marked), review a finding,
open the region tree and the dashboard. Screenshots of each page go to build/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
from playwright.sync_api import sync_playwright
from webfixtures import PASSWORD, live_server, make_workspace

from xxgk.web.app import create_app

SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    ws = make_workspace(tmp_path_factory.mktemp("browser"))
    app = create_app(store=ws.store)
    with live_server(app) as base:
        yield base


def test_workspace_in_chromium(server: str, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    upload = [tmp_path / "洪泽区2024.pdf", tmp_path / "平潭2023.txt", tmp_path / "notice.txt"]
    upload[0].write_bytes((CORPUS / "002_huaian-hongzequ_2024.pdf").read_bytes())
    upload[1].write_bytes((CORPUS / "008_pingtan_2023.txt").read_bytes())
    upload[2].write_text("关于召开会议的通知\n请各单位按时参加。\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.goto(f"{server}/dashboard")
        assert "/login" in page.url
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/dashboard")

        page.goto(f"{server}/upload")
        page.set_input_files("#files", [str(f) for f in upload])
        page.screenshot(path=str(SHOTS / "upload.png"))
        page.click("button[type=submit]")
        page.wait_for_url("**/jobs/*")
        page.wait_for_selector("#progress[data-finished=yes]", timeout=120_000)
        page.screenshot(path=str(SHOTS / "upload-progress.png"), full_page=True)
        rows = page.locator("#progress tr").all_inner_texts()
        assert any("notice.txt" in r and "E_NOT_A_REPORT" in r for r in rows), rows
        assert sum("查看报告" in r for r in rows) == 2

        page.click("#progress tr:has-text('洪泽区2024.pdf') a")
        page.wait_for_url("**/reports/*")
        assert page.locator("td[data-cell]").count() > 40
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        report_url = page.url

        # a cell of the PDF report, followed to its page: the box is drawn where it was printed
        page.click("td[data-cell='table3.new_received.natural_person']")
        page.wait_for_url("**/source?cell=*")
        page.wait_for_selector(".page img")
        page.wait_for_function("document.querySelector('.page img').naturalWidth > 0")
        assert "第" in page.inner_text("#where") and "页" in page.inner_text("#where")
        box = page.locator(".box").bounding_box()
        assert box and box["width"] > 4 and box["height"] > 4
        page.screenshot(path=str(SHOTS / "source-pdf.png"), full_page=True)

        # review the first finding of the report
        page.goto(report_url)
        first = page.locator("aside.findings li").first
        code = first.locator(".muted").first.inner_text()
        first.locator("button[data-review=dismissed]").click()
        page.wait_for_url(report_url)
        assert "已驳回" in page.locator("aside.findings li", has_text=code).first.inner_text()

        # a cell of the text report: its line, with its digits marked
        page.goto(f"{server}/reports")
        page.click("a:has-text('平潭综合实验区') >> nth=0")
        page.click("td[data-cell='table3.new_received.total']")
        page.wait_for_selector("pre.src mark")
        assert page.inner_text("pre.src mark").strip()
        page.screenshot(path=str(SHOTS / "source-text.png"), full_page=True)

        page.goto(f"{server}/tree?year=2024&q=公安")
        assert page.locator("text=平潭综合实验区公安局").count() == 1
        page.screenshot(path=str(SHOTS / "tree.png"), full_page=True)

        page.goto(f"{server}/dashboard?year=2024")
        page.wait_for_selector("#c-outcome svg")
        page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
        browser.close()
