"""Every query of one page, slowest first, with EXPLAIN ANALYZE of the slowest.

    python -m tests.bench.explain <username> <path> [--top 3] [--repeat 3]

For finding why a page misses its budget, against a bench database (set
DATABASE_URL and the bench environment as tests.bench.run does; the run prints
the command line). The page is requested --repeat times (the first warms the
caches); the queries of the last request are listed. Nothing is written except
what the page itself writes.
"""

import argparse
import cProfile
import os
import pstats
import re
import sys
import time

import django


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--profile", action="store_true", help="Also profile the last request."
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.username))
    timings: list[tuple[float, str, tuple]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql, params))

    profiler = cProfile.Profile()
    for n in range(args.repeat):
        timings.clear()
        last = args.profile and n == args.repeat - 1
        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            if last:
                profiler.enable()
            response = client.get(args.path)
            if last:
                profiler.disable()
        elapsed = (time.perf_counter() - started) * 1000
    print(
        f"{args.path} as {args.username}: {response.status_code}, {elapsed:.0f} ms, "
        f"{len(timings)} queries, {sum(t for t, _, _ in timings):.1f} ms in queries"
    )
    if args.profile:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(r"/work/main/(?!\.venv)", 30)
    ranked = sorted(timings, key=lambda t: -t[0])
    for ms, sql, _ in ranked:
        flat = re.sub(r"\s+", " ", sql)
        print(f"  {ms:7.2f} ms  {flat[:160]}")
    for ms, sql, params in ranked[: args.top]:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n== {ms:.2f} ms\n{sql}\n-- params: {params}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            for (line,) in cursor.fetchall():
                print("   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
