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

from ..errors import NoArticleFound
from ..html import Element, find, get_text, next_element, select, select_one
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
    root = page.tree
    meta = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name") is not None}
    if meta.get("ncbi_db") != "pubmed":
        return 0.0
    if find(root, "div", class_="rprt") is not None or find(root, "dl", class_="AbstractPlusReport") is not None:
        return 1.0
    return 0.0


def extract(page: Page) -> list[Draft]:
    root = page.tree
    reports = select(root, "div.rprt") or select(root, "dl.AbstractPlusReport")
    if len(reports) != 1:
        raise NoArticleFound(f"the PubMed page lists {len(reports)} records, not one abstract")
    report = reports[0]
    draft = Draft(site=NAME)
    if report.tag == "dl":
        _read_abstract_plus(report, draft)
    else:
        _read_rprt(report, draft)
    if not draft.titles:
        raise NoArticleFound("the PubMed record on the page has no title")
    uid = find(root, "meta", name="ncbi_uidlist")
    if not draft.identifiers.pmid and uid is not None and uid.get("content", "").isdigit():
        draft.identifiers.pmid = uid.get("content")
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


def _read_rprt(report: Element, draft: Draft) -> None:
    cit = select_one(report, "div.cit")
    if cit is not None:
        _read_citation(draft, _text(cit), _journal_name(cit))
    title = find(report, "h1")
    if title is not None:
        draft.titles.append(RawText(_text(title), "en"))
    affiliations = {}
    for li in select(report, "div.afflist li"):
        sup = find(li, "sup")
        key = _text(sup) if sup is not None else ""
        affiliations[key] = clean(_text(li, skip=sup))
    draft.affiliations = list(dict.fromkeys(affiliations.values()))
    auths = select_one(report, "div.auths")
    if auths is not None:
        for link in auths.iterdescendants("a"):
            author = make_author(_text(link))
            sup = next_element(link)
            if sup is not None and sup.tag == "sup":
                for key in re.split(r"\s*,\s*", _text(sup)):
                    if key in affiliations:
                        author.affiliations.append(draft.affiliations.index(affiliations[key]))
            elif len(draft.affiliations) == 1 and "" in affiliations:
                author.affiliations.append(0)
            draft.authors.append(author)
    abstract = select_one(report, "div.abstr")
    if abstract is not None:
        _read_abstract(abstract, draft)
    keywords = select_one(report, "div.keywords p")
    if keywords is not None:
        draft.keywords = [RawText(k, "en") for k in re.split(r"\s*;\s*", _text(keywords)) if k]
    for dt in select(report, "dl.rprtid dt"):
        dd = next_element(dt, "dd")
        label, value = _text(dt).rstrip(":"), _text(dd) if dd is not None else ""
        if label == "PMID" and value.isdigit():
            draft.identifiers.pmid = value
        elif label == "DOI":
            draft.identifiers.doi = _common.clean_doi(value) or draft.identifiers.doi
        elif label == "PMCID":
            draft.identifiers.pmcid = value.split()[0] if value else None
    for block in select(report, "div.morecit h4"):
        items = next_element(block, "ul")
        name = _snake(_text(block))
        kind = "metadata" if name in _INDEXING else "site_chrome"
        draft.removed.append(Removal(kind, name, len(visible_text(items)) if items is not None else 0))


def _read_abstract(abstract: Element, draft: Draft) -> None:
    sections: list[RawSection] = []
    texts: list[str] = []
    for p in abstract.iterdescendants("p"):
        element = find(p, "abstracttext")
        if element is None:
            draft.removed.append(Removal("copyright", "copyright", len(_text(p))))
            continue
        label = element.get("label")
        if label:
            heading = next(p.itersiblings("h4", preceding=True), None)
            printed = _text(heading).rstrip(": ") if heading is not None else label
            sections.append(RawSection(printed, _text(element), None, element.get("nlmcategory")))
        else:
            texts.append(_text(element))
    if sections:
        draft.abstracts.append(RawAbstract(sections=sections, lang="en", where="div.abstr"))
    elif texts:
        draft.abstracts.append(RawAbstract(text="\n\n".join(texts), lang="en", where="div.abstr"))


# --- about-2008 AbstractPlus layout -----------------------------------------------------------


def _read_abstract_plus(report: Element, draft: Draft) -> None:
    ti = select_one(report, "span.ti")
    if ti is not None:
        number = find(ti, "b")  # the result's number in the list, not part of the citation
        journal = find(ti, "span", title=True)
        _read_citation(draft, _text(ti, skip=number), journal.get("title") if journal is not None else None)
    body = select_one(report, "dd.abstract")
    if body is None:
        return
    title = find(body, "h2")
    if title is not None:
        draft.titles.append(RawText(_text(title), "en"))
    affiliation = select_one(body, "p.affiliation")
    if affiliation is not None:
        draft.affiliations = [clean(_text(affiliation))]
    authors = select_one(body, "div.authors")
    if authors is not None:
        for link in authors.iterdescendants("a"):
            author = make_author(_text(link))
            author.affiliations = [0] if draft.affiliations else []
            draft.authors.append(author)
    abstract = select_one(body, "p.abstract")
    if abstract is not None:
        draft.abstracts.append(RawAbstract(text=_text(abstract), lang="en", where="p.abstract"))
    pmid = select_one(body, "p.pmid")
    if pmid is not None:
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


def _journal_name(cit: Element) -> str | None:
    link = find(cit, "a", title=True)
    return link.get("title") if link is not None else None


def _text(tag: Element, *, skip: Element | None = None) -> str:
    """Text of an inline run (`<i>`, `<sup>` join their neighbours without a space)."""
    return _WS.sub(" ", get_text(tag, skip=skip)).strip()


def _snake(text: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", text.lower())) or "metadata"
