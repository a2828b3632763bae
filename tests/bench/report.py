"""The benchmark's final table and its place in docs/performance.md."""

import json
import re

from tests.bench.common import (
    ALERT_S,
    DETECTORS_S,
    DOC,
    DOC_END,
    DOC_START,
    OUTCOME_DETECTOR_S,
    OUTCOME_RUNS,
    QUERY_MS,
    ROOT,
    SEED_BUDGETS_S,
    STEP_RESULTS,
    VAR,
    fmt,
)


def largest_scale(per_scale: dict) -> str:
    """The name of the scale with the most men ("100k" before "10k" in the
    results, whose order is the order the scales were last run in)."""
    return max(
        per_scale,
        key=lambda name: int(name[:-1]) * 1000 if name.endswith("k") else int(name),
    )


def outcome_detector_rows(detectors: dict) -> list[str]:
    """The questionnaire detector's rows of the detector table (first pass, with
    writes, rolled back); '-' for a scale measured before it was timed."""
    if not any(d.get("outcomes") for d in detectors.values()):
        return []
    lines = []
    for run, title in OUTCOME_RUNS.items():
        cells = " | ".join(
            "{seconds:.3f} ({found})".format(**d["outcomes"][run][0])
            if d.get("outcomes")
            else "-"
            for d in detectors.values()
        )
        title += " (with writes and the commit's checks, rolled back)"
        lines.append(f"| {title} | {cells} |")
    return lines


def yes(flag) -> str:
    return "-" if flag is None else ("yes" if flag else "NO")


def host_speed(machine: dict) -> str:
    """The host's speed for plain Python at the start and before the pages (20
    million additions), which moves ratios more than the load average shows."""
    loops = [
        f"{machine[key]} s {when}"
        for key, when in (
            ("python_loop_s", "at the start"),
            ("python_loop_pages_s", "before the pages"),
        )
        if machine.get(key) is not None
    ]
    if not loops:
        return ""
    return "; 20 million additions in plain Python: " + ", ".join(loops)


def final_table(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"Benchmark of {results['date']}, {machine['summary']}; "
        f"load average at the start {machine['load_average']}" + host_speed(machine),
        "",
    ]
    if results.get("seeding"):
        lines += [
            "| scale | seed_demo | per seeder | database | rows |",
            "|---|---|---|---|---|",
        ]
        for name, s in results["seeding"].items():
            seeders = ", ".join(
                f"{k.split('.')[0]} {v:.0f} s" for k, v in s["seeders_s"].items()
            )
            rows = ", ".join(f"{k} {v:,}" for k, v in s["rows"].items())
            source = s.get("source", str(ROOT))
            note = "" if source == str(ROOT) else f" (seeded from {source})"
            lines.append(
                f"| {name} | {s['seed_s']:.0f} s{note} | {seeders} | {s['size']} "
                f"| {rows} |"
            )
        lines.append("")
        for name, budget in SEED_BUDGETS_S.items():
            if name in results["seeding"]:
                took = results["seeding"][name]["seed_s"]
                lines.append(
                    f"Seeding {name} men: {took:.0f} s "
                    f"(budget {budget:.0f} s): {yes(took <= budget)}"
                )
        lines.append("")
    if results.get("detectors"):
        names = list(next(iter(results["detectors"].values()))["passes"][0])
        head = " | ".join(results["detectors"])
        lines += [
            f"| detector (s, first pass) | {head} |",
            "|---|" + "---|" * len(results["detectors"]),
        ]
        for detector in names:
            cells = " | ".join(
                "{seconds:.3f} ({found})".format(**d["passes"][0][detector])
                for d in results["detectors"].values()
            )
            lines.append(f"| {detector} | {cells} |")
        cells = " | ".join(
            f"{d['full_run']['seconds']:.2f}" for d in results["detectors"].values()
        )
        title = "full run with recording and the commit's checks (rolled back)"
        lines.append(f"| {title} | {cells} |")
        lines += outcome_detector_rows(results["detectors"])
        largest = results["detectors"][largest_scale(results["detectors"])]
        total = largest["passes"][0]["total"]["seconds"]
        lines.append(
            f"\nDetectors at the largest scale: {total:.2f} s "
            f"(budget {DETECTORS_S:.0f} s): {yes(total < DETECTORS_S)}"
        )
        if largest.get("outcomes"):
            worst = max(runs[0]["seconds"] for runs in largest["outcomes"].values())
            lines.append(
                f"\nQuestionnaire detector at the largest scale (the slower of "
                f"its runs): {worst:.2f} s (budget {OUTCOME_DETECTOR_S:.0f} s): "
                f"{yes(worst < OUTCOME_DETECTOR_S)}"
            )
        lines.append("")
    if results.get("pages"):
        lines += [
            "| page | median ms | p95 ms | p95 / floor | queries "
            "| slowest query ms (p95 / max) | budget | meets |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for title, row in results["pages"].items():
            if row.get("skipped"):
                lines.append(f"| {title} | - | - | - | - | - | - | not measured |")
                continue
            if row.get("budget_s"):
                budget = f"≤ {row['budget_s']:g} s"
            elif row.get("basis") == "anonymous":
                budget = f"≤ {row['ratio_budget']:g}x the anonymous login page, "
            elif row.get("ratio_basis_ms"):
                budget = f"≤ {row['ratio_budget']:g}x (floor + one hash), "
            elif title.startswith("floor"):
                budget = ""
            else:
                budget = f"≤ {row['ratio_budget']:g}x, "
            if not row.get("budget_s"):
                budget += f"query ≤ {QUERY_MS:g} ms"
            queries = str(row["queries"])
            if row["queries"] != row["queries_min"]:
                queries = f"{row['queries_min']}-{row['queries']}"
            lines.append(
                f"| {title} | {fmt(row['median_ms'])} | {fmt(row['p95_ms'])} | "
                f"{fmt(row.get('ratio'), 2)} | {queries} | "
                f"{fmt(row['slowest_query_ms'], 1)} / "
                f"{fmt(row['slowest_query_max_ms'], 1)} | "
                f"{budget} | {yes(row.get('meets'))}"
                + (f" ({row['error_count']} errors)" if row["error_count"] else "")
                + " |"
            )
        lines.append("")
        login = results["pages"].get("login (GET + POST)") or {}
        if login.get("password_hash"):
            lines.append(
                "The login includes one password hash ({algorithm}), {ms} ms "
                "on its own (median of 5 on this machine): a deliberate cost, so "
                "its ratio is to the floor's p95 plus one hash.".format(
                    **login["password_hash"]
                )
            )
            lines.append("")
    if results.get("alerts"):
        a = results["alerts"]
        p95 = a.get("p95")
        meets = p95 is not None and p95 < ALERT_S and a.get("sent") == a.get("alerts")
        lines.append(
            f"Alert delivery: {a.get('alerts')} alerts from {a.get('separations')} "
            f"separations, {a.get('sent')} sent; row to e-mail "
            f"p50 {fmt(a.get('p50'), 2)} s, p95 {fmt(p95, 2)} s, "
            f"max {fmt(a.get('max'), 2)} s (budget {ALERT_S:g} s): {yes(meets)}"
        )
    if results.get("load"):
        load = results["load"]
        lines.append(
            f"Load run: {load['users']} users for {load['seconds']} s: "
            f"{load['rps']:.1f} requests/s, {load['requests']} requests, "
            f"{load['errors']} errors, median {load['median_ms']:.0f} ms, "
            f"p95 {load['p95_ms']:.0f} ms (budget: zero errors): "
            f"{yes(load['errors'] == 0)}"
        )
    export = results.get("subject_access") or {}
    if "slowest_seconds" in export:
        lines.append(
            f"Subject-access export of the longest case ({export['items']} items): "
            f"{export['slowest_seconds']:.2f} s (budget {export['budget_seconds']} s): "
            f"{yes(export['meets_budget'])}"
        )
    if results.get("elapsed_min") is not None:
        lines.append(f"\nWhole run: {results['elapsed_min']} min.")
    for key in STEP_RESULTS:
        measured = results.get("measured_on", {}).get(key)
        if key in results and measured and measured != results["date"]:
            lines.append(f"Figures of step {key!r} are from the run of {measured}.")
    return "\n".join(lines)


def save(results: dict) -> None:
    (VAR / "results.json").write_text(json.dumps(results, indent=1, default=str))


def write_doc(results: dict, table: str) -> None:
    """Replace the generated "Latest run" section of docs/performance.md."""
    machine = (
        "Machine: `nproc` {nproc}, {cpu}, {memory} memory, PostgreSQL {postgresql}, "
        "Python {python}.".format(**results["machine"])
    )
    section = (
        f"{DOC_START}\n## Latest run ({results['date'][:10]})\n\n"
        f"{machine}\n\n{table}\n{DOC_END}"
    )
    text = DOC.read_text() if DOC.exists() else "# Performance\n\n"
    if DOC_START in text and DOC_END in text:
        text = re.sub(
            re.escape(DOC_START) + ".*?" + re.escape(DOC_END),
            lambda _: section,
            text,
            flags=re.S,
        )
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text)
