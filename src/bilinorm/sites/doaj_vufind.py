"""A DOAJ article shown by a VuFind catalog (record page with the staff view of Solr fields).

The staff view is a table of the catalog's Solr fields. Most are the catalog's own copies
(facets, sort keys, spelling and shingle copies) and are removed as `catalog_field`; but the
glued `spelling` copy is the only place that keeps author order with affiliation indexes, the
affiliation strings, the volume and article number, and (read against `topic`) the boundaries
between keywords, so it is mined before it is dropped.
"""

from __future__ import annotations

import re
import weakref

from ..errors import NoArticleFound
from ..phrases import CATALOG_CHROME
from ..page import Page
from ..record import Draft, Flag, Identifiers, RawText, Removal
from ..text import clean
from . import _common, _vufind
from ._vufind import first as _first

NAME = "doaj-vufind"

# A staff-view row `name | value |`. The row's end is cut in _field_row, not by the pattern:
# a lazy `(.*?)(?: ?\|)?$` costs a step per character of the long glued fields.
_FIELD_ROW = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*) \| ?")
_TABLE_RULE = re.compile(r"^-{3,}\|(?:-{3,}\|?)*$")
# A details row `Label: | value |`: only the label is read (what follows the bar is the value).
_DETAIL_ROW = re.compile(r"([^|]{1,40}?):\s*\|")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_DOI = re.compile(r"10\.\d{4,9}/[^\s|\"<>]+")
_URL_VIEW = re.compile(r"/(full|abstract|pdf|html)$")
# A capital glued to a lower-case letter or closing mark before it: the boundary is before the
# capital. (Searched for by the capital, the rarer character: twice as fast as a pattern that
# starts with a look-behind.)
_GLUE_BOUNDARY = re.compile(r"[A-Z](?<=[a-z.)\]][A-Z])")


def detect(page: Page) -> float:
    fields = _page_fields(page) if page.format in ("text", "html") else {}
    if not fields:
        return 0.0
    vufind = sum(name in fields for name in ("spellingShingle", "title_sort", "work_keys_str_mv",
                                              "author_facet", "_version_", "record_format"))
    doaj = any(v.startswith("doaj-") for v in fields.get("id", [])) or "DOAJ" in fields.get("collection", [])
    if vufind >= 2 and doaj:
        return 1.0
    return 0.5 if vufind >= 2 else 0.0


def extract(page: Page) -> list[Draft]:
    staff_start, fields = _staff_view(page)
    title = _first(fields, "title")
    if not title:
        raise NoArticleFound("the catalog record has no title field")
    draft = Draft(site=NAME)
    _vufind.read_record(draft, fields)
    spelling = _first(fields, "spelling") or ""
    glued = _GluedSpelling(spelling, fields)

    _read_authors(draft, fields, glued)
    _read_venue(draft, fields, glued)
    _read_keywords(draft, fields, glued)
    _account_removed(draft, page.lines[:staff_start or 0], fields)
    return [draft]


# --- the staff view ---------------------------------------------------------------------

# detect() and extract() read the same fields off the same page: read them once per page,
# with the line the staff view starts at (None: the page has none).
_VIEWS: weakref.WeakKeyDictionary[Page, tuple[int | None, dict[str, list[str]]]] = weakref.WeakKeyDictionary()


def _staff_view(page: Page) -> tuple[int | None, dict[str, list[str]]]:
    view = _VIEWS.get(page)
    if view is None:
        start = _staff_start(page.lines)
        view = _VIEWS[page] = (start, _staff_fields(page.lines, start))
    return view


def _page_fields(page: Page) -> dict[str, list[str]]:
    return _staff_view(page)[1]



def _staff_fields(lines: list[str], start: int | None) -> dict[str, list[str]]:
    """Solr field name -> values, from the `name | value |` rows of the staff view from line
    `start` on. A value continued on following lines (one Solr value per line in HTML
    renderings) is kept per line."""
    fields: dict[str, list[str]] = {}
    if start is None:
        return fields
    current: list[str] | None = None
    for line in lines[start:]:
        if not line or (line.startswith("---") and _TABLE_RULE.match(line)):
            continue
        row = _field_row(line)
        if row:
            current = fields.setdefault(row[0], [])
            if row[1]:
                current.append(row[1])
        elif current is not None:
            value = line.rstrip("|").strip()
            if value:
                current.append(value)
    return fields


def _field_row(line: str) -> tuple[str, str] | None:
    """(name, value) of a `name | value |` row: the value without its closing bar, stripped
    (a space before the bar goes with the strip)."""
    m = _FIELD_ROW.match(line)
    if not m:
        return None
    return m.group(1), line[m.end():].removesuffix("|").strip()  # page lines hold no newline


# The rows a staff view starts with: `name |` for the fields that come first in one.
_STAFF_FIRST_ROWS = tuple(f"{name} |" for name in
                          ("_version_", "author", "author_facet", "spelling", "id", "collection"))


def _staff_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        # `line.startswith("author |")` is `_FIELD_ROW` matching the name `author`: a name
        # runs to the first space.
        if line.startswith(_STAFF_FIRST_ROWS):
            # The staff view is a run of field rows; a lone match in prose is not.
            rows = sum(1 for later in lines[i:i + 12] if _FIELD_ROW.match(later))
            if rows >= 4:
                return i
    return None


# --- the glued `spelling` copy --------------------------------------------------------------


class _GluedSpelling:
    """The `spelling` field cut at the values the page shows elsewhere; what lies between
    those anchors is read by position (volume, DOI, article number, authors, affiliations)."""

    def __init__(self, spelling: str, fields: dict[str, list[str]]):
        self.text = spelling
        self.fields = fields
        self.title_end = self._end_of(_first(fields, "title"))
        self.abstract_start = self._start_of((_first(fields, "description") or "")[:60])
        self.abstract_end = self._end_of((_first(fields, "description") or "")[-60:])

    def _start_of(self, value: str | None) -> int:
        return self.text.find(value) if value else -1

    def _end_of(self, value: str | None) -> int:
        pos = self._start_of(value)
        return pos + len(value) if value and pos >= 0 else -1

    def holds(self, value: str) -> bool:
        """Whether the text holds `value` in any case. Lower-casing keeps ASCII letters where
        they stand, so an ASCII value found as it is needs no lower-cased copy of the text."""
        lowered = value.lower()
        return (lowered.isascii() and lowered in self.text) or lowered in self.text.lower()

    def citation_segment(self) -> str:
        """What lies between the publication date and the title: volume, DOI, number."""
        date = _first(self.fields, "publishDate")
        title = _first(self.fields, "title")
        if not date or not title:
            return ""
        start = self._end_of(date)
        end = self._start_of(title)
        return self.text[start:end] if 0 <= start <= end else ""

    def people_segment(self) -> str:
        """Authors with affiliation indexes, then the affiliations, glued."""
        if self.title_end < 0 or self.abstract_start < self.title_end:
            return ""
        return self.text[self.title_end:self.abstract_start]

    def keyword_segment(self) -> str:
        if self.abstract_end < 0:
            return ""
        tail = self.text[self.abstract_end:]
        url = _first(self.fields, "url")
        if url and tail.startswith(url):
            tail = tail[len(url):]
        return tail


def _read_venue(draft: Draft, fields: dict[str, list[str]], glued: _GluedSpelling) -> None:
    doi = _find_doi(fields, glued)
    segment = glued.citation_segment()
    if doi and segment:
        pos = segment.lower().find(doi.lower())
        if pos >= 0:
            draft.venue.volume = _volume(segment[:pos], draft.published)
            draft.venue.article_number = _article_number(segment[pos + len(doi):], doi)
    draft.identifiers = Identifiers(doi=doi.lower() if doi else None, doaj=draft.identifiers.doaj)


def _volume(digits: str, published: str | None) -> str | None:
    """The digits glued before the DOI are volume, issue and pages run together (the DOAJ
    record's order); only a short run, or one equal to the year, is surely the volume alone."""
    if digits.isdigit() and (len(digits) <= 3 or (published and digits == published[:4])):
        return digits
    return None


def _article_number(tail: str, doi: str) -> str | None:
    """The publisher's record id follows the DOI; it is the article number when the DOI ends
    with it (`10.3389/fimmu.2025.1529883` then `1529883`), and unknown otherwise."""
    if tail and re.fullmatch(r"[A-Za-z]?\d+", tail) and doi.lower().endswith(tail.lower()):
        return tail
    return None


def _find_doi(fields: dict[str, list[str]], glued: _GluedSpelling) -> str | None:
    doi = _vufind.doi_field(fields)
    if doi:
        return doi
    for url in fields.get("url", []):
        m = _DOI.search(url)
        if m:
            doi = _common.clean_doi(_URL_VIEW.sub("", m.group(0)))
            # A URL path can hold another work's DOI; the glued copy confirms it when present.
            if doi and (not glued.text or glued.holds(doi)):
                return doi
    segment = glued.citation_segment()
    m = _DOI.search(segment)
    if not m:
        return None
    candidate = m.group(0)
    # The DOI runs into the article number: `…fimmu.2025.15298831529883`; the number is the
    # DOI's own last digits repeated.
    for cut in range(len(candidate) - 1, len(candidate) // 2, -1):
        head, tail = candidate[:cut], candidate[cut:]
        if tail.isdigit() and len(tail) >= 3 and head.endswith(tail):
            return head
    return candidate


def _read_authors(draft: Draft, fields: dict[str, list[str]], glued: _GluedSpelling) -> None:
    byline = " ".join(fields.get("author", []))
    people = glued.people_segment()
    indexed = _indexed_names(people, byline) if people else None
    if indexed:
        names, rest = indexed
        affiliation_strings = _split_glued_affiliations(rest, len(names))
        if affiliation_strings is None and rest:
            draft.warnings.append(Flag("affiliation_mismatch", "affiliations",
                                       f"could not split the glued affiliations into {len(names)} parts"))
        _vufind.assign_authors(draft, names, affiliation_strings or [])
        return
    names = _names_from_work_keys(fields)
    if not names and fields.get("author"):
        names = list(fields["author"]) if len(fields["author"]) > 1 else []
    _vufind.assign_authors(draft, names, [])


def _indexed_names(people: str, byline: str) -> tuple[list[str], str] | None:
    """`Zhao-Xia Ma0Xing-Fei Wu1…Min Hu8<affiliations>`: names in byline order, and the rest.
    Reading stops when the names read so far spell the `author` field exactly."""
    names: list[str] = []
    joined = ""  # " ".join(names)
    pos = 0
    index = 0
    while pos < len(people):
        mark = people.find(str(index), pos)
        if mark <= pos:
            break
        name = people[pos:mark]
        joined = f"{joined} {name}" if names else name
        names.append(name)
        pos = mark + len(str(index))
        index += 1
        if byline and joined == byline:
            return names, people[pos:]
        if byline and not byline.startswith(joined):
            return None
    return (names, people[pos:]) if names and not byline else None


def _split_glued_affiliations(glued: str, count: int) -> list[str] | None:
    """Cut `…Kunming, Yunnan, ChinaProduction Department, …` into `count` affiliations at the
    places where one ends and the next begins with no space between them."""
    if count == 0 or not glued:
        return None
    if count == 1:
        return [glued]
    cuts = [m.start() for m in _GLUE_BOUNDARY.finditer(glued)]
    if len(cuts) < count - 1:
        return None
    if len(cuts) > count - 1:
        cuts = _best_cuts(glued, cuts, count - 1)
    bounds = [0, *cuts, len(glued)]
    return [glued[a:b].strip() for a, b in zip(bounds, bounds[1:])]


def _best_cuts(glued: str, cuts: list[int], needed: int) -> list[int]:
    """Prefer cuts after a place name ending an address (`…, China`) over cuts inside words
    such as `McGill` or `ShanghaiTech`: rank by whether the text before ends a comma list."""
    def score(cut: int) -> tuple[int, int]:
        last_comma = glued.rfind(",", 0, cut)
        ends_list = last_comma >= 0 and len(glued[last_comma + 1:cut].split()) <= 3
        return (1 if ends_list else 0, -cut)

    chosen = sorted(sorted(cuts, key=score, reverse=True)[:needed])
    return chosen


def _names_from_work_keys(fields: dict[str, list[str]]) -> list[str]:
    """Cut the space-joined `author` field into names with `work_keys_str_mv`, whose
    `AT zhaoxiama …` keys are each author's name folded to letters."""
    byline = " ".join(fields.get("author", []))
    keys = re.findall(r"\bAT (\S+) ", " ".join(fields.get("work_keys_str_mv", [])) + " ")
    if not byline or not keys:
        return []
    from unidecode import unidecode

    tokens = byline.split()
    names: list[str] = []
    for key in keys:
        taken: list[str] = []
        while tokens:
            taken.append(tokens.pop(0))
            folded = re.sub(r"[^a-z0-9]", "", unidecode(" ".join(taken)).lower())
            if folded == key:
                break
            if not key.startswith(folded):
                return []
        names.append(" ".join(taken))
    return names if not tokens else []


def _read_keywords(draft: Draft, fields: dict[str, list[str]], glued: _GluedSpelling) -> None:
    topics = fields.get("topic", [])
    if len(topics) > 1:
        keywords = topics
    elif topics:
        keywords = _keyword_boundaries(topics[0], glued.keyword_segment()) or [topics[0]]
    else:
        keywords = []
    for keyword in keywords:
        draft.keywords.append(RawText(clean(keyword)))


def _keyword_boundaries(spaced: str, glued: str) -> list[str] | None:
    """`case report Sjögren’s syndrome` against `case reportSjögren’s syndrome`: a space the
    glued copy lacks is a boundary between two keywords."""
    if not glued or glued.replace(" ", "") != spaced.replace(" ", ""):
        return None
    # Walked word by word: `j` is where the glued copy stands after the words read so far.
    words = spaced.split(" ")
    keywords: list[str] = []
    current = words[0]
    j = len(current)
    for word in words[1:]:
        if glued.startswith(" ", j):
            current += " " + word
            j += 1
        else:
            keywords.append(current)
            current = word
        j += len(word)
    keywords.append(current)
    return [k for k in keywords if k]


# --- accounting ------------------------------------------------------------------------------


def _account_removed(draft: Draft, head_lines: list[str], fields: dict[str, list[str]]) -> None:
    """The lines above the staff view (title, teaser, site chrome), then the catalog fields."""
    head = [line for line in head_lines if line]
    title = _first(fields, "title") or ""
    for line in head:
        if line == title:
            draft.removed.append(Removal("duplicate", "title", len(line), line))
        elif line.endswith("...") or line.endswith("…"):
            draft.removed.append(Removal("duplicate", "description_teaser", len(line), line))
        else:
            draft.removed.append(Removal("site_chrome", _chrome_name(line), len(line), line))
    _vufind.account_fields(draft, fields)


_CHROME_PHRASES = tuple(phrase for phrase, _ in CATALOG_CHROME)


def _chrome_name(line: str) -> str:
    if line.startswith(_CHROME_PHRASES):
        return next(name for phrase, name in CATALOG_CHROME if line.startswith(phrase))
    m = _DETAIL_ROW.match(line)
    if m:
        return "details:" + m.group(1)
    return "details"
