"""PubMed/MEDLINE XML: a `PubmedArticleSet`, a `MedlineCitationSet` (the yearly MEDLINE files),
or one `PubmedArticle`/`MedlineCitation`. Every citation is one draft.

NLM's XML says what other sources leave to guessing: the abstract's sections with their printed
`Label` and NLM's own `NlmCategory`, the article's language, the vernacular title, abstracts in
other languages. Those are taken as given. The parser never loads a DTD, resolves an entity or
touches the network, whatever the document declares.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import NoArticleFound
from ..names import make_author
from ..page import Page
from ..record import Draft, Flag, RawAbstract, RawSection, RawText, Removal, Venue
from ..text import clean, repair
from . import _common, _pubmed

NAME = _pubmed.SITE

_ROOT = re.compile(r"<(PubmedArticleSet|PubmedArticle|MedlineCitationSet|MedlineCitation)[\s>]")
_CITATION_TAGS = ("PubmedArticle", "MedlineCitation")
# Inline markup PubMed allows in titles and abstracts; sub- and superscripts attach to the
# character before them, so indentation a pretty-printer put before them is not text.
_SCRIPTS = frozenset(("sub", "sup"))
_INDENT = re.compile(r"\n[ \t]*\Z")
_MATH_TOKENS = frozenset(("mi", "mn", "mo", "ms"))
_MATH_SILENT = frozenset(("none", "mprescripts", "annotation", "annotation-xml"))
_UNLABELLED = "UNLABELLED"

# What a draft takes from a citation; every other element is accounted in `removed`.
_READ = {
    "MedlineCitation": frozenset("PMID Article KeywordList OtherAbstract OtherID".split()),
    "Article": frozenset("Journal ArticleTitle Pagination ELocationID Abstract AuthorList Language "
                         "VernacularTitle DataBankList".split()),
    "PubmedData": frozenset(("ArticleIdList",)),
}


def detect(page: Page) -> float:
    if page.format != "xml":
        return 0.0
    return 1.0 if _ROOT.search(page.text, 0, 8192) else 0.0


def extract(page: Page) -> list[Draft]:
    root, problem = _parse(page.text)
    drafts = [_draft(citation, pubmed_data) for citation, pubmed_data in _citations(root)]
    # A citation with neither title nor abstract (`[Not Available].` and nothing else, or the
    # stub a cut file ends with) is no article; the others are.
    drafts = [d for d in drafts if d.titles or d.abstracts]
    if not drafts:
        raise NoArticleFound(f"the PubMed XML ({_local(root.tag)}) holds no citation with a title or abstract")
    if problem:
        for draft in drafts:
            draft.warnings.append(Flag("malformed_input", "source", problem))
    return drafts


# --- the document ---------------------------------------------------------------------------


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=recover,
                           encoding="utf-8")


def _parse(text: str) -> tuple[etree._Element, str | None]:
    """The document's root, and what was wrong with it if only a lenient parse could read it
    (a truncated file still gives the citations before the cut)."""
    data = text.encode("utf-8")
    try:
        return etree.fromstring(data, _parser(False)), None
    except etree.XMLSyntaxError as exc:
        problem = f"the XML is not well-formed ({exc}); read what a lenient parse recovers"
        try:
            root = etree.fromstring(_only_xml_characters(text).encode("utf-8"), _parser(True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise NoArticleFound(f"the PubMed XML cannot be read: {exc}") from None
        return root, problem


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _only_xml_characters(text: str) -> str:
    """Character references to what XML forbids (`&#0;`, a lone surrogate `&#xD800;`, past
    U+10FFFF) as U+FFFD. A lenient parse keeps them as bytes that no string can hold, and
    reading that element's text would raise."""
    def check(m: re.Match) -> str:
        digits = (m.group(1) or m.group(2)).lstrip("0") or "0"
        if len(digits) > 8:
            return "&#xFFFD;"
        code = int(digits, 16 if m.group(1) else 10)
        allowed = (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                   or 0x10000 <= code <= 0x10FFFF)
        return m.group(0) if allowed else "&#xFFFD;"

    return _CHAR_REF.sub(check, text)


def _citations(root: etree._Element):
    """(MedlineCitation, PubmedData or None) for every citation, in document order."""
    tag = _local(root.tag)
    if tag == "MedlineCitation":
        return [(root, None)]
    if tag == "PubmedArticle":
        elements = [root]
    else:
        elements = [child for child in root if _local(child.tag) in _CITATION_TAGS]
    found = []
    for element in elements:
        if _local(element.tag) == "MedlineCitation":
            found.append((element, None))
        else:
            citation = element.find("MedlineCitation")
            if citation is not None:
                found.append((citation, element.find("PubmedData")))
    return found


def _local(tag) -> str:
    """The local name of a tag. Not `etree.QName`: it refuses the names a recovering parse
    keeps for unbound prefixes (`jats:sec`), and one such element must not end the page."""
    return tag.rpartition("}")[2].rpartition(":")[2] if isinstance(tag, str) else ""


# --- one citation ---------------------------------------------------------------------------


def _draft(citation: etree._Element, pubmed_data: etree._Element | None) -> Draft:
    draft = Draft(site=NAME)
    article = citation.find("Article")
    pmid = (citation.findtext("PMID") or "").strip() or None
    draft.identifiers.pmid = pmid
    draft.record_id = pmid
    if article is None:
        draft.warnings.append(Flag("missing_article", "source", f"citation {pmid} has no Article element"))
        article = etree.Element("Article")
    languages = [_pubmed.language_code(e.text) for e in article.findall("Language")]
    vernacular = next((lang for lang in languages if lang and lang != "en"), None)
    draft.declared_language = languages[0] if languages else None

    _read_titles(draft, article, vernacular)
    _read_authors(draft, article)
    _read_venue(draft, citation, article)
    _read_identifiers(draft, citation, article, pubmed_data)
    _read_keywords(draft, citation, draft.declared_language)
    _read_abstracts(draft, article, citation)
    _pubmed.add_trials(draft, _trial_accessions(article))
    _pubmed.add_trials(draft, _pubmed.trials_in_abstracts(draft))
    _account_unread(draft, citation, article, pubmed_data)
    return draft


def _read_titles(draft: Draft, article: etree._Element, vernacular: str | None) -> None:
    title = article.find("ArticleTitle")
    text = inline_text(title) if title is not None else ""
    if text.strip() and not _pubmed.drop_placeholder(draft, text, "ArticleTitle"):
        draft.titles.append(RawText(text, "en"))
    other = article.find("VernacularTitle")
    text = inline_text(other) if other is not None else ""
    if text.strip():
        # Without a non-English article language the vernacular title's language is guessed.
        draft.titles.append(RawText(text, vernacular))


def _read_authors(draft: Draft, article: etree._Element) -> None:
    affiliations: list[str] = []
    for person in article.iterfind("AuthorList/Author"):
        if person.get("ValidYN") == "N":
            continue
        collective = person.find("CollectiveName")
        if collective is not None:
            name = inline_text(collective)
        else:
            name = _pubmed.person_name(*(person.findtext(t) for t in ("LastName", "ForeName", "Initials", "Suffix")))
        name = clean(name)
        if not name:
            continue
        author = make_author(name)
        for element in person.iterfind("AffiliationInfo/Affiliation"):
            affiliation = clean(inline_text(element))
            if not affiliation:
                continue
            if affiliation not in affiliations:
                affiliations.append(affiliation)
            index = affiliations.index(affiliation)
            if index not in author.affiliations:
                author.affiliations.append(index)
        draft.authors.append(author)
    draft.affiliations = affiliations


def _read_venue(draft: Draft, citation: etree._Element, article: etree._Element) -> None:
    journal = article.find("Journal")
    if journal is None:
        journal = etree.Element("Journal")
    issue = journal.find("JournalIssue")
    if issue is None:
        issue = etree.Element("JournalIssue")
    draft.venue = Venue(
        name=_field(journal, "Title"),
        abbreviation=_field(journal, "ISOAbbreviation") or _field(citation, "MedlineJournalInfo/MedlineTA"),
        issn=list(dict.fromkeys(clean(e.text) for e in journal.iterfind("ISSN") if e.text and e.text.strip())),
        volume=_field(issue, "Volume"),
        issue=_field(issue, "Issue"),
        pages=_pages(article),
    )
    if not draft.venue.pages:
        location = article.find("ELocationID[@EIdType='pii']")
        if location is not None and location.get("ValidYN") != "N" and location.text:
            draft.venue.article_number = clean(location.text)
    date = issue.find("PubDate")
    if date is not None:
        draft.published = _pubmed.medline_date(date.findtext("Year"), date.findtext("Month"),
                                               date.findtext("Day"), date.findtext("MedlineDate"))


def _pages(article: etree._Element) -> str | None:
    pages = _field(article, "Pagination/MedlinePgn")
    if pages:
        return pages
    start, end = _field(article, "Pagination/StartPage"), _field(article, "Pagination/EndPage")
    return "-".join(p for p in (start, end) if p) or None


def _read_identifiers(draft: Draft, citation: etree._Element, article: etree._Element,
                      pubmed_data: etree._Element | None) -> None:
    ids = draft.identifiers
    for location in article.iterfind("ELocationID[@EIdType='doi']"):
        if location.get("ValidYN") != "N" and not ids.doi:
            ids.doi = _common.clean_doi(location.text)
    for other in citation.iterfind("OtherID"):
        ids.pmcid = ids.pmcid or _pubmed.pmcid(other.text)
    if pubmed_data is not None:
        for element in pubmed_data.iterfind("ArticleIdList/ArticleId"):
            kind, value = element.get("IdType"), (element.text or "").strip()
            if kind == "doi" and not ids.doi:
                ids.doi = _common.clean_doi(value)
            elif kind == "pmc" and not ids.pmcid:
                ids.pmcid = _pubmed.pmcid(value)
            elif kind == "pubmed" and not ids.pmid and value.isdigit():
                ids.pmid = value


def _read_keywords(draft: Draft, citation: etree._Element, article_language: str | None) -> None:
    # The keywords of an English-language article are English; others are identified.
    lang = "en" if article_language == "en" else None
    for element in citation.iterfind("KeywordList/Keyword"):
        keyword = clean(inline_text(element))
        if keyword:
            draft.keywords.append(RawText(keyword, lang))


def _read_abstracts(draft: Draft, article: etree._Element, citation: etree._Element) -> None:
    # NLM's <Abstract> is the English abstract (also of non-English articles); <OtherAbstract>
    # carries the others, with their language.
    abstract = article.find("Abstract")
    if abstract is not None:
        _add_abstract(draft, abstract, "en", "Abstract")
    for other in citation.iterfind("OtherAbstract"):
        lang = _pubmed.language_code(other.get("Language"))
        _add_abstract(draft, other, lang, f"OtherAbstract[{other.get('Language') or '?'}]")


def _add_abstract(draft: Draft, element: etree._Element, lang: str | None, where: str) -> None:
    parts = [(e.get("Label"), e.get("NlmCategory"), repair(inline_text(e))) for e in element.iterfind("AbstractText")]
    parts = [p for p in parts if p[2].strip()]
    for copyright_line in element.iterfind("CopyrightInformation"):
        draft.removed.append(Removal("copyright", "CopyrightInformation", len(inline_text(copyright_line).strip())))
    if len(parts) == 1 and parts[0][0] is None:
        if not _pubmed.drop_placeholder(draft, parts[0][2], where):
            # Unstructured: the sections stage looks for headings NLM left in the text.
            draft.abstracts.append(RawAbstract(text=parts[0][2], lang=lang, where=where))
        return
    sections = [_section(label, category, text) for label, category, text in parts]
    if sections:
        draft.abstracts.append(RawAbstract(sections=sections, lang=lang, where=where))


def _section(label: str | None, category: str | None, text: str) -> RawSection:
    if label is None or label.strip().upper() == _UNLABELLED:
        # NLM's `UNLABELLED` marks a part printed without a heading.
        return RawSection(None, text, "unlabelled", category or "UNASSIGNED")
    return RawSection(label.strip(), text, None, category)


def _trial_accessions(article: etree._Element) -> list[str]:
    found = []
    for bank in article.iterfind("DataBankList/DataBank"):
        registry = _pubmed.is_trial_registry(bank.findtext("DataBankName"))
        for number in bank.iterfind("AccessionNumberList/AccessionNumber"):
            value = (number.text or "").strip()
            if value and (registry or _common.trial_registrations(value)):
                found.append(value)
    return found


def _account_unread(draft: Draft, citation: etree._Element, article: etree._Element,
                    pubmed_data: etree._Element | None) -> None:
    """What the record does not keep (dates, MeSH, chemicals, references, history…), by
    element, with the size of its text."""
    for parent, name in ((citation, "MedlineCitation"), (article, "Article"), (pubmed_data, "PubmedData")):
        if parent is None:
            continue
        for child in parent:
            tag = _local(child.tag)
            if tag and tag not in _READ[name]:
                chars = len(" ".join("".join(child.itertext()).split()))
                draft.removed.append(Removal("pubmed_field", tag, chars))


# --- text -----------------------------------------------------------------------------------


def _field(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    return clean(inline_text(found)) or None


def inline_text(element: etree._Element) -> str:
    """The text of an element with its inline markup (`<i>`, `<sub>`, `<sup>`, MathML)
    reduced to characters, as NLM's own plain-text (MEDLINE) format prints it."""
    parts: list[str] = []
    _walk(element, parts)
    return "".join(parts)


def _walk(element: etree._Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = _local(child.tag)
        if tag == "math":
            parts.append(math_text(child))
        elif tag:
            if tag in _SCRIPTS and parts:
                parts[-1] = _INDENT.sub("", parts[-1])
            _walk(child, parts)
        if child.tail:
            parts.append(child.tail)


def math_text(element: etree._Element) -> str:
    """MathML as the characters it shows, in reading order: `<mmultiscripts>` puts its
    prescripts first (³He, ¹²⁹Xe -> `3He`, `129Xe`); layout whitespace is dropped."""
    tag = _local(element.tag)
    if tag in _MATH_SILENT or not tag:
        return ""
    if tag in _MATH_TOKENS:
        return (element.text or "").strip()
    if tag == "mtext":
        return element.text or ""
    children = [c for c in element if _local(c.tag)]
    if tag == "semantics":
        return math_text(children[0]) if children else ""
    if tag == "mmultiscripts" and children:
        base, scripts = children[0], children[1:]
        cut = next((i for i, c in enumerate(scripts) if _local(c.tag) == "mprescripts"), len(scripts))
        post, pre = scripts[:cut], scripts[cut + 1:]
        return "".join(math_text(c) for c in (*pre, base, *post))
    return "".join(math_text(c) for c in children)
