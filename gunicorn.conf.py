"""gunicorn's settings for this project, read by gunicorn from the working
directory (the Dockerfile's and docker-compose's command, `make bench`).

Python's cyclic garbage collector, in its full passes, walks every object the
process holds. A worker holds some 200,000 objects that live as long as it does
(Django, the URLs, the compiled templates, the translations), and a page such as
a man's case file makes enough new ones to start a full pass every ten or so
requests: some 50 ms added to whichever request it falls on. Once a worker has
answered its first requests and loaded all that, it moves the objects it holds
out of the collector's sight (`gc.freeze`), so that a full pass walks only what
requests made since. `make bench`'s pages at 100,000 men, the same code run
without and with it one after the other (1 December 2026): every page's median
and p95 lower with it, the case file's p95 88 -> 85 ms, the year's report
178 -> 163 ms, the case file as a PDF 518 -> 414 ms, the outcomes export
4.6 -> 3.3 s (docs/decisions/0007-speed-shortcuts.md, shortcut 10).
GUNICORN_GC_FREEZE=0 leaves the collector as Python has it.
"""

import gc
import os

# The requests after which a worker freezes what it holds: the first loads the
# URLs, translations and the base templates; by the fiftieth most pages' own
# templates are compiled too.
FREEZE_AFTER = (1, 50)


def post_request(worker, req, environ, resp):
    if os.environ.get("GUNICORN_GC_FREEZE", "1") == "1" and worker.nr in FREEZE_AFTER:
        gc.collect()
        gc.freeze()
