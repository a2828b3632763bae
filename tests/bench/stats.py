"""Small statistics shared by the benchmark's modules."""

import math


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of the values (share between 0 and 1)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]
