"""Legacy PubMed abstract pages (www.ncbi.nlm.nih.gov/pubmed, about 2008–2016), in HTML.

They carry no `citation_*` metadata: only `ncbi_*` tags (`ncbi_db=pubmed`, `ncbi_uidlist` is
the PMID). The record is printed in one block, in two generations of layout:

    div.rprt (2012–2016)           dl.AbstractPlusReport (about 2008)
      div.cit   citation line        span.ti  citation line (journal's full name in title=)
      h1        title                dd.abstract > h2  title
      div.auths authors + sup        div.authors       authors
      div.afflist li (sup number)    p.affiliation     affiliation
      div.abstr h4 + AbstractText    p.abstract        abstract
      div.keywords                   p.pmid            PMID
      dl.rprtid PMID, DOI

The structured abstract keeps PubMed's own `Label` and `NlmCategory` (the page embeds the
XML's `<AbstractText>` elements). A copyright line after the abstract, publication types, MeSH
terms and substances are not abstract text; they are accounted in `removed`.
"""

from __future__ import annotations

import re

from bs4 import Tag

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, Link, RawAbstract, RawSection, RawText, Removal
from ..text import clean
from . import _common
from ._html_body import visible_text
from ._removed import account_html_page

NAME = "pubmed"

_WS = re.compile(r"\s+")
_PMID = re.compile(r"PMID:\s*(\d+)")
# NLM's indexing of the record, printed under the abstract (the rest there is LinkOut)
_INDEXING = frozenset(("publication_types", "mesh_terms", "substances", "grant_support",
                       "supplementary_concepts", "secondary_source_id"))


def detect(page: Page) -> float:
    if page.format != "html" or "ncbi_" not in page.text[:20000]:
        return 0.0
    meta = {m.get("name"): m.get("content") for m in page.soup.find_all("meta", attrs={"name": True})}
    if meta.get("ncbi_db") != "pubmed":
        return 0.0
    if page.soup.find("div", class_="rprt") or page.soup.find("dl", class_="AbstractPlusReport"):
        return 1.0
    return 0.0


def extract(page: Page) -> list[Draft]:
    soup = page.soup
    reports = soup.select("div.rprt") or soup.select("dl.AbstractPlusReport")
    if len(reports) != 1:
        raise NoArticleFound(f"the PubMed page lists {len(reports)} records, not one abstract")
    report = reports[0]
    draft = Draft(site=NAME)
    if report.name == "dl":
        _read_abstract_plus(report, draft)
    else:
        _read_rprt(report, draft)
    if not draft.titles:
        raise NoArticleFound("the PubMed record on the page has no title")
    uid = soup.find("meta", attrs={"name": "ncbi_uidlist"})
    if not draft.identifiers.pmid and uid and str(uid.get("content", "")).isdigit():
        draft.identifiers.pmid = str(uid["content"])
    draft.record_id = draft.identifiers.pmid
    if draft.identifiers.pmid:
        draft.url = f"https://www.ncbi.nlm.nih.gov/pubmed/{draft.identifiers.pmid}"
        draft.links.append(Link("landing", draft.url))
    draft.declared_language = "en"
    text = " ".join(s.text for a in draft.abstracts for s in a.sections or ()) + " ".join(
        a.text for a in draft.abstracts)
    draft.identifiers.trial_registrations = _common.trial_registrations(text)
    account_html_page(page, draft)
    return [draft]


# --- 2012-2016 layout ---------------------------------------------------------------------------


def _read_rprt(report: Tag, draft: Draft) -> None:
    cit = report.select_one("div.cit")
    if cit:
        _read_citation(draft, _text(cit), _journal_name(cit))
    title = report.find("h1")
    if title:
        draft.titles.append(RawText(_text(title), "en"))
    affiliations = {}
    for li in report.select("div.afflist li"):
        sup = li.find("sup")
        key = _text(sup) if sup else ""
        if sup:
            sup.extract()
        affiliations[key] = clean(_text(li))
    draft.affiliations = list(dict.fromkeys(affiliations.values()))
    auths = report.select_one("div.auths")
    if auths:
        for link in auths.find_all("a"):
            author = make_author(_text(link))
            sup = link.find_next_sibling()
            if sup is not None and sup.name == "sup":
                for key in re.split(r"\s*,\s*", _text(sup)):
                    if key in affiliations:
                        author.affiliations.append(draft.affiliations.index(affiliations[key]))
            elif len(draft.affiliations) == 1 and "" in affiliations:
                author.affiliations.append(0)
            draft.authors.append(author)
    abstract = report.select_one("div.abstr")
    if abstract:
        _read_abstract(abstract, draft)
    keywords = report.select_one("div.keywords p")
    if keywords:
        draft.keywords = [RawText(k, "en") for k in re.split(r"\s*;\s*", _text(keywords)) if k]
    for dt in report.select("dl.rprtid dt"):
        dd = dt.find_next_sibling("dd")
        label, value = _text(dt).rstrip(":"), _text(dd) if dd else ""
        if label == "PMID" and value.isdigit():
            draft.identifiers.pmid = value
        elif label == "DOI":
            draft.identifiers.doi = _common.clean_doi(value) or draft.identifiers.doi
        elif label == "PMCID":
            draft.identifiers.pmcid = value.split()[0] if value else None
    for block in report.select("div.morecit h4"):
        items = block.find_next_sibling("ul")
        name = _snake(_text(block))
        kind = "metadata" if name in _INDEXING else "site_chrome"
        draft.removed.append(Removal(kind, name, len(visible_text(items)) if items else 0))


def _read_abstract(abstract: Tag, draft: Draft) -> None:
    sections: list[RawSection] = []
    texts: list[str] = []
    for p in abstract.find_all("p"):
        element = p.find("abstracttext")
        if element is None:
            draft.removed.append(Removal("copyright", "copyright", len(_text(p))))
            continue
        label = element.get("label")
        if label:
            heading = p.find_previous_sibling("h4")
            printed = _text(heading).rstrip(": ") if heading else label
            sections.append(RawSection(printed, _text(element), None, element.get("nlmcategory")))
        else:
            texts.append(_text(element))
    if sections:
        draft.abstracts.append(RawAbstract(sections=sections, lang="en", where="div.abstr"))
    elif texts:
        draft.abstracts.append(RawAbstract(text="\n\n".join(texts), lang="en", where="div.abstr"))


# --- about-2008 AbstractPlus layout -----------------------------------------------------------


def _read_abstract_plus(report: Tag, draft: Draft) -> None:
    ti = report.select_one("span.ti")
    if ti:
        number = ti.find("b")
        if number:
            number.extract()
        journal = ti.find("span", title=True)
        _read_citation(draft, _text(ti), str(journal["title"]) if journal else None)
    body = report.select_one("dd.abstract")
    if body is None:
        return
    title = body.find("h2")
    if title:
        draft.titles.append(RawText(_text(title), "en"))
    affiliation = body.select_one("p.affiliation")
    if affiliation:
        draft.affiliations = [clean(_text(affiliation))]
    authors = body.select_one("div.authors")
    if authors:
        for link in authors.find_all("a"):
            author = make_author(_text(link))
            author.affiliations = [0] if draft.affiliations else []
            draft.authors.append(author)
    abstract = body.select_one("p.abstract")
    if abstract:
        draft.abstracts.append(RawAbstract(text=_text(abstract), lang="en", where="p.abstract"))
    pmid = body.select_one("p.pmid")
    if pmid:
        m = _PMID.search(_text(pmid))
        draft.identifiers.pmid = m.group(1) if m else None


# --- shared ------------------------------------------------------------------------------------


def _read_citation(draft: Draft, line: str, journal: str | None) -> None:
    """`Clin Drug Investig. 2012 Mar 1;32(3):171-8. doi: 10.2165/….` (PubMed's citation)."""
    parts = _common.parse_nlm_citation(line)
    venue = draft.venue
    venue.abbreviation = parts["abbreviation"]
    venue.name = clean(journal).rstrip(".") if journal else None
    venue.volume, venue.issue, venue.pages = parts["volume"], parts["issue"], parts["pages"]
    draft.published = parts["published"]
    draft.identifiers.doi = parts["doi"]


def _journal_name(cit: Tag) -> str | None:
    link = cit.find("a", title=True)
    return str(link["title"]) if link else None


def _text(tag: Tag) -> str:
    """Text of an inline run (`<i>`, `<sup>` join their neighbours without a space)."""
    return _WS.sub(" ", tag.get_text("")).strip()


def _snake(text: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", text.lower())) or "metadata"
