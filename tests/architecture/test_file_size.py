"""No file of ours is over 500 lines (STYLE.md: split by sub-domain near 400-500).

A long file is split by meaning, into modules a newcomer finds by name, before it
reaches the limit. Migrations are generated, vendored assets and translation
catalogues are not ours to cut, so they are left out.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500
CHECKED_SUFFIXES = (".py", ".html", ".js", ".css", ".md")


def _left_out(path: str) -> bool:
    parts = path.split("/")
    return (
        "migrations" in parts[:-1]
        or path.startswith("static/vendor/")
        or "locale" in parts[:-1]
    )


def _tracked_files() -> list[str]:
    """The files git tracks (so nothing of .venv, var/ or a local build)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    names = listed.stdout.decode().split("\0")
    return sorted(
        name
        for name in names
        if name.endswith(CHECKED_SUFFIXES) and not _left_out(name)
    )


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def test_no_file_is_over_500_lines():
    """Every tracked source, template, script, style sheet and document has at
    most 500 lines; the failure names each longer one and its length."""
    checked = [name for name in _tracked_files() if (ROOT / name).exists()]
    assert len(checked) > 100, "git listed too few files: is this a clone?"
    too_long = {
        name: count for name in checked if (count := _lines(ROOT / name)) > MAX_LINES
    }
    assert not too_long, f"over {MAX_LINES} lines; split by meaning:\n" + "\n".join(
        f"  {name}: {count} lines" for name, count in sorted(too_long.items())
    )
