"""Which language a piece of text is in, and which Chinese script it is written in.

Script evidence decides first; a cheap English function-word count handles most Latin text;
langdetect runs last, seeded and restricted to plausible languages, only on text long enough
for it to be right. langdetect never sees CJK text: it calls short and traditional Chinese
Korean.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

# --- scripts ------------------------------------------------------------------------------

# Letter ranges only (no punctuation or symbols in them), so that the shares add up.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_HANGUL = "\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
_LATIN = ("A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
          "\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a")
_CYRILLIC = "\u0400-\u0481\u048a-\u052f"

_SCRIPT_RUNS = {name: re.compile(f"[{ranges}]+") for name, ranges in (
    ("han", _HAN), ("kana", _KANA), ("hangul", _HANGUL), ("latin", _LATIN), ("cyrillic", _CYRILLIC))}
# What is not a non-ASCII letter: ASCII, and any script's non-letters.
_ASCII_OR_NON_LETTERS = re.compile(r"[\x00-\x7f\W\d_]+")
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


class ScriptProfile(NamedTuple):
    """How many letters a text has, and the share of them in each script."""

    letters: int
    han: float = 0.0
    kana: float = 0.0
    hangul: float = 0.0
    latin: float = 0.0
    cyrillic: float = 0.0
    other: float = 0.0

    @property
    def cjk(self) -> float:
        return self.han + self.kana + self.hangul


def script_profile(text: str) -> ScriptProfile:
    """Letter counts by script. ASCII letters are counted with bytes.translate (C speed);
    only the non-ASCII letters, cut out by one regex pass, go through the range regexes."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    if text.isascii():
        return ScriptProfile(ascii_letters, latin=1.0) if ascii_letters else ScriptProfile(0)
    rest = _ASCII_OR_NON_LETTERS.sub("", text)
    if not rest:
        return ScriptProfile(ascii_letters, latin=1.0) if ascii_letters else ScriptProfile(0)
    total = ascii_letters + len(rest)
    counts = {name: len(rest) - len(rx.sub("", rest)) for name, rx in _SCRIPT_RUNS.items()}
    counts["latin"] += ascii_letters
    other = total - sum(counts.values())
    return ScriptProfile(total, other=other / total, **{k: v / total for k, v in counts.items()})


# --- languages ----------------------------------------------------------------------------

# A Han character carries about what three or four Latin letters do, and Chinese scientific
# prose keeps its Latin abbreviations (MSC, SLEDAI, CD27IgD): a third of the letters being
# CJK already makes the text CJK.
CJK_SHARE = 0.3
# Of the CJK letters, this share of kana (hangul) makes the text Japanese (Korean). Chinese
# never has kana or hangul except a stray character, hence also the minimum count.
KANA_SHARE = 0.05
HANGUL_SHARE = 0.2
MIN_MARKS = 2

# English function words that are not also common words of the other Latin-script languages
# seen in scholarly sources (so no "a", "in", "is", "was", "for", "die", "also", "no", "as").
_ENGLISH_WORDS = frozenset("""
the of and with to that this these those were are been has have had from by which their
than between after we our it its into but may can more such both during there other who
while each not be at or will would should could however whether among via then when
where what whose over under about within without through because
""".split())
ENGLISH_SHARE = 0.15
ENGLISH_MIN_HITS = 2

# langdetect is asked only about these (ISO 639-1, langdetect's own codes), by script.
DETECT_LATIN = ("ca", "cs", "da", "de", "en", "es", "fi", "fr", "hr", "hu", "id", "it",
                "nl", "no", "pl", "pt", "ro", "sv", "tr")
DETECT_CYRILLIC = ("bg", "mk", "ru", "uk")
# A declared language "agrees" with a script when it is written in it.
_LATIN_LANGS = frozenset(DETECT_LATIN) | frozenset(
    "af az br cy et eu fo ga gl is la lb lt lv ms mt oc sk sl so sq sw tl uz vi".split())
_CYRILLIC_LANGS = frozenset(DETECT_CYRILLIC) | frozenset("be kk ky mn sr tg".split())
_CJK_LANGS = frozenset(("zh", "ja", "ko"))
# Below this top probability langdetect is unsure, and a declared language it also found wins.
SURE = 0.9


def identify(text: str, *, hint: str | None = None, seed: int = 0,
             min_detect_chars: int = 40, among: frozenset[str] | None = None) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when the evidence is too thin.

    `hint` is the language the source declares; it decides short text when it agrees with
    the script. Han text is `zh` unless it has kana (`ja`) or hangul (`ko`); Han-only text is
    never `ko`, and is `ja` only when short and declared Japanese. `among` narrows what
    langdetect may answer for Latin-script text (when it names any language it knows).
    """
    profile = script_profile(text)
    if not profile.letters:
        return None
    short = len(text.strip()) < min_detect_chars
    if profile.cjk >= CJK_SHARE:
        return _cjk(profile, hint, short)
    if profile.latin >= max(profile.cyrillic, profile.other):
        if _looks_english(text):
            return "en"
        if short:
            return hint if hint in _LATIN_LANGS else None
        narrowed = tuple(lang for lang in DETECT_LATIN if among and lang in among)
        return _detect(text, narrowed or DETECT_LATIN, hint, seed)
    if profile.cyrillic >= profile.other:
        if short:
            return hint if hint in _CYRILLIC_LANGS else None
        return _detect(text, DETECT_CYRILLIC, hint, seed)
    if short:
        return hint if hint and hint not in _LATIN_LANGS | _CYRILLIC_LANGS | _CJK_LANGS else None
    return _detect(text, _other_languages(), hint, seed)


def _cjk(profile: ScriptProfile, hint: str | None, short: bool) -> str:
    hangul = round(profile.hangul * profile.letters)
    kana = round(profile.kana * profile.letters)
    if hangul >= MIN_MARKS and profile.hangul >= HANGUL_SHARE * profile.cjk:
        return "ko"
    if kana >= MIN_MARKS and profile.kana >= KANA_SHARE * profile.cjk:
        return "ja"
    # Japanese headings (目的, 方法, 結果) are kanji only; long Japanese text always has kana.
    if short and hint == "ja":
        return "ja"
    return "zh"


def looks_english(text: str) -> bool:
    """Whether `text` reads as English by its function words (no langdetect, no seed)."""
    return _looks_english(text)


def _looks_english(text: str) -> bool:
    words = text.lower().split()
    hits = len([w for w in words if w in _ENGLISH_WORDS])
    return hits >= ENGLISH_MIN_HITS and hits >= ENGLISH_SHARE * len(words)


def _detect(text: str, languages: tuple[str, ...], hint: str | None, seed: int) -> str | None:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory(languages).create()
    detector.seed = seed  # per detector, so concurrent callers with other seeds don't clash
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:  # no usable features (digits and symbols only)
        return hint if hint in languages else None
    if not found:
        return hint if hint in languages else None
    if hint and found[0].prob < SURE and any(f.lang == hint for f in found):
        return hint
    return found[0].lang


@lru_cache(maxsize=None)
def _factory(languages: tuple[str, ...]):
    """A langdetect factory holding only `languages`, loaded once, in sorted order: the
    profile order fixes the detector's results, so it must not depend on os.listdir."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    names = sorted(languages)
    for index, name in enumerate(names):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
            factory.add_profile(LangProfile(**json.load(f)), index, len(names))
    return factory


@lru_cache(maxsize=1)
def _other_languages() -> tuple[str, ...]:
    """Every langdetect profile that is not CJK, Latin or Cyrillic (Greek, Arabic, Hindi…)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    skip = set(DETECT_LATIN) | _LATIN_LANGS | _CYRILLIC_LANGS | {"zh-cn", "zh-tw", "ja", "ko"}
    return tuple(sorted(n for n in os.listdir(PROFILES_DIRECTORY) if n not in skip))


# --- Chinese script -----------------------------------------------------------------------

# The minority script's share above which Chinese text counts as mixed.
MIXED_SHARE = 0.1


@lru_cache(maxsize=1)
def _script_pairs() -> tuple[tuple[str, str], ...]:
    """(simplified, traditional) pairs of data/hans_hant.tsv, one per traditional form."""
    pairs = []
    table = files("bilinorm").joinpath("data", "hans_hant.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line and not line.startswith("#"):
            simplified, traditional = line.split("\t")
            pairs.extend((simplified, form) for form in traditional.split())
    return tuple(pairs)


@lru_cache(maxsize=1)
def _script_chars() -> tuple[re.Pattern, re.Pattern]:
    pairs = _script_pairs()
    hans = "".join(dict.fromkeys(s for s, _ in pairs))
    hant = "".join(t for _, t in pairs)
    return re.compile(f"[{hans}]"), re.compile(f"[{hant}]")


@lru_cache(maxsize=1)
def simplified_table() -> dict[int, str]:
    """`str.translate` table: traditional-only character -> its simplified form."""
    return {ord(traditional): simplified for simplified, traditional in _script_pairs()}


def to_simplified(text: str) -> str:
    """Traditional-only characters replaced by their simplified form, one for one (so offsets
    are kept). Only the unambiguous pairs of data/hans_hant.tsv: a search key, not a
    conversion fit for reading."""
    if text.isascii() or not _script_chars()[1].search(text):
        return text
    return text.translate(simplified_table())


def chinese_script(text: str) -> str | None:
    """`zh-Hans`, `zh-Hant` or `zh-mixed`, from characters that exist in one script only
    (data/hans_hant.tsv); None when the text has none of them."""
    hans_rx, hant_rx = _script_chars()
    # Text with characters of one script only needs no counting (a search stops at the first).
    if not hant_rx.search(text):
        return "zh-Hans" if hans_rx.search(text) else None
    if not hans_rx.search(text):
        return "zh-Hant"
    hans = len(hans_rx.findall(text))
    hant = len(hant_rx.findall(text))
    if not hans + hant:
        return None
    if min(hans, hant) > MIXED_SHARE * (hans + hant):
        return "zh-mixed"
    return "zh-Hans" if hans > hant else "zh-Hant"


__all__ = ["ScriptProfile", "script_profile", "identify", "looks_english", "chinese_script", "to_simplified"]
