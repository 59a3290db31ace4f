"""What a run's worker processes need, loaded once in the fork server that starts them.

Workers are forked from that server (`engine._context`), so each one starts with the pipeline
imported, the readers of structured sources loaded and the heading lexicon, its patterns and
the script tables built, instead of paying for them itself (about 0.2 s of CPU per worker, and
again for every worker that replaces one stopped at its time budget).
"""

import atexit
import os
import sys

from .. import pipeline  # noqa: F401  (imported for what it loads)
from .. import sites
from ..language import chinese_script
from ..sections import split_sections
from . import worker  # noqa: F401  (the module of the task function)

split_sections("Background: a. Methods: b.", "en")  # builds the lexicon and its scan pattern
chinese_script("中文")  # builds the script tables
for name in sites.STRUCTURED_READERS:  # offered nearly every page; the others load when needed
    sites.load_adapter(name)

# The server's normal exit would tear down everything loaded here (about 50 ms that the run
# waits for at its end); it has nothing to flush, so it leaves at once. Only in the server
# (started as `python -c "from multiprocessing.forkserver import main; ..."`): a process that
# imports this module otherwise keeps its normal exit.
if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    atexit.register(os._exit, 0)
