"""Static files storage of the benchmark server (production's, minus one step).

Production's CompressedManifestStaticFilesStorage also rewrites JavaScript
source-map comments, and collectstatic fails on the vendored Chart.js, whose
comment names a .map file that is not vendored. Until that comment is removed,
the bench server skips that rewriting only; it changes nothing it measures.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class BenchStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (glob, rules)
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )
