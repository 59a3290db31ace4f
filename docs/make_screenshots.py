"""Remake the README's screenshots of the curator's report (docs/report-*.png).

    python docs/make_screenshots.py

Runs `bilinorm run` over seeds/ (and, for the run summary, seeds/ plus the report tests'
corpus pages and an empty file), builds the reports, and photographs them in headless
Chromium at 1400 px wide.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from bilinorm.cli import main  # noqa: E402
from bilinorm.report import write_report  # noqa: E402
from chromium import Chromium, find_or_install  # noqa: E402

DOCS = ROOT / "docs"
SUPPR = "doi_10.1136_lupus-2022-000704"
VUFIND = "doi_10.3389_fimmu.2025.1529883"


def element_clip(browser: Chromium, selector: str, top: float = 0, height: float | None = None) -> dict:
    box = browser.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()")
    margin = 16
    return {"x": box["x"] - margin, "y": box["y"] + top - margin, "width": box["width"] + 2 * margin,
            "height": (height or box["height"] - top) + 2 * margin}


def main_() -> None:
    work = Path(tempfile.mkdtemp(prefix="bilinorm-shots-"))
    try:
        seeds_out = work / "output"
        main(["run", str(ROOT / "seeds"), "-o", str(seeds_out), "-q", "-j", "1"])
        seeds_report = work / "report.html"
        write_report(seeds_out, seeds_report, inputs=ROOT / "seeds")

        inputs = work / "in"
        shutil.copytree(ROOT / "tests" / "data" / "report" / "corpus", inputs / "corpus")
        shutil.copytree(ROOT / "seeds", inputs / "seeds")
        (inputs / "empty.txt").write_bytes(b"")
        corpus_out = work / "corpus-output"
        main(["run", str(inputs), "-o", str(corpus_out), "-q", "-j", "1"])
        corpus_report = work / "corpus-report.html"
        write_report(corpus_out, corpus_report, inputs=inputs)

        with Chromium(find_or_install(), width=1400, height=900) as browser:
            browser.open(seeds_report.as_uri())
            browser.screenshot(DOCS / "report-seeds.png")

            n = browser.evaluate(f"document.getElementById('{SUPPR}').dataset.n")
            browser.click(f'#r{n}-en2 .g[data-g="2.1"] .s')
            browser.evaluate("new Promise(r => setTimeout(r, 300))")
            browser.screenshot(DOCS / "report-aligned.png", clip=element_clip(browser, f'[id="{SUPPR}"]', height=1180))

            m = browser.evaluate(f"document.getElementById('{VUFIND}').dataset.n")
            browser.evaluate(f"[...document.querySelectorAll('#r{m}-removed details')]"
                             ".find(d => d.querySelector('code').textContent === 'spellingShingle').open = true")
            browser.screenshot(DOCS / "report-facts.png",
                               clip=element_clip(browser, f'[id="{VUFIND}"] .facts', height=900))

            browser.open(corpus_report.as_uri())
            browser.screenshot(DOCS / "report-run.png", clip={"x": 0, "y": 0, "width": 1400, "height": 620})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for png in sorted(DOCS.glob("report-*.png")):
        print(f"{png.relative_to(ROOT)}: {png.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main_()
