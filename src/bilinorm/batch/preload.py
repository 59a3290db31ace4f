"""What a run's worker processes need, loaded once in the fork server that starts them.

Workers are forked from that server (`engine._context`), so each one starts with the pipeline
imported and the heading lexicon built instead of paying for both itself (about 0.3 s of CPU
per worker, and again for every worker that replaces one stopped at its time budget).
"""

from .. import pipeline  # noqa: F401  (imported for its side effect: every reader loaded)
from ..lexicon import lookup_heading

lookup_heading("Background")  # builds the lexicon's tables
