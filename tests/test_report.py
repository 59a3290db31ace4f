"""The curator's report (`bilinorm report`): structure without a browser, then in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import lxml.html
import pytest

from bilinorm.cli import main
from bilinorm.report import build_report, write_report

from .conftest import DATA, SEED_SUPPR, SEEDS

CORPUS = DATA / "report" / "corpus"
SUPPR_FILE = "doi_10.1136_lupus-2022-000704.json"
VUFIND_FILE = "doi_10.3389_fimmu.2025.1529883.json"


# --- runs the reports are made of ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "output"
    assert main(["run", str(SEEDS), "-o", str(out), "-q", "-j", "1"]) == 0
    return out


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> tuple[Path, Path]:
    """The seeds and a few corpus pages, plus an empty file, in one run (some inputs fail)."""
    base = tmp_path_factory.mktemp("corpus")
    inputs = base / "in"
    shutil.copytree(CORPUS, inputs / "corpus")
    shutil.copytree(SEEDS, inputs / "seeds")
    (inputs / "empty.txt").write_bytes(b"")
    out = base / "out"
    main(["run", str(inputs), "-o", str(out), "-q", "-j", "1"])
    return inputs, out


@pytest.fixture(scope="module")
def seed_report(seed_run) -> str:
    return build_report(seed_run, inputs=SEEDS).html


def records(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*.json"))
            if not p.name.startswith("_")}


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "_manifest.jsonl").read_text("utf-8").splitlines()]


def tree(html: str):
    return lxml.html.document_fromstring(html)


def text_of(element) -> str:
    """Text of an element without the alignment group numbers."""
    clone = lxml.html.fromstring(lxml.html.tostring(element, encoding="unicode"))
    for number in clone.xpath('.//*[contains(concat(" ", @class, " "), " gn ")]'):
        number.drop_tree()
    return clone.text_content()


def has_class(name: str) -> str:
    """XPath test for one class among an element's classes."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def article(doc, file_name: str):
    return doc.get_element_by_id(file_name.removesuffix(".json"))


def script_json(doc, element_id: str):
    return json.loads(doc.get_element_by_id(element_id).text)


# --- structure, without a browser --------------------------------------------------------------


def test_both_seed_articles_are_listed_with_their_titles(seed_run, seed_report):
    doc = tree(seed_report)
    recs = records(seed_run)
    listed = [a.get("id") for a in doc.xpath('//article[contains(@class, "rec")]')]
    assert listed == [VUFIND_FILE.removesuffix(".json"), SUPPR_FILE.removesuffix(".json")]
    toc = [a.get("href") for a in doc.xpath('//ol[@id="toc"]//a')]
    assert toc == ["#" + name for name in listed]
    for name, record in recs.items():
        shown = [text_of(t) for t in article(doc, name).xpath(f'.//*[{has_class("title")}]')]
        assert sorted(shown) == sorted(record["title"].values())
    zh_title = article(doc, SUPPR_FILE).xpath(f'.//*[@lang="zh-Hans"][{has_class("title")}]')
    assert zh_title and zh_title[0].text_content().startswith("脐带间充质干细胞")


def test_sections_show_the_record_text_unchanged_with_headings_and_categories(seed_run, seed_report):
    doc = tree(seed_report)
    for name, record in records(seed_run).items():
        node = article(doc, name)
        for lang, sections in record["abstract"].items():
            for i, section in enumerate(sections):
                shown = node.xpath(f'.//section[@id="r{_n(doc, name)}-{lang}{i}"]')[0]
                assert text_of(shown.find(".//p")) == section["text"]
                head = shown.find(".//h5").text_content()
                assert (section["heading"] or "no heading") in head
                assert f'{section["label"]} · {section["category"]}' in head


def _n(doc, name: str) -> str:
    return article(doc, name).get("data-n")


def test_aligned_sentences_carry_their_group_and_link_to_their_partner(seed_run, seed_report):
    doc = tree(seed_report)
    record = records(seed_run)[SUPPR_FILE]
    node = article(doc, SUPPR_FILE)
    n = _n(doc, SUPPR_FILE)
    expected_groups = 0
    for p, pair in enumerate(record["alignment"]):
        for g, (en_idx, zh_idx) in enumerate(pair["sentences"]):
            expected_groups += 1
            for lang, other, idx, section in (("en", "zh", en_idx, pair["en"]), ("zh", "en", zh_idx, pair["zh"])):
                group = doc.get_element_by_id(f"r{n}-{lang}{p}-{g}")
                assert group.get("data-g") == f"{p}.{g}"
                assert group.xpath("ancestor::section[1]")[0].get("id") == f"r{n}-{lang}{section}"
                sentences = [int(s.get("data-s")) for s in group.xpath('.//span[@class="s"]')]
                assert sentences == idx
                link = group.xpath('./a[contains(@class, "gn")]')[0]
                assert link.get("href") == f"#r{n}-{other}{p}-{g}"
    # Every sentence of the bilingual article sits in exactly one alignment group.
    sentences = node.xpath('.//section[contains(@class, "sec")]//span[@class="s"]')
    assert len(sentences) == sum(len(s["sentences"]) for secs in record["abstract"].values() for s in secs)
    assert all(s.getparent().get("data-g") for s in sentences)
    assert len({g.get("data-g") for g in node.xpath('.//span[@class="g"]')}) == expected_groups


def test_english_and_chinese_sections_sit_side_by_side_in_aligned_rows(seed_run, seed_report):
    doc = tree(seed_report)
    record = records(seed_run)[SUPPR_FILE]
    n = _n(doc, SUPPR_FILE)
    rows = article(doc, SUPPR_FILE).xpath('.//div[contains(@class, "row") and contains(@class, "paired")]')
    pairs = [[s.get("id") for s in row.xpath('./section')] for row in rows]
    assert pairs == [[f"r{n}-en{p['en']}", f"r{n}-zh{p['zh']}"] for p in record["alignment"]]


def test_warnings_are_listed_and_marked_where_they_are(seed_run, seed_report):
    doc = tree(seed_report)
    for name, record in records(seed_run).items():
        n = _n(doc, name)
        items = article(doc, name).xpath('.//section[contains(@class, "warnings")]//li')
        assert len(items) == len(record["warnings"])
        for i, (item, warning) in enumerate(zip(items, record["warnings"])):
            assert item.xpath('./a[@class="code"]')[0].text == warning["code"]
            target = item.xpath('./a[@class="code"]')[0].get("href")[1:]
            if warning["code"] == "lost_superscript":
                mark = doc.get_element_by_id(target)
                assert mark.tag == "mark" and target == f"r{n}-w{i}"
                section = re.match(r"abstract\.(\w+)\[(\d+)\]", warning["path"])
                assert mark.xpath("ancestor::section[1]")[0].get("id") == f"r{n}-{section[1]}{section[2]}"
                quoted = warning["detail"].split("…")[1]
                marked_text = "".join(m.text_content() for m in doc.xpath(f'//mark[contains(@data-w, "{i}")]')
                                      if m.xpath(f'ancestor::article[@data-n="{n}"]'))
                assert marked_text == quoted
            else:
                place = doc.get_element_by_id(target)
                assert place.get("id") == f"r{n}-m-authors" and "flagged" in place.get("class")
    assert {"lost_superscript", "missing_authors"} <= {
        c.text for c in doc.xpath('//section[@id="run"]//code')}


def test_metadata_table_shows_the_facts(seed_run, seed_report):
    doc = tree(seed_report)
    record = records(seed_run)[VUFIND_FILE]
    node = article(doc, VUFIND_FILE)
    n = _n(doc, VUFIND_FILE)
    authors = [li.text_content() for li in doc.get_element_by_id(f"r{n}-m-authors").xpath(".//li")]
    assert [a.split("(")[0] for a in authors] == [
        a["name"] + ",".join(str(i + 1) for i in a["affiliations"]) for a in record["authors"]]
    affiliations = [li.text_content() for li in doc.get_element_by_id(f"r{n}-m-affiliations").xpath(".//li")]
    assert affiliations == record["affiliations"]
    venue = doc.get_element_by_id(f"r{n}-m-venue").text_content()
    assert "Frontiers in Immunology" in venue and "1664-3224" in venue
    ids = doc.get_element_by_id(f"r{n}-m-identifiers")
    assert ids.xpath(".//a")[0].get("href") == "https://doi.org/10.3389/fimmu.2025.1529883"
    keywords = [c.text for c in doc.get_element_by_id(f"r{n}-m-keywords").xpath('.//span[@class="chip"]')]
    assert keywords == record["keywords"]["en"]
    source = node.xpath('.//section[contains(@class, "source")]')[0].text_content()
    assert record["source"]["sha256"] in source and "000_e617ffdf4fbe02f5.txt" in source


def test_removed_boilerplate_by_kind_with_its_text_from_the_inputs(seed_run, seed_report):
    doc = tree(seed_report)
    for name, record in records(seed_run).items():
        node = article(doc, name)
        shown = {}
        for kind in node.xpath('.//div[@class="kind"]'):
            kind_name = kind.find("h4").text.strip()
            for li in kind.xpath(".//li"):
                text = li.xpath(".//pre")
                shown[(kind_name, li.xpath(".//code")[0].text)] = text[0].text_content() if text else None
        assert list(shown) == [(r["kind"], r["name"]) for r in record["removed"]]
        for removal in record["removed"]:
            text = shown[(removal["kind"], removal["name"])]
            assert text is not None, removal
            # The parts shown are the removed parts: their sizes add up to what the record says.
            assert sum(len(line) for line in text.split("\n")) == removal["chars"], removal
    spelling = article(doc, VUFIND_FILE).xpath('.//li[.//code="spelling"]//pre')[0].text_content()
    assert spelling.startswith("Zhao-Xia Ma") or "Regenerative fibroblasts" in spelling
    adverts = article(doc, SUPPR_FILE).xpath('.//div[@class="kind"][h4[starts-with(., "advertisement")]]//pre')
    assert any("立即体验" in pre.text_content() for pre in adverts)


def test_removed_text_needs_the_inputs_and_unchanged_bytes(seed_run, tmp_path):
    plain = tree(build_report(seed_run).html)
    assert not plain.xpath("//pre")
    assert "--inputs" in plain.xpath('//section[contains(@class, "removed")]//p[@class="note"]')[0].text_content()
    changed = tmp_path / "inputs"
    shutil.copytree(SEEDS, changed)
    page = changed / SEED_SUPPR.name
    page.write_bytes(page.read_bytes() + b"\n")
    doc = tree(build_report(seed_run, inputs=changed).html)
    notes = article(doc, SUPPR_FILE).xpath('.//p[@class="note"]')
    assert "changed since the run" in notes[0].text_content()
    assert not article(doc, SUPPR_FILE).xpath(".//pre")
    assert article(doc, VUFIND_FILE).xpath(".//pre")  # its input is unchanged


def test_no_external_assets_and_only_the_articles_own_links(seed_run, seed_report):
    doc = tree(seed_report)
    assert not doc.xpath("//*[@src]"), "nothing is loaded from anywhere"
    assert not doc.xpath('//link[@rel="stylesheet"]') and "<script src" not in seed_report
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", seed_report)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp
    own = set()
    for record in records(seed_run).values():
        own |= {link["url"] for link in record["links"]}
        own |= {record["source"]["url"]} - {None}
        own.add("https://doi.org/" + record["identifiers"]["doi"])
    for a in doc.xpath("//a[@href]"):
        href = a.get("href")
        if href.startswith("#"):
            assert doc.xpath(f'//*[@id="{href[1:]}"]'), f"dangling link {href}"
        elif re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            assert href in own and a.get("rel") == "noreferrer", href


def test_text_from_records_is_escaped_and_only_http_links_are_links(seed_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_run, out)
    path = out / SUPPR_FILE
    record = json.loads(path.read_text("utf-8"))
    record["title"]["en"] = "A <script>alert(1)</script> title & </script> more"
    record["links"].append({"rel": "fulltext", "url": "javascript:alert(1)"})
    record["abstract"]["en"][0]["sentences"][0] += " <b>not bold</b>"
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    html = build_report(out).html
    doc = tree(html)
    assert "<script>alert" not in html and "<b>not bold" not in html
    assert not doc.xpath('//a[starts-with(@href, "javascript")]')
    assert "A <script>alert(1)</script> title & </script> more" in article(doc, SUPPR_FILE).text_content()
    # The search index and the page's own script: record text never makes a script element.
    assert [(s.get("type"), s.get("id")) for s in doc.xpath("//script")] == [
        ("application/json", "report-index"), (None, None)]


def test_run_counts_failures_and_warnings_match_the_manifest(corpus_run):
    _, out = corpus_run
    lines = manifest(out)
    doc = tree(build_report(out).html)
    tiles = {t.xpath('.//span[@class="k"]')[0].text: int(t.xpath('.//span[@class="v"]')[0].text.replace(",", ""))
             for t in doc.xpath(f'//div[{has_class("tile")}]')}
    for status in ("written", "merged", "skipped", "failed"):
        assert tiles[status] == sum(line["status"] == status for line in lines)
    assert tiles["inputs"] == len(lines)
    recs = records(out)
    assert tiles["articles"] == len(recs) == len(doc.xpath('//article[contains(@class, "rec")]'))
    assert tiles["warnings"] == sum(len(r["warnings"]) for r in recs.values())
    failed = [line for line in lines if line["status"] == "failed"]
    assert any(line["input"] == "empty.txt" and line["reason"] == "empty" for line in failed)
    rows = doc.xpath('//section[contains(@class, "failures")]//tr')
    shown = {(r.xpath("ancestor::details[1]/summary/code")[0].text, r.xpath("./td")[0].text) for r in rows}
    assert shown == {(line["reason"], line["input"]) for line in failed}


def test_many_articles_are_paged_with_later_pages_kept_as_data(corpus_run, tmp_path):
    _, out = corpus_run
    count = len(records(out))
    report = build_report(out, page_size=1)
    doc = tree(report.html)
    assert report.articles == count >= 2
    assert len(doc.xpath('//main[@id="articles"]/article')) == 1
    index = script_json(doc, "report-index")
    assert index["pageSize"] == 1 and len(index["entries"]) == count
    assert not doc.xpath('//*[@id="page-0"]')  # the first page is HTML already
    later = [lxml.html.fragment_fromstring(script_json(doc, f"page-{p}")[0]) for p in range(1, count)]
    assert [a.get("data-n") for a in later] == [str(n) for n in range(1, count)]
    assert [e["a"] for e in index["entries"][1:]] == [a.get("id") for a in later]
    # Written to a file, the report is the same bytes as built in memory.
    dest = tmp_path / "r.html"
    assert write_report(out, dest, page_size=1).html is None
    assert dest.read_text("utf-8") == report.html


def test_same_run_folder_gives_the_same_bytes(seed_run, tmp_path):
    first = build_report(seed_run, inputs=SEEDS).html
    elsewhere = tmp_path / "x" / seed_run.name
    shutil.copytree(seed_run, elsewhere)
    assert build_report(elsewhere, inputs=SEEDS).html == first


def test_unreadable_record_files_are_reported_and_the_rest_rendered(seed_run, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(seed_run, out)
    (out / "broken.json").write_text("{not json", "utf-8")
    (out / "list.json").write_text("[1, 2]", "utf-8")
    dest = tmp_path / "report.html"
    assert main(["report", str(out), "-o", str(dest)]) == 1
    err = capsys.readouterr().err
    assert "broken.json: not a readable JSON record" in err and "list.json: not a record" in err
    doc = tree(dest.read_text("utf-8"))
    assert len(doc.xpath('//article[contains(@class, "rec")]')) == 2
    problems = doc.xpath('//section[contains(@class, "problems")]//code')
    assert sorted(p.text for p in problems) == ["broken.json", "list.json"]


def test_cli_writes_the_report_and_refuses_a_missing_folder(seed_run, tmp_path, capsys):
    dest = tmp_path / "report.html"
    assert main(["report", str(seed_run), "-o", str(dest), "--inputs", str(SEEDS)]) == 0
    assert "2 articles in" in capsys.readouterr().err
    doc = tree(dest.read_text("utf-8"))
    link = article(doc, SUPPR_FILE).xpath('.//section[contains(@class, "source")]//a')[0].get("href")
    assert (dest.parent / link).resolve() == SEED_SUPPR.resolve()
    assert main(["report", str(tmp_path / "nothing"), "-o", str(dest)]) == 2
    assert main(["report", str(seed_run), "-o", str(dest), "--inputs", str(tmp_path / "nothing")]) == 2
    assert main(["report", str(seed_run), "-o", str(tmp_path / "no" / "dir" / "r.html")]) == 2


def test_an_empty_run_folder_still_gives_a_page(tmp_path):
    report = build_report(tmp_path)
    assert report.articles == 0 and "No records in this folder." in report.html


# --- in a browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from .chromium import BrowserUnavailable, Chromium, find_or_install

    try:
        executable = find_or_install()
    except BrowserUnavailable as exc:
        pytest.skip(f"headless Chromium is not available: {exc}")
    with Chromium(executable, width=1400, height=900) as chromium:
        yield chromium


def _save(browser, tmp_path: Path, name: str, **kwargs) -> Path:
    """A screenshot to look at: in the test's folder, and in $BILINORM_SCREENSHOTS if set."""
    path = tmp_path / name
    data = browser.screenshot(path, **kwargs)
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    if os.environ.get("BILINORM_SCREENSHOTS"):
        keep = Path(os.environ["BILINORM_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        (keep / name).write_bytes(data)
    return path


def _group_background(browser, selector: str) -> str:
    browser.evaluate("new Promise(r => setTimeout(r, 250))")  # past the highlight's transition
    return browser.evaluate(f"getComputedStyle(document.querySelector('{selector}')).backgroundColor")


def test_seed_report_in_chromium_selecting_a_sentence_highlights_its_partner(browser, seed_run, tmp_path):
    dest = tmp_path / "report.html"
    assert main(["report", str(seed_run), "-o", str(dest), "--inputs", str(SEEDS), "-q"]) == 0
    browser.send("Runtime.enable")
    browser.open(dest.as_uri())
    assert browser.evaluate("document.documentElement.classList.contains('js')")
    listed = browser.evaluate("[...document.querySelectorAll('#articles article.rec')].map(a => a.id)")
    assert listed == [VUFIND_FILE.removesuffix(".json"), SUPPR_FILE.removesuffix(".json")]
    assert browser.evaluate("document.querySelectorAll('#toc li').length") == 2
    assert browser.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"')")

    n = browser.evaluate(f"document.getElementById('{SUPPR_FILE.removesuffix('.json')}').dataset.n")
    english = f'#r{n}-en2 .g[data-g="2.1"] .s'
    partner = f'#r{n}-zh2 .g[data-g="2.1"]'
    other = f'#r{n}-zh2 .g[data-g="2.2"]'
    resting = _group_background(browser, partner)
    browser.hover(f'#r{n}-en2 .g[data-g="2.3"] .s')
    assert browser.evaluate(f"document.querySelector('#r{n}-zh2 .g[data-g=\"2.3\"]').classList.contains('hl')")
    browser.click(english)
    assert browser.evaluate(f"document.querySelector('{partner}').classList.contains('sel')")
    assert browser.evaluate(f"document.querySelector('{partner}').textContent").endswith("不良事件很少。")
    assert not browser.evaluate(f"document.querySelector('{other}').classList.contains('sel')")
    assert _group_background(browser, partner) != resting
    shot = _save(browser, tmp_path, "report-seeds-selected.png")
    assert shot.stat().st_size > 10_000
    # Clicking elsewhere clears the selection.
    browser.click(f"#r{n}-en0 h5")
    assert not browser.evaluate(f"document.querySelector('{partner}').classList.contains('sel')")

    # The search box filters the articles.
    browser.evaluate("const q = document.getElementById('q'); q.value = 'lupus';"
                     " q.dispatchEvent(new Event('input'));")
    browser.evaluate("new Promise(r => setTimeout(r, 300))")
    assert browser.evaluate("[...document.querySelectorAll('#articles article.rec')].map(a => a.id)") == [
        SUPPR_FILE.removesuffix(".json")]
    assert browser.evaluate("document.getElementById('status').textContent") == "1 of 2 articles"
    errors = [e for e in browser._events if e["method"] == "Runtime.exceptionThrown"]
    assert not errors, errors


def test_seed_report_reads_without_javascript(browser, seed_run, tmp_path):
    html = build_report(seed_run, inputs=SEEDS).html
    dest = tmp_path / "report.html"
    dest.write_text(html, "utf-8")
    n = _n(tree(html), SUPPR_FILE)
    partner = f"r{n}-zh2-1"
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        # Following the group number of an English sentence: the partner becomes the :target.
        browser.open(dest.as_uri() + "#" + partner)
        browser.send("DOM.enable")
        browser.send("CSS.enable")
        root = browser.send("DOM.getDocument")["root"]["nodeId"]
        found = browser.send("DOM.querySelectorAll", {"nodeId": root, "selector": "#articles article.rec"})
        assert len(found["nodeIds"]) == 2
        search = browser.send("DOM.querySelector", {"nodeId": root, "selector": ".find"})["nodeId"]
        assert _computed(browser, search)["display"] == "none"  # no dead search box without script
        time.sleep(0.3)  # past the highlight's transition
        target = browser.send("DOM.querySelector", {"nodeId": root, "selector": "#" + partner})["nodeId"]
        assert _computed(browser, target)["background-color"] not in ("rgba(0, 0, 0, 0)", "transparent")
        neighbour = browser.send("DOM.querySelector", {"nodeId": root, "selector": f"#r{n}-zh2-2"})["nodeId"]
        assert _computed(browser, neighbour)["background-color"] == "rgba(0, 0, 0, 0)"
        _save(browser, tmp_path, "report-seeds-nojs.png")
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
        browser.send("CSS.disable")
        browser.send("DOM.disable")


def _computed(browser, node_id: int) -> dict[str, str]:
    style = browser.send("CSS.getComputedStyleForNode", {"nodeId": node_id})["computedStyle"]
    return {p["name"]: p["value"] for p in style}


def test_paging_and_links_to_articles_on_other_pages_in_chromium(browser, seed_run, tmp_path):
    dest = tmp_path / "report.html"
    dest.write_text(build_report(seed_run, page_size=1).html, "utf-8")
    first, second = VUFIND_FILE.removesuffix(".json"), SUPPR_FILE.removesuffix(".json")

    def shown():
        return browser.evaluate("[...document.querySelectorAll('#articles article.rec')].map(a => a.id)")

    browser.open(dest.as_uri())
    assert shown() == [first]
    assert browser.evaluate("document.getElementById('status').textContent") == "1–1 of 2 articles"
    browser.click("#next")
    assert shown() == [second]
    assert browser.evaluate("document.querySelector('#toc a').getAttribute('href')") == "#" + second
    assert browser.evaluate("document.getElementById('next').disabled") is True
    browser.click("#prev")
    assert shown() == [first]
    # A link to an article on another page (here, opened from outside) shows that page.
    browser.open(dest.as_uri() + "#" + second)
    assert shown() == [second]
    browser.evaluate(f"location.hash = '#{first}'")
    browser.evaluate("new Promise(r => setTimeout(r, 100))")
    assert shown() == [first]


def test_corpus_report_in_chromium_pages_and_shows_failures(browser, corpus_run, tmp_path):
    inputs, out = corpus_run
    dest = tmp_path / "report.html"
    dest.write_text(build_report(out, inputs=inputs, report_dir=tmp_path, page_size=2).html, "utf-8")
    browser.send("Runtime.enable")
    browser._events.clear()
    browser.open(dest.as_uri())
    count = len(records(out))
    failed = sum(line["status"] == "failed" for line in manifest(out))
    assert browser.evaluate("document.querySelectorAll('#articles article.rec').length") == min(2, count)
    assert browser.evaluate("document.querySelectorAll('.failures tr').length") == failed
    if count > 2:
        browser.click("#next")
        shown = browser.evaluate("[...document.querySelectorAll('#articles article.rec')].map(a => +a.dataset.n)")
        assert shown == list(range(2, min(4, count)))
        assert browser.evaluate("document.getElementById('prev').disabled") is False
    _save(browser, tmp_path, "report-corpus.png")
    errors = [e for e in browser._events if e["method"] == "Runtime.exceptionThrown"]
    assert not errors, errors


# --- small pieces ------------------------------------------------------------------------------


def test_a_mark_across_sentences_and_overlapping_marks():
    from bilinorm.report.spans import Group, Mark, marked, sentences_html

    marks = [Mark(3, 9, 0, "w0"), Mark(6, 12, 1, "w1")]
    html = sentences_html(["abcde.", "fghij."], " ", {0: Group(0, 0, True), 1: Group(0, 1, False)},
                          marks, ("r0", "en", "zh"))
    doc = lxml.html.fragment_fromstring(f"<p>{html}</p>")
    assert doc.text_content() == "1abcde. 2fghij."  # each group opens with its number
    pieces = [(m.text, m.get("data-w"), m.get("id")) for m in doc.xpath("//mark")]
    assert pieces == [("de.", "0", "w0"), ("fg", "0 1", "w1"), ("hij", "1", None)]
    assert [g.get("data-g") for g in doc.xpath('//span[@class="g"]')] == ["0.0", "0.1"]
    assert doc.xpath('//span[@id="r0-en0-1"]/span[contains(@class, "lone")]')
    assert marked("a<b>&c", [Mark(1, 4, 2, "x")]) == 'a<mark class="w" data-w="2" id="x">&lt;b&gt;</mark>&amp;c'


def test_a_reader_that_keeps_no_removed_text_says_so(seed_run, monkeypatch):
    from bilinorm.sites import suppr

    extract = suppr.extract

    def without_text(page):
        drafts = extract(page)
        for draft in drafts:
            for item in draft.removed:
                item.text = None
        return drafts

    monkeypatch.setattr(suppr, "extract", without_text)
    doc = tree(build_report(seed_run, inputs=SEEDS).html)
    notes = [p.text_content() for p in article(doc, SUPPR_FILE).xpath('.//p[@class="note"]')]
    assert notes == [f"{SEED_SUPPR.name}: the suppr reader does not keep the text of some parts it removes"]
    assert not article(doc, SUPPR_FILE).xpath(".//pre")
    assert article(doc, VUFIND_FILE).xpath(".//pre")


def test_a_warning_about_a_language_marks_the_section_that_holds_its_quote(seed_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_run, out)
    path = out / SUPPR_FILE
    record = json.loads(path.read_text("utf-8"))
    last = len(record["abstract"]["zh"]) - 1
    tail = record["abstract"]["zh"][last]["text"][-8:]
    record["warnings"] = [{"code": "truncated_input", "path": "abstract.zh",
                           "detail": f"the input ends inside the abstract, mid-sentence: …{tail}"}]
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    doc = tree(build_report(out).html)
    n = _n(doc, SUPPR_FILE)
    mark = doc.get_element_by_id(f"r{n}-w0")
    assert mark.text_content() == tail
    assert mark.xpath("ancestor::section[1]")[0].get("id") == f"r{n}-zh{last}"
    assert article(doc, SUPPR_FILE).xpath('.//section[contains(@class, "warnings")]//a')[0].get(
        "href") == f"#r{n}-w0"


def test_removed_text_of_a_record_merged_from_two_copies_is_shown_once(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(SEED_SUPPR.read_bytes())
    (inputs / "b.txt").write_bytes(SEED_SUPPR.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q", "-j", "1"]) == 0
    record = records(out)[SUPPR_FILE]
    assert len(record["also_from"]) == 1
    doc = tree(build_report(out, inputs=inputs).html)
    for removal in record["removed"]:
        pre = article(doc, SUPPR_FILE).xpath(
            f'.//div[@class="kind"][h4[starts-with(., "{removal["kind"]}")]]//li[.//code="{removal["name"]}"]//pre')
        assert sum(len(line) for line in pre[0].text_content().split("\n")) == removal["chars"]
