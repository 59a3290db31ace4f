"""script_profile and chinese_script take shortcuts; these hold them to the plain counts."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm import language
from bilinorm.language import ScriptProfile, chinese_script, script_profile

_HANS, _HANT = (rx.pattern[1:-1] for rx in language._script_chars())
_SAMPLES = ["Sjögren’s", "中文", "漢語", "臺灣", "台湾", "体", "體", "かな", "한국", "Москва", "Ωμέγα", "١٢٣",
            "ﬁ", "Ａｂ", "𠀀", " ", "\n", "3", "_", "é", "ß", "。", "，"]
_TEXT = st.lists(st.sampled_from(_SAMPLES) | st.characters(min_codepoint=0, max_codepoint=0x2FFFF,
                                                           blacklist_categories=("Cs",)),
                 max_size=60).map("".join)


def _plain_profile(text: str) -> ScriptProfile:
    """script_profile as first written: every letter counted with the regexes."""
    letters = re.sub(r"[\W\d_]+", "", text)
    if not letters:
        return ScriptProfile(0)
    shares = {}
    for name, ranges in (("han", language._HAN), ("kana", language._KANA), ("hangul", language._HANGUL),
                         ("latin", language._LATIN), ("cyrillic", language._CYRILLIC)):
        shares[name] = len(re.findall(f"[{ranges}]", letters))
    other = len(letters) - sum(shares.values())
    return ScriptProfile(len(letters), other=other / len(letters),
                         **{k: v / len(letters) for k, v in shares.items()})


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_script_profile_is_the_plain_count(text):
    assert script_profile(text) == _plain_profile(text)


def _plain_chinese_script(text: str) -> str | None:
    hans = len(re.findall(f"[{_HANS}]", text))
    hant = len(re.findall(f"[{_HANT}]", text))
    if not hans + hant:
        return None
    if min(hans, hant) > language.MIXED_SHARE * (hans + hant):
        return "zh-mixed"
    return "zh-Hans" if hans > hant else "zh-Hant"


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_chinese_script_is_the_plain_count(text):
    assert chinese_script(text) == _plain_chinese_script(text)


def test_chinese_script_on_one_script_and_mixed_text():
    assert chinese_script("间充质干细胞治疗") == "zh-Hans"
    assert chinese_script("間充質幹細胞治療") == "zh-Hant"
    assert chinese_script("间充质干细胞治疗 間充質幹細胞治療") == "zh-mixed"
    assert chinese_script("Stem cells 细胞") == "zh-Hans"
    assert chinese_script("Stem cells") is None
