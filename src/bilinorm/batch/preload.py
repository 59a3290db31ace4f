"""What a run's worker processes need, loaded once in the fork server that starts them.

Workers are forked from that server (`engine._context`), so each one starts with the pipeline
imported and the heading lexicon and its patterns built, instead of paying for them itself
(about 0.2 s of CPU per worker, and again for every worker that replaces one stopped at its
time budget).
"""

import atexit
import os
import sys

from .. import pipeline  # noqa: F401  (imported for what it loads)
from ..sections import split_sections
from . import worker  # noqa: F401  (the module of the task function)

split_sections("Background: a. Methods: b.", "en")  # builds the lexicon and its scan pattern

# The server's normal exit would tear down everything loaded here (about 50 ms that the run
# waits for at its end); it has nothing to flush, so it leaves at once. Only in the server
# (started as `python -c "from multiprocessing.forkserver import main; ..."`): a process that
# imports this module otherwise keeps its normal exit.
if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    atexit.register(os._exit, 0)
