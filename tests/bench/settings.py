"""Settings of the benchmark server: production settings plus query counting."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, MIDDLEWARE

MIDDLEWARE = ["tests.bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Collected static files of the bench server, away from the project's own.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "tests.bench.storage.BenchStaticFilesStorage"},
}
