"""The layer contract (docs/decisions/0006-layers.md) holds for the whole tree.

`make lint` runs the same check; this test makes `make test` fail too, so a lower
app importing a higher one (at module level or inside a function) never passes
unnoticed.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_no_app_imports_a_higher_app():
    """Every import-linter contract in pyproject.toml is kept."""
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
