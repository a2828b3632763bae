"""Benchmark-only middleware: reports each response's query count and slowest query."""

import time

from django.db import connection


class QueryCountMiddleware:
    """Adds X-Query-Count and X-Slowest-Query-Ms headers (benchmark server only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timings: list[float] = []

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started) * 1000)

        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        response["X-Query-Count"] = str(len(timings))
        response["X-Slowest-Query-Ms"] = f"{max(timings, default=0):.2f}"
        return response
