"""The heading lexicon: which printed headings start which kind of abstract section.

Defined by two data files in `bilinorm/data`: NLM's structured-abstract label list (label ->
NLM category, used unchanged) and `headings.tsv` (curated labels, Chinese and other-language
headings, and the non-section markers Abstract/摘要 and Keywords/关键词). Merging them
(normalizing, folding and labelling 2,674 headings) costs more than the rest of a process's
start, so the package also ships the result, `heading_keys.tsv`, and builds its tables from
that once per process; a test holds it equal to what the two files give. After editing
`headings.tsv`, run `python -m bilinorm.lexicon` to write it again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from unidecode import unidecode

NLM_FILE = "nlm_structured_abstract_labels_110613.txt"
HEADINGS_FILE = "headings.tsv"
KEYS_FILE = "heading_keys.tsv"

NLM_CATEGORIES = ("BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS")
UNASSIGNED = "UNASSIGNED"
UNLABELLED = "unlabelled"
ABSTRACT_MARKER = "abstract_marker"
KEYWORDS_MARKER = "keywords_marker"


@dataclass(frozen=True, slots=True)
class HeadingInfo:
    label: str
    category: str
    langs: tuple[str, ...] = ("en",)

    @property
    def is_marker(self) -> bool:
        """Abstract/摘要 and Keywords/关键词 introduce no section."""
        return self.label in (ABSTRACT_MARKER, KEYWORDS_MARKER)


# --- normal forms ------------------------------------------------------------------------

_CHAR_MAP = {"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u3000": " ", "\t": " "}
_TRANSLATE = str.maketrans(_CHAR_MAP)
_INLINE_SPACE = frozenset(" \t\u00a0\u3000")
_SPACES = re.compile(r"\s+")
# Decoration around a heading: brackets, a trailing colon or full stop.
_DECORATION = re.compile(r"^[\s【\[［]+|[\s】\]］:：.．]+$")
# Pinyin a traditional-script converter left after an ambiguous character: 結(jié)果.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-z\u00e0-\u00fc\u0101-\u01dc]{1,6}\)")
_NON_WORD = re.compile(r"[\W_]+")
_NOT_LABEL = re.compile(r"[^a-z0-9]+")
_PLURAL_S = re.compile(r"s?\(s\)")


def _lower(text: str) -> str:
    # Per character, so that keys agree with the character-by-character trie walk. str.lower()
    # differs from that only where it reads the context: a capital sigma (final ς or σ).
    if "\u03a3" not in text:
        return text.lower()
    return "".join(c.lower() for c in text)


def normalize(text: str) -> str:
    """The exact-match key: lower case, single spaces, without brackets or trailing colon."""
    text = _DECORATION.sub("", _PINYIN.sub("", text))
    return _SPACES.sub(" ", _lower(text.translate(_TRANSLATE))).strip()


def fold(key: str) -> str:
    """The looser key under which spelling variants meet: `(S)`, plural -s, `&`, punctuation."""
    words = _NON_WORD.split(key.replace("&", " and ").replace("(s)", " ").replace("'", ""))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w)


def snake_label(heading: str) -> str:
    """A label for a heading the lexicon does not know: `CASE STUDY 1` -> `case_study_1`,
    `Metodología` -> `metodologia`. ASCII only, as the contract's labels are; empty when
    nothing of the heading survives (the caller says `unlabelled` then)."""
    return _snake_key(normalize(heading))


def _snake_key(key: str) -> str:
    key = _PLURAL_S.sub("s", key).replace("&", " and ").replace("'", "")
    ascii_key = key if key.isascii() else unidecode(key)
    return "_".join(w for w in _NOT_LABEL.split(ascii_key.lower()) if w)


# --- loading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CuratedRow:
    heading: str
    label: str
    category: str
    langs: tuple[str, ...]
    source: str


def _data(name: str) -> str:
    return files("bilinorm").joinpath("data", name).read_text(encoding="utf-8")


@cache
def nlm_labels() -> tuple[tuple[str, str], ...]:
    """(label as NLM prints it, NLM category) for every line of the NLM list, in file order."""
    rows = []
    for line in _data(NLM_FILE).splitlines():
        if line.strip():
            label, category = line.split("|")[:2]
            rows.append((label.strip(), category.strip()))
    return tuple(rows)


@cache
def curated_rows() -> tuple[CuratedRow, ...]:
    rows = []
    lines = [ln for ln in _data(HEADINGS_FILE).splitlines() if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:  # the first is the column header
        heading, label, category, langs, source = line.split("\t")
        rows.append(CuratedRow(heading, label, category, tuple(langs.split(",")), source))
    return tuple(rows)


def keys_from_sources() -> dict[str, tuple[str, HeadingInfo]]:
    """Every exact-match key -> (its fold key, what it means), in order, as the NLM list and
    headings.tsv give them: what KEYS_FILE holds."""
    curated = [(normalize(row.heading), row) for row in curated_rows()]
    nlm = [(normalize(label), category) for label, category in nlm_labels()]
    folded = {key: fold(key) for key, _ in nlm + curated}
    label_of_fold = {}
    for key, row in curated:
        label_of_fold.setdefault(folded[key], row.label)
    default_label = _default_labels(key for key, _ in nlm)

    exact: dict[str, HeadingInfo] = {}
    for key, category in nlm:
        f = folded[key]
        exact[key] = HeadingInfo(label_of_fold.get(f) or default_label[f], category)
    for key, row in curated:
        known = exact.get(key)
        if known is None:
            exact[key] = HeadingInfo(row.label, row.category, row.langs)
        else:  # NLM keeps its category; the curated row adds languages
            langs = known.langs + tuple(x for x in row.langs if x not in known.langs)
            exact[key] = HeadingInfo(row.label, known.category, langs)
    return {key: (folded[key], info) for key, info in exact.items()}


_KEYS_HEADER = ("# Written by `python -m bilinorm.lexicon` from headings.tsv and the NLM list: "
                "do not edit.\nkey\tfold\tlabel\tcategory\tlangs\n")


def keys_file_text(keys: dict[str, tuple[str, HeadingInfo]]) -> str:
    rows = ("\t".join((key, f, info.label, info.category, ",".join(info.langs)))
            for key, (f, info) in keys.items())
    return _KEYS_HEADER + "".join(row + "\n" for row in rows)


def read_keys() -> dict[str, tuple[str, HeadingInfo]]:
    """KEYS_FILE as keys_from_sources() gives it."""
    text = _data(KEYS_FILE)
    if not text.startswith(_KEYS_HEADER):
        raise ValueError(f"{KEYS_FILE}: not a file `python -m bilinorm.lexicon` wrote")
    keys = {}
    meanings: dict[tuple[str, str, str], HeadingInfo] = {}
    for row in text[len(_KEYS_HEADER):].split("\n")[:-1]:
        key, f, label, category, langs = row.split("\t")
        info = meanings.get((label, category, langs))
        if info is None:
            info = HeadingInfo(label, category, tuple(langs.split(",")))
            meanings[label, category, langs] = info
        keys[key] = (f, info)
    return keys


class _Lexicon:
    def __init__(self, keys: dict[str, tuple[str, HeadingInfo]]) -> None:
        self.exact: dict[str, HeadingInfo] = {key: info for key, (_, info) in keys.items()}
        self.by_fold: dict[str, HeadingInfo] = {}
        self.by_fold_glued: dict[str, HeadingInfo] = {}
        for f, info in keys.values():
            self.by_fold.setdefault(f, info)
            self.by_fold_glued.setdefault(f.replace(" ", ""), info)

        self.trie: dict = {}
        for key, info in self.exact.items():
            _add(self.trie, key, info)
            for i, ch in enumerate(key):  # one space lost: `MAIN OUTCOMEMEASURES`
                if ch == " " and (glued := key[:i] + key[i + 1:]) not in self.exact:
                    _add(self.trie, glued, info)


def _add(node: dict, key: str, info: HeadingInfo) -> None:
    for ch in key:
        child = node.get(ch)
        if child is None:
            child = node[ch] = {}
        node = child
    node.setdefault("", info)


def _default_labels(nlm_keys: Iterable[str]) -> dict[str, str]:
    """fold key -> label for the NLM groups no curated row names. Each word takes the form the
    whole NLM list prints most often: `materials_and_methods`, `main_outcome_measures`,
    `study_design`; so all spellings of a group get one label."""
    snakes = [_snake_key(key) for key in nlm_keys]
    counts = Counter(w for label in snakes for w in label.split("_"))
    form: dict[str, str] = {}
    for word, n in counts.items():
        f = fold(word)
        if f not in form or (n, len(word)) > (counts[form[f]], len(form[f])):
            form[f] = word
    return {f: "_".join(form[w] for w in f.split()) for f in map(fold, snakes)}


@cache
def _lexicon() -> _Lexicon:
    return _Lexicon(read_keys())


# --- queries -----------------------------------------------------------------------------


def lookup_heading(text: str) -> HeadingInfo | None:
    """What a printed heading means, or None. Tolerates case, a trailing (full-width) colon,
    【】/[]/［］ brackets, `(S)` variants and typos such as `PATIENTS(S)`, plural/singular, and
    words glued together (`MAIN OUTCOMEMEASURES`)."""
    if len(text) <= _REMEMBERED_LENGTH:
        return _remembered_lookup(text)
    return _lookup(text)


def _lookup(text: str) -> HeadingInfo | None:
    lex = _lexicon()
    key = normalize(text)
    info = lex.exact.get(key)
    if info is None and key:
        f = fold(key)
        info = lex.by_fold.get(f) or lex.by_fold_glued.get(f.replace(" ", ""))
    return info


# The same few headings come back document after document; a long text (a line a reader asks
# about) is looked up but not kept.
_REMEMBERED_LENGTH = 80
_remembered_lookup = lru_cache(maxsize=4096)(_lookup)


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def heading_prefixes(text: str, start: int) -> list[tuple[int, HeadingInfo]]:
    """Known headings that `text` spells from `start`, longest first, as (end, info).

    Case-insensitive; a run of spaces matches one space; a heading never spans a line break;
    a pinyin artifact after a CJK character (`結(jié)果`) is skipped."""
    node = _lexicon().trie
    found: list[tuple[int, HeadingInfo]] = []
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if ch in _INLINE_SPACE:
            node = node.get(" ")
            while i < n and text[i] in _INLINE_SPACE:
                i += 1
        elif ch == "(" and i > start and is_cjk(text[i - 1]) and (m := _PINYIN.match(text, i)):
            i = m.end()
            continue
        else:
            for c in _CHAR_MAP.get(ch, ch).lower():
                node = node.get(c) if node is not None else None
            i += 1
            if node is not None and "" in node:
                found.append((i, node[""]))
        if node is None:
            break
    found.reverse()
    return found


# How the walk above reads a heading's character: a run of inline spaces for a space, a curly
# quote for an apostrophe; and str.lower() makes a final capital sigma ς, where the walk (one
# character at a time) makes σ.
_START_CLASS = {" ": "[ \t\u00a0\u3000]+", "'": "['\u2018\u2019]", "\u03c3": "[\u03c3\u03c2]"}


@cache
def heading_start_pattern(depth: int = 4) -> str:
    """A regular expression that matches `text.lower()` wherever `heading_prefixes(text, ...)`
    finds a heading, if lower-casing kept the length of `text` (only İ changes it): the first
    `depth` characters of every heading, cut after a CJK character, which a pinyin artifact may
    follow. It matches some places that start no heading; what it is for is the many it rules
    out, in one regular-expression scan instead of a walk from each."""
    return _start_pattern(_lexicon().trie, depth)


def _start_pattern(node: dict, depth: int) -> str:
    if "" in node or depth == 0:
        return ""
    branches = []
    for ch, child in node.items():
        if ch:
            rest = "" if is_cjk(ch) else _start_pattern(child, depth - 1)
            branches.append(_START_CLASS.get(ch, re.escape(ch)) + rest)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


if __name__ == "__main__":  # python -m bilinorm.lexicon: write KEYS_FILE again
    from pathlib import Path

    target = Path(__file__).resolve().parent / "data" / KEYS_FILE
    target.write_text(keys_file_text(keys_from_sources()), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
