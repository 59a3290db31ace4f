"""Documents that are not article pages fail with `no_article` and say what they are."""

from pathlib import Path

import pytest

from bilinorm import NoArticleFound, normalize

from .conftest import ROOT

DATA = Path(__file__).parent / "data" / "not_articles"


@pytest.mark.parametrize("path", [
    DATA / "corpus_MANIFEST.md",       # a README table that quotes 摘要 and Abstract labels in its cells
    DATA / "html_MANIFEST.md",
    ROOT / "src" / "bilinorm" / "data" / "nlm_structured_abstract_labels_110613.txt",  # a data file
])
def test_tables_of_text_are_not_articles(path):
    with pytest.raises(NoArticleFound, match="is a table"):
        normalize(path.read_bytes())
