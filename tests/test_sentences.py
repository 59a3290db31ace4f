import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilinorm.sentences import sentence_joiner, split_sentences

SEED_SUPPR = Path(__file__).resolve().parents[1] / "seeds" / "003_9889bd8a31cbae1b.txt"


def _paragraph_after(text: str, heading: str) -> str:
    return text.split(f"\n\n{heading}\n\n", 1)[1].split("\n\n", 1)[0]


def test_seed_results_paragraphs():
    seed = SEED_SUPPR.read_text(encoding="utf-8")
    en = split_sentences(_paragraph_after(seed, "RESULTS"), "en")
    assert len(en) == 7
    assert en[0] == ("Of six patients, five (83.3%; 95%\u2009CI 35.9%\u2009to 99.6%) achieved the "
                     "clinical endpoint of an SRI of 4.")
    assert en[1] == "Adverse events were minimal."
    zh = split_sentences(_paragraph_after(seed, "结果"), "zh")
    assert len(zh) == 7
    assert zh[0] == "在 6 名患者中,有 5 名(83.3%;95%CI 35.9%至 99.6%)达到 SRI 为 4 的临床终点。"
    assert zh[1] == "不良事件很少。"
    assert split_sentences(_paragraph_after(seed, "试验注册号"), "zh") == ["NCT03171194。"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Smith et al. reported this. The effect was large.",
     ["Smith et al. reported this.", "The effect was large."]),
    ("Drugs, e.g. aspirin, i.e. NSAIDs. It worked.", ["Drugs, e.g. aspirin, i.e. NSAIDs.", "It worked."]),
    ("See Fig. 1 and Figs. 2. Then stop.", ["See Fig. 1 and Figs. 2.", "Then stop."]),
    ("A vs. B was tested by Dr. Wu at St. Mary's. No. 5 was excluded. Approx. 5 died.",
     ["A vs. B was tested by Dr. Wu at St. Mary's.", "No. 5 was excluded.", "Approx. 5 died."]),
    ("Made by Acme Inc. and Foo Co. Ltd. in the U.S. It sold.",
     ["Made by Acme Inc. and Foo Co. Ltd. in the U.S. It sold."]),
    ("cf. Table 2. Next.", ["cf. Table 2.", "Next."]),
    ("Ms. Lee waited 5 ms. The end.", ["Ms. Lee waited 5 ms.", "The end."]),
    ("Written by J. Smith and J. A. Jones. Next.", ["Written by J. Smith and J. A. Jones.", "Next."]),
    ("Levels of vitamin D. The next one.", ["Levels of vitamin D.", "The next one."]),
    ("In phase I. We then.", ["In phase I.", "We then."]),
    ("It rose 35.9% (95% CI 20.1-40.2). Events were rare.",
     ["It rose 35.9% (95% CI 20.1-40.2).", "Events were rare."]),
    ("Is it? Yes! \u201cQuoted.\u201d Then (in brackets.) Next.",
     ["Is it?", "Yes!", "\u201cQuoted.\u201d", "Then (in brackets.)", "Next."]),
    ("It ended. (A new one.) 42 patients died.", ["It ended.", "(A new one.)", "42 patients died."]),
    ("lower case. next is not a sentence.", ["lower case. next is not a sentence."]),
    ("Two  spaces. Are kept whole.", ["Two  spaces.", "Are kept whole."]),
    ("No ending", ["No ending"]),
])
def test_latin_sentences(text, expected):
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("他们说。“好的！”然后走了。", ["他们说。", "“好的！”", "然后走了。"]),
    ("注册号为NCT03171194。下一句？对！", ["注册号为NCT03171194。", "下一句？", "对！"]),
    ("结果如下：甲组升高；乙组下降。", ["结果如下：甲组升高；乙组下降。"]),  # never at ；
    ("我们使用 e.g. aspirin. It works. 然后结束。", ["我们使用 e.g. aspirin. It works. 然后结束。"]),
    ("（见表1。）下一句。", ["（见表1。）", "下一句。"]),
])
def test_chinese_sentences(text, expected):
    assert split_sentences(text, "zh") == expected


def test_lang_variants_of_chinese_and_empty_text():
    assert split_sentences("一。二。", "zh-Hans") == ["一。", "二。"]
    assert split_sentences("", "en") == []
    assert split_sentences("", "zh") == []
    assert sentence_joiner("zh") == "" and sentence_joiner("en") == " " and sentence_joiner(None) == " "


# Runs of the characters and words that decide boundaries, so that boundaries do occur.
_PUNCTUATED = st.lists(st.sampled_from(
    list("aAbZ zé1.?!。！？”’）」』】\"')([ \n\t\u3000")
    + ["e.g.", "Dr.", "U.S.", " J. ", "中文", "The", "vitamin D. The"])).map("".join)


@given(st.one_of(st.text(), _PUNCTUATED), st.sampled_from(["en", "zh", "es", "zh-Hant", None]))
def test_sentences_join_back_to_the_text(text, lang):
    sentences = split_sentences(text, lang)
    assert sentence_joiner(lang).join(sentences) == text
    assert all(sentences)
    closers = "\"'\u201d\u2019\u00bb)]" if sentence_joiner(lang) else "\u201d\u2019\uff09\u300d\u300f\u3011\"'"
    ends = ".?!" if sentence_joiner(lang) else "。！？"
    for sentence in sentences[:-1]:
        assert sentence.rstrip(closers)[-1:] in tuple(ends), sentence


# The end-of-sentence patterns are written to start with a character set (so that the regex
# engine skips ahead to the next mark); they must find exactly what the plain ones find.
_PLAIN_LATIN_END = re.compile(r"(?<![.?!])[.?!]+[\"'\u201d\u2019\u00bb)\]]*( )(?=[\"'\u201c\u2018\u00ab(\[]*(\w))")
_PLAIN_CJK_END = re.compile(r"[。！？]+[\u201d\u2019\uff09\u300d\u300f\u3011\"']*")


def _found(pattern, text):
    return [(m.span(), m.span(1) if pattern.groups else None, m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=500)
@given(st.one_of(st.text(), _PUNCTUATED))
def test_end_patterns_find_what_the_plain_ones_find(text):
    from bilinorm import sentences

    assert _found(sentences._LATIN_END, text) == _found(_PLAIN_LATIN_END, text)
    assert _found(sentences._CJK_END, text) == _found(_PLAIN_CJK_END, text)


def test_end_patterns_on_the_seed_and_a_dot_run():
    from bilinorm import sentences

    seed = SEED_SUPPR.read_text(encoding="utf-8")
    for text in (seed, "." * 5000 + " A", "!?." * 2000 + "x"):
        assert _found(sentences._LATIN_END, text) == _found(_PLAIN_LATIN_END, text)
        assert _found(sentences._CJK_END, text) == _found(_PLAIN_CJK_END, text)
    assert len(_found(sentences._LATIN_END, seed)) == 11
    assert len(_found(sentences._CJK_END, seed)) == 17
