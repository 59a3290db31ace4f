"""The flat search document: one record as the fields a search engine indexes.

Every export format and the embedded index are built from this one document, so a fact
that reaches one of them reaches all. It reads the record as plain data (as stored in OUT),
never rewords canonical text, and adds only folded search keys: `authors_ascii` (unidecode,
which also folds what diacritic stripping cannot: `ł`, `ø`, `ß`, and gives pinyin for Chinese
names) and `*_zh_hans` (the Chinese text in simplified script, present only when the record's
Chinese is traditional or mixed). Empty fields are left out; keys come in `FIELDS` order.
"""

from __future__ import annotations

from typing import Any

from unidecode import unidecode

from ..language import to_simplified

# NLM categories, each of which gets a field per language (`methods_en`, `results_zh`, …).
CATEGORIES = ("BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS", "UNASSIGNED")
SECTION_LANGUAGES = ("en", "zh")

# Every field a search document can have, with its kind. The shipped Elasticsearch template
# and Solr schema name exactly these fields (a test holds them to it).
#   keyword: exact value   keywords: list of exact values   integer, date: as named
#   text_en / text_zh / text_multi: analysed text (English / Chinese / any language)
#   *_list: a list of such texts   stored: kept for display, not searched
FIELDS: dict[str, str] = {
    "id": "keyword",
    "languages": "keywords",
    "title_en": "text_en",
    "title_zh": "text_zh",
    "title_zh_hans": "text_zh",
    "title_other": "text_multi_list",
    "abstract_en": "text_en",
    "abstract_zh": "text_zh",
    "abstract_zh_hans": "text_zh",
    "abstract_other": "text_multi_list",
    **{f"{category.lower()}_{lang}": f"text_{lang}"
       for lang in SECTION_LANGUAGES for category in CATEGORIES},
    "keywords_en": "text_en_list",
    "keywords_zh": "text_zh_list",
    "keywords_zh_hans": "text_zh_list",
    "keywords_other": "text_multi_list",
    "authors": "text_multi_list",
    "authors_ascii": "text_multi_list",
    "author_variants": "text_multi_list",
    "affiliations": "text_multi_list",
    "venue": "text_multi",
    "venue_abbreviation": "text_multi",
    "publisher": "text_multi",
    "issn": "keywords",
    "volume": "keyword",
    "issue": "keyword",
    "pages": "keyword",
    "article_number": "keyword",
    "published": "date",
    "year": "integer",
    "doi": "keyword",
    "pmid": "keyword",
    "pmcid": "keyword",
    "doaj": "keyword",
    "trial_registrations": "keywords",
    "url": "stored",
}


def search_document(record: dict[str, Any]) -> dict[str, Any]:
    """The flat search document of a record given as plain data (`Record.to_dict()` or the
    parsed JSON of a record file). Raises KeyError/TypeError on data that is not a record."""
    doc: dict[str, Any] = {"id": record["id"], "languages": list(record["languages"])}
    titles: dict[str, str] = record["title"]
    abstract: dict[str, list[dict]] = record["abstract"]
    keywords: dict[str, list[str]] = record["keywords"]
    others = [lang for lang in _languages(record) if lang not in SECTION_LANGUAGES]

    for lang in SECTION_LANGUAGES:
        doc[f"title_{lang}"] = titles.get(lang)
        doc[f"abstract_{lang}"] = _join(s["text"] for s in abstract.get(lang, ()))
        for category in CATEGORIES:
            doc[f"{category.lower()}_{lang}"] = _join(
                s["text"] for s in abstract.get(lang, ()) if s["category"] == category)
        doc[f"keywords_{lang}"] = list(keywords.get(lang, ()))
    for name in ("title_zh", "abstract_zh"):
        doc[name + "_hans"] = _simplified(doc[name])
    simplified = [to_simplified(k) for k in doc["keywords_zh"]]
    doc["keywords_zh_hans"] = simplified if simplified != doc["keywords_zh"] else None
    doc["title_other"] = [titles[lang] for lang in others if lang in titles]
    doc["abstract_other"] = [_join(s["text"] for s in abstract[lang]) for lang in others
                             if abstract.get(lang)]
    doc["keywords_other"] = [k for lang in others for k in keywords.get(lang, ())]

    authors = record["authors"]
    doc["authors"] = [a["name"] for a in authors]
    doc["authors_ascii"] = [a.get("name_ascii") or " ".join(unidecode(a["name"]).split())
                            for a in authors]
    doc["author_variants"] = list(dict.fromkeys(
        name for a in authors for name in (a.get("names") or {}).values() if name != a["name"]))
    doc["affiliations"] = list(record["affiliations"])

    venue = record["venue"]
    doc["venue"] = venue.get("name")
    doc["venue_abbreviation"] = venue.get("abbreviation")
    doc["publisher"] = venue.get("publisher")
    doc["issn"] = list(venue.get("issn") or ())
    for key in ("volume", "issue", "pages", "article_number"):
        doc[key] = venue.get(key)
    doc["published"] = record.get("published")
    doc["year"] = _year(record.get("published"))

    ids = record["identifiers"]
    for key in ("doi", "pmid", "pmcid", "doaj"):
        doc[key] = ids.get(key)
    doc["trial_registrations"] = list(ids.get("trial_registrations") or ())
    doc["url"] = article_url(record)
    return {key: doc[key] for key in FIELDS if doc.get(key) not in (None, "", [])}


def _languages(record: dict[str, Any]) -> list[str]:
    """The record's languages, then any language that has content but is not listed."""
    found = list(record["languages"])
    for part in ("title", "abstract", "keywords"):
        found.extend(lang for lang in record[part] if lang not in found)
    return found


def _join(texts) -> str:
    return "\n".join(t for t in texts if t)


def _simplified(text: str | None) -> str | None:
    if not text:
        return None
    simplified = to_simplified(text)
    return simplified if simplified != text else None


def _year(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def article_url(record: dict[str, Any]) -> str | None:
    """Where a reader finds the article: landing page, full text, the page's own address, PDF."""
    links = {}
    for link in record.get("links") or ():
        links.setdefault(link["rel"], link["url"])
    return (links.get("landing") or links.get("fulltext") or (record.get("source") or {}).get("url")
            or links.get("pdf"))
