#!/usr/bin/env python3
"""Reference values for the analysis methods added beside the core tests: CUPED and power.

Writes subgraphs/analytics/src/stats/reference-methods.json (kept apart from reference-values.json,
whose generator covers the core tests). Every value takes a route of its own:
  - CUPED: theta by least squares (numpy.linalg.lstsq of y on x with a variant indicator, i.e.
    the pooled within-variant slope), the adjusted values built user by user, then
    scipy.stats.ttest_ind(equal_var=False) and its confidence_interval(); the engine only sees sums;
  - power: sample sizes from scipy.stats.norm.ppf with the textbook formula, and the power of
    that sample checked by scipy.stats.norm.cdf (the achieved power must reach the target).

Usage:  python3 tools/stats-reference/methods.py    (from the repository root; numpy, scipy 1.17)
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "subgraphs" / "analytics" / "src" / "stats" / "reference-methods.json"


def cuped_case(seed: int, n: int, rho: float, effect: float) -> dict:
    rng = np.random.default_rng(seed)
    groups = {}
    for variant, shift in (("control", 0.0), ("treatment", effect)):
        b = rng.normal(0, math.sqrt(rho), n)
        x = 10 + b + rng.normal(0, math.sqrt(1 - rho), n)
        y = 10 + shift + b + rng.normal(0, math.sqrt(1 - rho), n)
        groups[variant] = (x, y)
    x_all = np.concatenate([groups["control"][0], groups["treatment"][0]])
    y_all = np.concatenate([groups["control"][1], groups["treatment"][1]])
    indicator = np.concatenate([np.zeros(n), np.ones(n)])
    design = np.column_stack([np.ones(2 * n), indicator, x_all])
    theta = float(np.linalg.lstsq(design, y_all, rcond=None)[0][2])
    grand = float(x_all.mean())
    adjusted = {v: y - theta * (x - grand) for v, (x, y) in groups.items()}
    test = stats.ttest_ind(adjusted["treatment"], adjusted["control"], equal_var=False)
    ci = test.confidence_interval(0.95)
    return {
        "input": [
            {
                "variant": v,
                "users": n,
                "sum": float(y.sum()),
                "sumSquares": float((y * y).sum()),
                "preSum": float(x.sum()),
                "preSumSquares": float((x * x).sum()),
                "crossSum": float((x * y).sum()),
            }
            for v, (x, y) in groups.items()
        ],
        "theta": theta,
        "adjustedMeans": [float(adjusted["control"].mean()), float(adjusted["treatment"].mean())],
        "pValue": float(test.pvalue),
        "lower": float(ci.low),
        "upper": float(ci.high),
    }


def power_case(kind: str, mean: float, variance: float, effect: float, alpha: float, power: float, variants: int) -> dict:
    a = alpha / (variants - 1)
    za, zb = stats.norm.ppf(1 - a / 2), stats.norm.ppf(power)
    m1 = mean * (1 + effect)
    if kind == "CONVERSION":
        v0, v1 = mean * (1 - mean), m1 * (1 - m1)
        avg = (mean + m1) / 2
        vbar = avg * (1 - avg)
    else:
        v0 = v1 = vbar = variance
    n = math.ceil((za * math.sqrt(2 * vbar) + zb * math.sqrt(v0 + v1)) ** 2 / (m1 - mean) ** 2)
    # The achieved power of n users per variant under the alternative (one tail; the other is negligible).
    achieved = stats.norm.cdf((abs(m1 - mean) - za * math.sqrt(2 * vbar / n)) / math.sqrt((v0 + v1) / n))
    assert achieved >= power - 1e-9, (kind, n, achieved)
    return {
        "input": {"kind": kind, "baselineMean": mean, "baselineVariance": variance, "relativeEffect": effect,
                  "alpha": alpha, "power": power, "variants": variants},
        "sampleSizePerVariant": n,
    }


def main() -> None:
    reference = {
        "generator": f"tools/stats-reference/methods.py (scipy {scipy.__version__}, numpy {np.__version__})",
        "cuped": [cuped_case(1, 60, 0.5, 0.3), cuped_case(2, 400, 0.9, 0.1), cuped_case(3, 1000, 0.2, 0.0)],
        "power": [
            power_case("CONVERSION", 0.1, 0, 0.2, 0.05, 0.8, 2),
            power_case("CONVERSION", 0.03, 0, 0.1, 0.05, 0.9, 3),
            power_case("MEAN", 25.0, 400.0, 0.05, 0.05, 0.8, 2),
            power_case("COUNT", 4.2, 9.5, 0.02, 0.01, 0.8, 4),
        ],
    }
    OUT.write_text(json.dumps(reference, indent=2, allow_nan=False) + "\n")
    formatted = subprocess.run(["npx", "biome", "format", "--write", str(OUT)], cwd=ROOT, capture_output=True)
    if formatted.returncode != 0:
        print("warning: biome format failed; run `npx biome format --write` on the file before committing")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
