"""One record as an `<article>` of the report, and its entry in the search index.

Everything is rendered from the record as written (plain JSON data), so the report shows
exactly what an indexer reads. Only `http(s)` addresses become links, and only the article's
own: its `links`, its `source.url`, and its DOI at the DOI resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from .removed import RemovedText
from .spans import Group, Mark, find_quoted, marked, sentences_html

LANGUAGE_NAMES = {
    "en": "English", "zh": "中文", "es": "Español", "pt": "Português", "de": "Deutsch",
    "fr": "Français", "it": "Italiano", "pl": "Polski", "tr": "Türkçe", "ja": "日本語",
    "ko": "한국어", "ru": "Русский", "nl": "Nederlands", "und": "language unknown",
}
_SECTION_PATH = re.compile(r"^abstract\.([A-Za-z-]+)\[(\d+)\](?:\.text)?$")
_LANGUAGE_PATH = re.compile(r"^abstract\.([A-Za-z-]+)$")
_TITLE_PATH = re.compile(r"^title\.([A-Za-z-]+)$")
_TOP_KEY = re.compile(r"^([a-z_]+)")
META_ROWS = ("authors", "affiliations", "venue", "published", "identifiers", "keywords", "links",
             "languages")


@dataclass(slots=True)
class ArticleInputs:
    """What the run folder knows about a record beyond the record itself."""

    file: str
    manifest: list[dict] = field(default_factory=list)
    removed: RemovedText | None = None  # None: no input folder was given
    source_href: str | None = None  # relative link to the input file, when known


@dataclass(slots=True)
class Rendered:
    html: str
    index: dict  # the search index entry


def render_article(record: dict, n: int, inputs: ArticleInputs) -> Rendered:
    """The record as HTML. `n` is its position in the report (ids inside are `r{n}-…`)."""
    prefix = f"r{n}"
    anchor = inputs.file.removesuffix(".json")
    warnings = record.get("warnings") or []
    marks = _marks_by_place(record, warnings, prefix)
    abstract = _abstract(record, marks, prefix)
    title_html = _titles(record, marks, prefix)
    meta = _metadata(record, prefix, flagged=set(_warning_places(warnings, prefix)))
    parts = [
        f'<article class="rec" id="{escape(anchor)}" data-n="{n}">',
        '<header class="rec-head">', title_html, _chips(record, prefix, len(warnings)), "</header>",
        _warnings(warnings, marks, prefix),
        abstract,
        '<div class="facts">', meta, _removed(record, inputs.removed, prefix),
        _source(record, inputs, prefix), "</div>",
        "</article>",
    ]
    return Rendered("".join(parts), _index_entry(record, anchor, inputs))


# --- warnings and their places ---------------------------------------------------------------


def _marks_by_place(record: dict, warnings: list[dict], prefix: str) -> dict[str, list[Mark]]:
    """Warning marks per text path (`abstract.en[1]`, `title.zh`): the span each warning's
    detail quotes, looked for in the text its path names (any section of the language for a
    path such as `abstract.en`)."""
    marks: dict[str, list[Mark]] = {}
    for i, warning in enumerate(warnings):
        for key, text in _texts_at(record, warning.get("path") or ""):
            place = find_quoted(text, warning.get("detail", ""))
            if place:
                marks.setdefault(key, []).append(Mark(place[0], place[1], i, f"{prefix}-w{i}"))
                break
    return marks


def _texts_at(record: dict, path: str) -> list[tuple[str, str]]:
    """(mark key, text) of the texts a warning path points into."""
    abstract = record.get("abstract") or {}
    if m := _SECTION_PATH.match(path):
        lang, wanted = m.group(1), [int(m.group(2))]
    elif m := _LANGUAGE_PATH.match(path):
        lang, wanted = m.group(1), range(len(abstract.get(m.group(1)) or []))
    elif m := _TITLE_PATH.match(path):
        title = (record.get("title") or {}).get(m.group(1))
        return [(path, title)] if title else []
    else:
        return []
    sections = abstract.get(lang) or []
    return [(f"abstract.{lang}[{k}]", _joiner(lang).join(sections[k].get("sentences") or [])
             or sections[k].get("text", "")) for k in wanted if k < len(sections)]


def _warning_places(warnings: list[dict], prefix: str) -> list[str]:
    return [_place_id(w.get("path") or "", prefix) for w in warnings]


def _place_id(path: str, prefix: str) -> str:
    """The element a warning path points at, when its exact span is not marked."""
    if m := _SECTION_PATH.match(path):
        return f"{prefix}-{m.group(1)}{m.group(2)}"
    if m := _LANGUAGE_PATH.match(path):
        return f"{prefix}-{m.group(1)}0"
    if _TITLE_PATH.match(path):
        return f"{prefix}-titles"
    top = _TOP_KEY.match(path)
    key = top.group(1) if top else ""
    if key == "abstract":
        return f"{prefix}-abstract"
    if key == "title":
        return f"{prefix}-titles"
    if key in META_ROWS:
        return f"{prefix}-m-{key}"
    return f"{prefix}-source" if key in ("source", "also_from") else f"{prefix}-warnings"


def _warnings(warnings: list[dict], marks: dict[str, list[Mark]], prefix: str) -> str:
    if not warnings:
        return ""
    placed = {m.warning: m.anchor for ms in marks.values() for m in ms if m.placed}
    items = []
    for i, warning in enumerate(warnings):
        path = warning.get("path") or ""
        target = placed.get(i) or _place_id(path, prefix)
        items.append(
            f'<li><a class="code" href="#{target}">{escape(warning.get("code", "?"))}</a> '
            f'<span class="path">{escape(path)}</span> '
            f'<span class="detail">{escape(warning.get("detail") or "")}</span></li>')
    return (f'<section class="warnings" id="{prefix}-warnings"><h3>Warnings</h3>'
            f'<ol>{"".join(items)}</ol></section>')


# --- header ----------------------------------------------------------------------------------


def _lang_attr(lang: str, record: dict) -> str:
    if lang == "zh":
        script = (record.get("scripts") or {}).get("zh")
        return script if script in ("zh-Hans", "zh-Hant") else "zh"
    return lang if re.fullmatch(r"[a-z]{2,3}", lang or "") else "und"


def _titles(record: dict, marks: dict[str, list[Mark]], prefix: str) -> str:
    titles = record.get("title") or {}
    order = sorted(titles, key=lambda lang: (lang != "en", lang != "zh", lang))
    if not order:
        return f'<div class="titles" id="{prefix}-titles"><h2 class="title none">(no title)</h2></div>'
    out = []
    for k, lang in enumerate(order):
        tag, cls = ("h2", "title") if k == 0 else ("p", "title alt")
        out.append(f'<{tag} class="{cls}" lang="{_lang_attr(lang, record)}">'
                   f'{marked(titles[lang], marks.get(f"title.{lang}", []))}</{tag}>')
    return f'<div class="titles" id="{prefix}-titles">{"".join(out)}</div>'


def _chips(record: dict, prefix: str, warnings: int) -> str:
    source = record.get("source") or {}
    chips = [f'<code class="rid">{escape(record.get("id", ""))}</code>',
             f'<span class="chip site">{escape(source.get("site") or "?")}</span>']
    for lang in record.get("languages") or []:
        chips.append(f'<span class="chip lang">{escape(lang)}</span>')
    if warnings:
        chips.append(f'<a class="chip warn" href="#{prefix}-warnings">{warnings} warning'
                     f'{"s" if warnings != 1 else ""}</a>')
    if record.get("also_from"):
        chips.append(f'<span class="chip merged">{1 + len(record["also_from"])} inputs</span>')
    return f'<div class="chips">{"".join(chips)}</div>'


# --- abstract --------------------------------------------------------------------------------


def _joiner(lang: str) -> str:
    return "" if lang in ("zh", "ja") else " "


def _abstract(record: dict, marks: dict[str, list[Mark]], prefix: str) -> str:
    abstract = record.get("abstract") or {}
    if not abstract:
        return (f'<section class="abstract" id="{prefix}-abstract"><h3>Abstract</h3>'
                f'<p class="none">The record has no abstract.</p></section>')
    alignment = record.get("alignment") or []
    if alignment and "en" in abstract and "zh" in abstract:
        body = _aligned(record, abstract, alignment, marks, prefix)
        rest = [lang for lang in abstract if lang not in ("en", "zh")]
    else:
        body, rest = "", list(abstract)
    if rest:
        columns = "".join(
            f'<div class="col" lang="{_lang_attr(lang, record)}"><h4 class="lang-name">'
            f'{escape(LANGUAGE_NAMES.get(lang, lang))}</h4>'
            + "".join(_section(record, lang, i, {}, marks, prefix, "") for i in range(len(abstract[lang])))
            + "</div>" for lang in sorted(rest, key=lambda lang: (lang != "en", lang)))
        body += f'<div class="cols n{min(len(rest), 3)}">{columns}</div>'
    return f'<section class="abstract" id="{prefix}-abstract"><h3>Abstract</h3>{body}</section>'


def _aligned(record: dict, abstract: dict, alignment: list[dict], marks: dict[str, list[Mark]],
             prefix: str) -> str:
    """English and Chinese sections side by side, one row per aligned pair, in order; a
    section without a partner gets a row of its own with the other side empty."""
    en_groups: dict[int, dict[int, Group]] = {}
    zh_groups: dict[int, dict[int, Group]] = {}
    for p, pair in enumerate(alignment):
        for g, (en_idx, zh_idx) in enumerate(pair.get("sentences") or []):
            for k in en_idx:
                en_groups.setdefault(pair["en"], {})[k] = Group(p, g, bool(zh_idx))
            for k in zh_idx:
                zh_groups.setdefault(pair["zh"], {})[k] = Group(p, g, bool(en_idx))
    en_count, zh_count = len(abstract["en"]), len(abstract["zh"])
    rows: list[str] = [
        '<p class="legend">Aligned sentences share a number: hover or click a sentence to light '
        'up its partner, or follow the number to it. A number underlined with dots has no '
        'partner in the other language.</p>'
        '<div class="pairs"><div class="row head"><h4 class="lang-name" lang="en">English</h4>'
        f'<h4 class="lang-name" lang="{_lang_attr("zh", record)}">中文</h4></div>']
    i = j = 0

    def one(lang: str, index: int) -> str:
        groups = (en_groups if lang == "en" else zh_groups).get(index, {})
        return _section(record, lang, index, groups, marks, prefix, "zh" if lang == "en" else "en")

    empty = '<div class="sec empty"></div>'
    for pair in sorted(alignment, key=lambda p: (p["en"], p["zh"])):
        while i < min(pair["en"], en_count):
            rows.append(f'<div class="row">{one("en", i)}{empty}</div>')
            i += 1
        while j < min(pair["zh"], zh_count):
            rows.append(f'<div class="row">{empty}{one("zh", j)}</div>')
            j += 1
        if pair["en"] >= i and pair["zh"] >= j and pair["en"] < en_count and pair["zh"] < zh_count:
            rows.append(f'<div class="row paired">{one("en", pair["en"])}{one("zh", pair["zh"])}</div>')
            i, j = pair["en"] + 1, pair["zh"] + 1
    rows.extend(f'<div class="row">{one("en", k)}{empty}</div>' for k in range(i, en_count))
    rows.extend(f'<div class="row">{empty}{one("zh", k)}</div>' for k in range(j, zh_count))
    rows.append("</div>")
    return "".join(rows)


def _section(record: dict, lang: str, index: int, groups: dict[int, Group],
             marks: dict[str, list[Mark]], prefix: str, other: str) -> str:
    section = record["abstract"][lang][index]
    sentences = section.get("sentences") or ([section["text"]] if section.get("text") else [])
    heading = section.get("heading")
    head = (f'<span class="hd">{escape(heading)}</span>' if heading
            else '<span class="hd none">no heading</span>')
    label = escape(section.get("label") or "?")
    category = escape(section.get("category") or "?")
    text = sentences_html(sentences, _joiner(lang), groups, marks.get(f"abstract.{lang}[{index}]", []),
                          (prefix, lang, other))
    return (f'<section class="sec" lang="{_lang_attr(lang, record)}" id="{prefix}-{lang}{index}">'
            f'<h5>{head}<span class="lbl" title="label · NLM category">{label} · {category}</span></h5>'
            f'<p>{text}</p></section>')


# --- metadata --------------------------------------------------------------------------------


def _metadata(record: dict, prefix: str, flagged: set[str]) -> str:
    rows = []
    for key in META_ROWS:
        value = _META_CELLS[key](record)
        row_id = f"{prefix}-m-{key}"
        cls = ' class="flagged"' if row_id in flagged else ""
        rows.append(f'<tr id="{row_id}"{cls}><th>{key.capitalize()}</th><td>{value}</td></tr>')
    return f'<section class="meta"><h3>Metadata</h3><table>{"".join(rows)}</table></section>'


def _none(what: str = "none") -> str:
    return f'<span class="none">{what}</span>'


def _authors(record: dict) -> str:
    authors = record.get("authors") or []
    if not authors:
        return _none()
    items = []
    for author in authors:
        name = escape(author.get("name") or "?")
        others = [v for v in (author.get("names") or {}).values() if v != author.get("name")]
        also = f' <span class="alt">({escape(", ".join(others))})</span>' if others else ""
        ascii_name = author.get("name_ascii")
        if ascii_name and ascii_name != author.get("name") and ascii_name not in others:
            also += f' <span class="alt">[{escape(ascii_name)}]</span>'
        affiliations = author.get("affiliations") or []
        marks = f'<sup>{",".join(str(a + 1) for a in affiliations)}</sup>' if affiliations else ""
        items.append(f"<li>{name}{marks}{also}</li>")
    return f'<ol class="people">{"".join(items)}</ol>'


def _affiliations(record: dict) -> str:
    affiliations = record.get("affiliations") or []
    if not affiliations:
        return _none()
    return '<ol class="affs">' + "".join(f"<li>{escape(a)}</li>" for a in affiliations) + "</ol>"


def _venue(record: dict) -> str:
    venue = record.get("venue") or {}
    parts = []
    for key, label in (("name", ""), ("abbreviation", "abbr."), ("publisher", "publisher"),
                       ("volume", "vol."), ("issue", "issue"), ("pages", "pp."),
                       ("article_number", "article")):
        if venue.get(key):
            parts.append(f'<span class="kv">{f"<i>{label}</i> " if label else ""}{escape(str(venue[key]))}</span>')
    if venue.get("issn"):
        parts.append(f'<span class="kv"><i>ISSN</i> {escape(", ".join(venue["issn"]))}</span>')
    return " ".join(parts) or _none()


def _published(record: dict) -> str:
    return escape(record["published"]) if record.get("published") else _none("unknown")


def _identifiers(record: dict) -> str:
    ids = record.get("identifiers") or {}
    parts = []
    if ids.get("doi"):
        href = safe_href("https://doi.org/" + ids["doi"])
        parts.append(f'<span class="kv"><i>DOI</i> <a href="{href}" rel="noreferrer">{escape(ids["doi"])}</a></span>')
    for key, label in (("pmid", "PMID"), ("pmcid", "PMCID"), ("doaj", "DOAJ")):
        if ids.get(key):
            parts.append(f'<span class="kv"><i>{label}</i> {escape(ids[key])}</span>')
    if ids.get("trial_registrations"):
        parts.append(f'<span class="kv"><i>trial</i> {escape(", ".join(ids["trial_registrations"]))}</span>')
    return " ".join(parts) or _none()


def _keywords(record: dict) -> str:
    keywords = record.get("keywords") or {}
    if not keywords:
        return _none()
    return "".join(
        f'<div class="kw" lang="{_lang_attr(lang, record)}"><span class="chip lang">{escape(lang)}</span>'
        + "".join(f'<span class="chip">{escape(k)}</span>' for k in words) + "</div>"
        for lang, words in keywords.items())


def _links(record: dict) -> str:
    links = record.get("links") or []
    if not links:
        return _none()
    return '<ul class="links">' + "".join(
        f'<li><i>{escape(link.get("rel") or "?")}</i> {_anchor(link.get("url") or "")}</li>' for link in links
    ) + "</ul>"


def _languages(record: dict) -> str:
    scripts = record.get("scripts") or {}
    out = []
    for lang in record.get("languages") or []:
        script = f" ({escape(scripts[lang])})" if lang in scripts else ""
        out.append(f"{escape(lang)}{script}")
    return ", ".join(out) or _none()


_META_CELLS = {
    "authors": _authors, "affiliations": _affiliations, "venue": _venue, "published": _published,
    "identifiers": _identifiers, "keywords": _keywords, "links": _links, "languages": _languages,
}


def safe_href(url: str) -> str | None:
    """`url` escaped for an attribute if it is an http(s) address, else None."""
    if re.match(r"^https?://[^\s\"'<>]+$", url or ""):
        return escape(url)
    return None


def _anchor(url: str) -> str:
    href = safe_href(url)
    if href is None:
        return f'<span class="url">{escape(url)}</span>'
    return f'<a class="url" href="{href}" rel="noreferrer">{escape(url)}</a>'


# --- removed boilerplate ---------------------------------------------------------------------


def _removed(record: dict, texts: RemovedText | None, prefix: str) -> str:
    removed = record.get("removed") or []
    total = sum(int(r.get("chars") or 0) for r in removed)
    head = (f'<h3>Removed as boilerplate <span class="sub">{total:,} characters in '
            f'{len(removed)} part{"s" if len(removed) != 1 else ""}</span></h3>')
    if not removed:
        return f'<section class="removed" id="{prefix}-removed">{head}<p class="none">Nothing.</p></section>'
    kinds: dict[str, list[dict]] = {}
    for item in removed:
        kinds.setdefault(item.get("kind") or "?", []).append(item)
    notes = ""
    if texts is None:
        notes = ('<p class="note">The text of removed parts is shown when the report is built '
                 'with <code>--inputs</code> (the folder the run read).</p>')
    elif texts.notes:
        notes = "".join(f'<p class="note">{escape(n)}</p>' for n in texts.notes)
    blocks = []
    for kind, items in kinds.items():
        chars = sum(int(i.get("chars") or 0) for i in items)
        lis = []
        for item in items:
            name = escape(item.get("name") or "?")
            size = f'<span class="n">{int(item.get("chars") or 0):,}</span>'
            found = texts.parts.get((kind, item.get("name"))) if texts else None
            if found:
                text = escape("\n".join(found))
                lis.append(f'<li><details><summary><code>{name}</code>{size}</summary>'
                           f'<pre>{text}</pre></details></li>')
            else:
                lis.append(f'<li class="plain"><code>{name}</code>{size}</li>')
        blocks.append(f'<div class="kind"><h4>{escape(kind)} <span class="sub">{chars:,}</span></h4>'
                      f'<ul class="parts">{"".join(lis)}</ul></div>')
    return f'<section class="removed" id="{prefix}-removed">{head}{notes}{"".join(blocks)}</section>'


# --- source ----------------------------------------------------------------------------------


def _source(record: dict, inputs: ArticleInputs, prefix: str) -> str:
    source = record.get("source") or {}
    path = escape(source.get("path") or "?")
    if inputs.source_href:
        path = f'<a href="{escape(inputs.source_href)}">{path}</a>'
    rows = [("input", path), ("site", escape(source.get("site") or "?")),
            ("format", escape(source.get("format") or "?")),
            ("SHA-256", f'<code class="sha">{escape(source.get("sha256") or "?")}</code>')]
    if source.get("url"):
        rows.append(("address", _anchor(source["url"])))
    if source.get("record_id"):
        rows.append(("site id", escape(source["record_id"])))
    rows.append(("record", f"<code>{escape(inputs.file)}</code>"))
    for other in record.get("also_from") or []:
        rows.append(("also from", f'{escape(other.get("path") or "?")} '
                                  f'<span class="alt">({escape(other.get("site") or "?")})</span>'))
    for line in inputs.manifest:
        status = escape(line.get("status") or "?")
        message = f' <span class="alt">{escape(line["message"])}</span>' if line.get("message") else ""
        rows.append(("run", f'{escape(line.get("input") or "?")} <span class="chip">{status}</span>{message}'))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<section class="source" id="{prefix}-source"><h3>Source</h3><table>{body}</table></section>'


# --- search index ----------------------------------------------------------------------------


def _index_entry(record: dict, anchor: str, inputs: ArticleInputs) -> dict:
    titles = record.get("title") or {}
    first = titles.get("en") or next(iter(titles.values()), "") or record.get("id", "")
    source = record.get("source") or {}
    ids = record.get("identifiers") or {}
    venue = record.get("venue") or {}
    words = [record.get("id", ""), *titles.values(), ids.get("doi") or "", ids.get("pmid") or "",
             venue.get("name") or "", venue.get("abbreviation") or "", source.get("path") or "",
             *(o.get("path") or "" for o in record.get("also_from") or []),
             f"site:{source.get('site')}", *(f"lang:{lang}" for lang in record.get("languages") or []),
             *(f"w:{w.get('code')}" for w in record.get("warnings") or [])]
    for author in record.get("authors") or []:
        words.extend([author.get("name") or "", author.get("name_ascii") or "",
                      *(author.get("names") or {}).values()])
    for keywords in (record.get("keywords") or {}).values():
        words.extend(keywords)
    return {
        "a": anchor,
        "t": first if len(first) <= 140 else first[:139] + "…",
        "w": len(record.get("warnings") or []),
        "l": " ".join(record.get("languages") or []),
        "f": "\n".join(w for w in words if w).lower(),
    }
