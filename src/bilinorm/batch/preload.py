"""What a run's worker processes need, loaded once in the fork server that starts them.

Workers are forked from that server (`engine._context`), so each one starts with the pipeline
imported and the heading lexicon and its patterns built, instead of paying for them itself
(about 0.2 s of CPU per worker, and again for every worker that replaces one stopped at its
time budget).
"""

from .. import pipeline  # noqa: F401  (imported for its side effect: every reader loaded)
from ..sections import split_sections

split_sections("Background: a. Methods: b.", "en")  # builds the lexicon and its scan pattern
