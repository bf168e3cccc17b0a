#!/usr/bin/env python3
"""Reference values for the analysis methods added beside the core tests: CUPED, power, quantiles, ratios.

Writes subgraphs/analytics/src/stats/reference-methods.json (kept apart from reference-values.json,
whose generator covers the core tests). Every value takes a route of its own:
  - CUPED: theta by least squares (numpy.linalg.lstsq of y on x with a variant indicator, i.e.
    the pooled within-variant slope), the adjusted values built user by user, then
    scipy.stats.ttest_ind(equal_var=False) and its confidence_interval(); the engine only sees sums;
  - power: sample sizes from scipy.stats.norm.ppf with the textbook formula, and the power of
    that sample checked by scipy.stats.norm.cdf (the achieved power must reach the target);
  - quantiles: the order-statistic interval's ranks from scipy.stats.binom.cdf over every rank (a
    direct scan, where the engine bisects on the incomplete beta), the values read from
    numpy.sort, and the estimate checked against numpy.quantile(method="inverted_cdf");
  - ratios: the delta-method variance as the quadratic form g' Σ g of the gradient of n̄/d̄ with
    numpy.cov of the per-user (numerator, denominator) pairs; the engine only sees sums.

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


def quantile_case(seed: int, n: int, q: float, level: float, dist: str) -> dict:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(5, 1, n) if dist == "lognormal" else rng.integers(0, 20, n).astype(float)
    values = np.round(values, 3)
    tail = (1 - level) / 2
    cdf = stats.binom.cdf(np.arange(-1, n + 1), n, q)  # F(-1) .. F(n)
    below = [k for k in range(-1, n + 1) if cdf[k + 1] <= tail]
    above = [k for k in range(0, n + 1) if cdf[k + 1] >= 1 - tail]
    lower_rank = max(below) + 1
    upper_rank = min(above) + 1
    ordered = np.sort(values)
    estimate = float(np.quantile(values, q, method="inverted_cdf"))
    z = stats.norm.ppf(0.5 + level / 2)
    lower = float(ordered[lower_rank - 1]) if lower_rank >= 1 else None
    upper = float(ordered[upper_rank - 1]) if upper_rank <= n else None
    return {
        "values": [float(v) for v in values],
        "q": q,
        "level": level,
        "lowerRank": lower_rank if lower_rank >= 1 else None,
        "upperRank": upper_rank if upper_rank <= n else None,
        "estimate": estimate,
        "lower": lower,
        "upper": upper,
        "standardError": (upper - lower) / (2 * z) if lower is not None and upper is not None else None,
    }


def ratio_case(seed: int, n: int) -> dict:
    rng = np.random.default_rng(seed)
    sessions = rng.poisson(3, n).astype(float)
    revenue = np.round(sessions * rng.gamma(2, 5, n) * (rng.random(n) < 0.4), 2)
    mn, md = revenue.mean(), sessions.mean()
    cov = np.cov(np.vstack([revenue, sessions]), ddof=1)
    gradient = np.array([1 / md, -mn / md**2])
    variance = float(gradient @ cov @ gradient) / n
    return {
        "input": {
            "users": n,
            "numeratorSum": float(revenue.sum()),
            "denominatorSum": float(sessions.sum()),
            "numeratorSumSquares": float((revenue * revenue).sum()),
            "denominatorSumSquares": float((sessions * sessions).sum()),
            "crossSum": float((revenue * sessions).sum()),
        },
        "ratio": float(mn / md),
        "standardError": math.sqrt(variance),
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
        "quantiles": [
            quantile_case(4, 50, 0.5, 0.95, "lognormal"),
            quantile_case(5, 400, 0.95, 0.95, "lognormal"),
            quantile_case(6, 1000, 0.99, 0.95, "lognormal"),
            quantile_case(7, 60, 0.99, 0.95, "lognormal"),
            quantile_case(8, 300, 0.5, 0.9, "ties"),
        ],
        "ratios": [ratio_case(9, 50), ratio_case(10, 2000)],
    }
    OUT.write_text(json.dumps(reference, indent=2, allow_nan=False) + "\n")
    formatted = subprocess.run(["npx", "biome", "format", "--write", str(OUT)], cwd=ROOT, capture_output=True)
    if formatted.returncode != 0:
        print("warning: biome format failed; run `npx biome format --write` on the file before committing")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
