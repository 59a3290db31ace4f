"""A record as a CSL-JSON item (Citation Style Language 1.0.2 input data), for reference
managers and citation processors (Zotero, pandoc-citeproc, citeproc-js)."""

from __future__ import annotations

import re
from typing import Any

from .searchdoc import article_url

# Chinese two-character surnames; any other Chinese name has a one-character surname.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 轩辕 "
    "歐陽 司馬 諸葛 東方 長孫".split())
_HAN_NAME = re.compile(r"[\u3400-\u9fff]{2,5}")
_PARTICLES = frozenset("van von der den de del della di da dos das du le la ter ten zu".split())
_SUFFIXES = frozenset(("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"))


def csl_item(record: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON item of a record given as plain data. Only variables with a value appear."""
    titles: dict[str, str] = record["title"]
    main = _main_language(record)
    venue = record["venue"]
    ids = record["identifiers"]
    item: dict[str, Any] = {"id": record["id"], "type": "article-journal"}
    if main:
        item["language"] = (record.get("scripts") or {}).get(main, main)
    if main in titles:
        item["title"] = titles[main]
    translated = [lang for lang in ("en", "zh") if lang in titles and lang != main]
    if translated:
        item["translated-title"] = titles[translated[0]]
    item["author"] = [csl_name(a["name"]) for a in record["authors"]]
    item["container-title"] = venue.get("name") or venue.get("abbreviation")
    if venue.get("name"):
        item["container-title-short"] = venue.get("abbreviation")
    item["publisher"] = venue.get("publisher")
    item["ISSN"] = (venue.get("issn") or [None])[0]
    item["volume"] = venue.get("volume")
    item["issue"] = venue.get("issue")
    item["page"] = venue.get("pages")
    item["number"] = venue.get("article_number")
    if record.get("published"):
        item["issued"] = {"date-parts": [[int(part) for part in record["published"].split("-")]]}
    item["DOI"] = ids.get("doi")
    item["PMID"] = ids.get("pmid")
    item["PMCID"] = ids.get("pmcid")
    item["URL"] = article_url(record)
    item["abstract"] = _abstract(record["abstract"].get(main, ()), main)
    item["keyword"] = ", ".join(record["keywords"].get(main, ())) or None
    custom: dict[str, Any] = {}
    if len(titles) > 1:
        custom["titles"] = dict(titles)
    if ids.get("trial_registrations"):
        custom["trial_registrations"] = list(ids["trial_registrations"])
    item["custom"] = custom
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def csl_name(name: str) -> dict[str, str]:
    """`Zhao-Xia Ma` -> family `Ma`, given `Zhao-Xia`; `O'Byrne, Paul M` -> by the comma;
    `谢敏` -> family `谢`, given `敏`; `BAO Xinglan` (pinyin, surname in capitals first) ->
    family `BAO`. A name that cannot be split is a `literal`.

    >>> csl_name("Ludwig van Beethoven")
    {'family': 'Beethoven', 'given': 'Ludwig', 'non-dropping-particle': 'van'}
    """
    name = " ".join(name.split())
    if _HAN_NAME.fullmatch(name):
        cut = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
        return {"family": name[:cut], "given": name[cut:]}
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given:
            return {"family": family, "given": given}
    words = name.split(" ")
    if len(words) < 2 or "," in name:
        return {"literal": name}
    out: dict[str, str] = {}
    if words[-1] in _SUFFIXES and len(words) > 2:
        out["suffix"] = words.pop()
    first = words[0]
    if first.isupper() and len(first) > 1 and first.isalpha() and not any(w.isupper() for w in words[1:]):
        return {"family": first, "given": " ".join(words[1:]), **out}
    family = words.pop()
    particles = []
    while len(words) > 1 and words[-1] in _PARTICLES:
        particles.insert(0, words.pop())
    result = {"family": family, "given": " ".join(words)}
    if particles:
        result["non-dropping-particle"] = " ".join(particles)
    return result | out


def _main_language(record: dict[str, Any]) -> str | None:
    if record["languages"]:
        return record["languages"][0]
    return next(iter(record["title"]), None)


def _abstract(sections, lang: str | None) -> str | None:
    colon = "：" if lang == "zh" else ": "
    text = "\n".join(f"{s['heading']}{colon}{s['text']}" if s.get("heading") else s["text"]
                     for s in sections)
    return text or None
