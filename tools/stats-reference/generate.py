#!/usr/bin/env python3
"""Reference values for the Switchyard statistics engine.

Computes every expected number independently of the TypeScript code, with SciPy (and mpmath
for arbitrary-precision special functions), and writes
subgraphs/analytics/src/stats/reference-values.json, which the Jest tests read. Python is only
needed to regenerate that file, never to run the tests.

Independence from the TypeScript formulas is the point, so where possible a value comes from a
different route than the engine takes:
  - Welch's test: scipy.stats.ttest_ind(equal_var=False) on raw per-user data (the engine only
    sees the data's sums), its confidence_interval(), and ttest_ind_from_stats for the NIST example;
  - two-proportion z-test: Pearson chi-square on the 2x2 table (chi2_contingency without
    continuity correction), whose p-value equals the pooled z-test's;
  - Wilson intervals: root-finding on the score equation, not the closed form;
  - chance to beat control: scipy.integrate.quad over beta pdf x cdf; expected loss: nested quad
    over the joint posterior; normal expected loss: quad over the normal density;
  - sequential test: the mixture likelihood ratio integrated with quad and inverted with brentq,
    and the mixture tuning ratio found by minimising the interval width numerically;
  - SRM: scipy.stats.chisquare; Holm: a separate step-down implementation below;
    Benjamini–Hochberg: scipy.stats.false_discovery_control;
  - one verdict per comparison: every uplift interval at the level the correction leaves
    (Welch: ttest_ind(...).confidence_interval at that level), the relative interval by
    root-finding on the test statistic as a function of the ratio (Fieller's set), and the
    one-sided p-values from ttest_ind(alternative=...);
  - informative priors: posterior chance and loss by quad over prior x likelihood;
  - skewness: scipy.stats.skew on the raw values.

Usage:  python3 tools/stats-reference/generate.py          (from the repository root)
Needs:  numpy, scipy (written against 1.17), mpmath.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import mpmath
import numpy as np
import scipy
from scipy import integrate, optimize, special, stats

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "subgraphs" / "analytics" / "src" / "stats" / "reference-values.json"

mpmath.mp.dps = 40
RNG = np.random.default_rng(20_240_601)
QUAD = dict(epsabs=0.0, epsrel=1e-12, limit=500)


def f(value) -> float | None:
    """Plain float for JSON (None stays None)."""
    return None if value is None else float(value)


# --------------------------------------------------------------------------- distributions


def distribution_values() -> dict:
    out: dict[str, list] = {k: [] for k in (
        "normalCdf", "normalSf", "normalQuantile", "studentTCdf", "studentTQuantile",
        "chiSquareCdf", "chiSquareSf", "logGamma", "logBeta", "betaCdf", "betaSf", "betaPdf")}
    for x in [-38.5, -20, -10, -5, -3, -1.959963984540054, -1, -0.5, -1e-8, 0, 1e-8, 0.3, 1, 1.5, 2.5, 5, 8.2]:
        out["normalCdf"].append([[x], float(stats.norm.cdf(x))])
        out["normalSf"].append([[x], float(stats.norm.sf(x))])
    for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.4999, 0.5001,
              0.7, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-10]:
        out["normalQuantile"].append([[p], float(stats.norm.ppf(p))])

    def t_cdf(t: float, df: float) -> float:
        # Exact: P(T <= t) from the regularized incomplete beta in 40-digit arithmetic.
        t_, df_ = mpmath.mpf(t), mpmath.mpf(df)
        tail = mpmath.betainc(df_ / 2, mpmath.mpf(1) / 2, 0, df_ / (df_ + t_ * t_), regularized=True) / 2
        return float(tail if t < 0 else 1 - tail)

    for df in [1, 2, 3, 4.5, 7.9925, 10, 30, 136.875, 1000, 12345.6, 99999, 1e5, 1e6, 3e7, 1e9]:
        for t in [-50, -12.946, -5, -2.5, -1, -0.1, 0, 1e-6, 0.5, 1.3, 2, 3.7, 10, 40]:
            out["studentTCdf"].append([[t, df], t_cdf(t, df)])
        if df <= 1e6:
            for p in [1e-12, 1e-6, 0.001, 0.025, 0.05, 0.2, 0.7, 0.95, 0.975, 0.995, 1 - 1e-9]:
                out["studentTQuantile"].append([[p, df], float(stats.t.ppf(p, df))])
    for k in [1, 2, 3, 4, 5, 9, 20, 100]:
        for x in [0.001, 0.1, 0.5, 1, 2.5, 5.89, 10, 30, 80, 200, 500]:
            out["chiSquareSf"].append([[x, k], float(stats.chi2.sf(x, k))])
            out["chiSquareCdf"].append([[x, k], float(stats.chi2.cdf(x, k))])
    for x in [1e-5, 0.5, 1, 1.5, 2, 3.7, 10, 14.9, 15, 15.1, 100, 1e4, 1e7, 5e8]:
        out["logGamma"].append([[x], float(mpmath.loggamma(mpmath.mpf(x)))])
    for a, b in [(0.5, 0.5), (1, 1), (2, 3), (0.5, 5e5), (5e5, 0.5), (1001, 9001), (5e4, 9.5e5), (3e6, 3e6), (1, 1e6)]:
        out["logBeta"].append([[a, b], float(mpmath.log(mpmath.beta(mpmath.mpf(a), mpmath.mpf(b))))])
    for a, b, x in [(1001, 9001, 0.1), (1001, 9001, 0.095), (1001, 9001, 0.12), (50001, 950001, 0.05),
                    (50001, 950001, 0.0505), (1, 1001, 0.001), (1, 1001, 0.01), (6, 46, 0.3), (0.5, 5e5, 1e-6),
                    (3, 2, 0.99), (2, 2, 0.5)]:
        out["betaCdf"].append([[x, a, b], float(stats.beta.cdf(x, a, b))])
        out["betaSf"].append([[x, a, b], float(stats.beta.sf(x, a, b))])
        out["betaPdf"].append([[x, a, b], float(stats.beta.pdf(x, a, b))])
    return out


# --------------------------------------------------------------------------- building blocks


def wilson_by_root_finding(successes: int, n: int, confidence: float) -> dict:
    """Wilson interval as the set of p0 with |p̂ − p0| ≤ z √(p0(1−p0)/n), found by brentq."""
    z = stats.norm.ppf(0.5 + confidence / 2)
    phat = successes / n
    score = lambda p0: (phat - p0) ** 2 - z * z * p0 * (1 - p0) / n  # noqa: E731
    # score < 0 strictly between the bounds; step off p̂ when it is itself a root (0 or n successes).
    lower = 0.0 if successes == 0 else optimize.brentq(score, 0.0, min(phat, 1 - 1e-16), xtol=1e-300, rtol=1e-15)
    upper = 1.0 if successes == n else optimize.brentq(score, max(phat, 1e-300), 1.0, xtol=1e-300, rtol=1e-15)
    return {"lower": lower, "upper": upper}


def beta_window(dist) -> tuple[float, float]:
    return float(dist.ppf(1e-15)), float(dist.isf(1e-15))


def beta_points(*dists) -> list[float]:
    pts = []
    for d in dists:
        m, s = d.mean(), d.std()
        pts += [m + k * s for k in (-8, -4, -2, -1, 0, 1, 2, 4, 8)]
    return sorted(p for p in pts if 0 < p < 1)


def prob_greater(x_dist, y_dist) -> float:
    """P(X > Y) = ∫ f_X(x) F_Y(x) dx by adaptive quadrature."""
    lo, hi = beta_window(x_dist)
    pts = [p for p in beta_points(x_dist, y_dist) if lo < p < hi]
    value, _ = integrate.quad(lambda x: x_dist.pdf(x) * y_dist.cdf(x), lo, hi, points=pts, **QUAD)
    return value


def expected_excess(x_dist, y_dist) -> float:
    """E[(X − Y)+] as the double integral ∫ f_Y(y) ∫_{x>y} (x − y) f_X(x) dx dy (nested quad)."""
    xlo, xhi = beta_window(x_dist)
    ylo, yhi = beta_window(y_dist)

    def inner(y: float) -> float:
        if y >= xhi:
            return 0.0
        start = max(y, xlo)
        pts = [p for p in beta_points(x_dist) if start < p < xhi]
        value, _ = integrate.quad(lambda x: (x - y) * x_dist.pdf(x), start, xhi, points=pts or None, **QUAD)
        return value

    pts = [p for p in beta_points(x_dist, y_dist) if ylo < p < yhi]
    value, _ = integrate.quad(lambda y: y_dist.pdf(y) * inner(y), ylo, yhi, points=pts, **QUAD)
    return value


def normal_positive_part(mean: float, sd: float) -> float:
    """E[max(X, 0)] for X ~ N(mean, sd²) by quad over the density."""
    lo = max(0.0, mean - 40 * sd)
    hi = max(lo + sd, mean + 40 * sd)
    if hi <= 0:
        return 0.0
    value, _ = integrate.quad(lambda x: x * stats.norm.pdf(x, mean, sd), lo, hi, points=[max(lo, mean)], **QUAD)
    return value


def optimal_mixing_ratio(alpha: float) -> float:
    """u minimising the confidence-sequence width factor (1 + 1/u)(2 ln(1/α) + ln(1 + u))."""
    width = lambda u: (1 + 1 / u) * (2 * math.log(1 / alpha) + math.log1p(u))  # noqa: E731
    result = optimize.minimize_scalar(width, bounds=(1e-3, 1e3), method="bounded", options={"xatol": 1e-12})
    # Polish on the first-order condition so the reference is accurate to ~1e-15, not xatol.
    derivative = lambda u: -(2 * math.log(1 / alpha) + math.log1p(u)) / u**2 + (1 + 1 / u) / (1 + u)  # noqa: E731
    return optimize.brentq(derivative, result.x * 0.9, result.x * 1.1, xtol=1e-15)


def mixture_log_lr(estimate: float, variance: float, tau2: float, theta0: float) -> float:
    """ln ∫ N(θ̂; θ, V)/N(θ̂; θ0, V) N(θ; θ0, τ²) dθ, integrated numerically."""
    sd = math.sqrt(variance)
    tau = math.sqrt(tau2)
    # Work relative to the integrand's peak to avoid overflow.
    log_integrand = lambda th: (  # noqa: E731
        stats.norm.logpdf(estimate, th, sd) - stats.norm.logpdf(estimate, theta0, sd) + stats.norm.logpdf(th, theta0, tau)
    )
    peak_theta = theta0 + tau2 / (tau2 + variance) * (estimate - theta0)
    peak = log_integrand(peak_theta)
    spread = math.sqrt(tau2 * variance / (tau2 + variance))
    value, _ = integrate.quad(
        lambda th: math.exp(log_integrand(th) - peak), peak_theta - 40 * spread, peak_theta + 40 * spread,
        points=[peak_theta], **QUAD)
    return peak + math.log(value)


def sequential_reference(estimate: float, variance: float, user_var_c: float, user_var_t: float,
                         tuning_n: float, alpha: float, interval_alpha: float | None = None) -> dict:
    tau2 = optimal_mixing_ratio(alpha) * (user_var_c + user_var_t) / tuning_n
    p_value = min(1.0, math.exp(-mixture_log_lr(estimate, variance, tau2, 0.0)))
    target = math.log(1 / (interval_alpha or alpha))
    g = lambda th0: mixture_log_lr(estimate, variance, tau2, th0) - target  # noqa: E731
    sd = math.sqrt(variance)
    step = sd
    while g(estimate + step) < 0:
        step *= 2
    upper = optimize.brentq(g, estimate, estimate + step, xtol=1e-15 * max(1.0, abs(estimate)), rtol=1e-14)
    lower = optimize.brentq(g, estimate - step, estimate, xtol=1e-15 * max(1.0, abs(estimate)), rtol=1e-14)
    return {"pValue": p_value, "absoluteUplift": {"estimate": estimate, "lower": lower, "upper": upper},
            "mixingVariance": tau2}


def fieller_relative(mc: float, sec: float, mt: float, set_: float, crit: float) -> dict | None:
    """{ρ − 1 : |m_t − ρ m_c| / √(se_t² + ρ² se_c²) ≤ crit}, found by brentq on the statistic."""
    if mc <= 0 or mc * mc <= crit * crit * sec * sec:
        return None
    r = mt / mc
    stat = lambda rho: (mt - rho * mc) / math.sqrt(set_**2 + rho**2 * sec**2)  # noqa: E731
    if set_ == 0 and sec == 0:
        return {"estimate": r - 1, "lower": r - 1, "upper": r - 1}
    step = max(abs(r), 1e-12)
    while stat(r + step) > -crit:
        step *= 2
    upper = optimize.brentq(lambda rho: stat(rho) + crit, r, r + step, xtol=1e-15, rtol=1e-14)
    step = max(abs(r), 1e-12)
    while stat(r - step) < crit:
        step *= 2
    lower = optimize.brentq(lambda rho: stat(rho) - crit, r - step, r, xtol=1e-15, rtol=1e-14)
    return {"estimate": r - 1, "lower": lower - 1, "upper": upper - 1}


def prior_bayes(d: float, spread: float, mc: float, prior: tuple[float, float], higher: bool) -> tuple[float, float]:
    """P(better) and E[loss] under prior N(μ₀ m_c, (σ₀ m_c)²) on the difference, by quad."""
    pm, ps = prior[0] * mc, prior[1] * abs(mc)
    log_post = lambda x: stats.norm.logpdf(x, pm, ps) + stats.norm.logpdf(d, x, spread)  # noqa: E731
    centre = (d / spread**2 + pm / ps**2) / (1 / spread**2 + 1 / ps**2)
    width = 40 * min(spread, ps)
    peak = log_post(centre)
    dens = lambda x: math.exp(log_post(x) - peak)  # noqa: E731
    lo, hi = centre - width, centre + width
    total, _ = integrate.quad(dens, lo, hi, points=[centre], **QUAD)
    sign = 1 if higher else -1
    better, _ = integrate.quad(lambda x: dens(x) if sign * x > 0 else 0.0, lo, hi, points=[0.0, centre], **QUAD)
    loss, _ = integrate.quad(lambda x: dens(x) * max(0.0, -sign * x), lo, hi, points=[0.0, centre], **QUAD)
    return better / total, loss / total


def correct(pvalues: list[float], alpha: float, correction: str) -> tuple[list[float], list[bool], float]:
    """Adjusted p-values, rejections, and the per-comparison level α′ left by the correction."""
    m = len(pvalues)
    if m == 0:
        return [], [], alpha
    if correction == "HOLM":
        adjusted, rejected = holm(pvalues, alpha)
        r = sum(rejected)
        level = alpha if m <= 1 else alpha / max(1, m - r)
    else:
        adjusted = [float(a) for a in stats.false_discovery_control(pvalues, method="bh")]
        rejected = [a <= alpha for a in adjusted]
        r = sum(rejected)
        level = alpha if m <= 1 else max(1, r) * alpha / m
    # The level must separate rejected from kept p-values, or intervals and verdicts would disagree.
    for p, rej in zip(pvalues, rejected):
        assert (p <= level) == rej, (p, level, rej)
    return adjusted, rejected, level


def holm(pvalues: list[float], alpha: float) -> tuple[list[float], list[bool]]:
    """Holm step-down, written as the textbook loop: compare p_(k) with α/(m − k + 1)."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: (pvalues[i], i))
    adjusted = [1.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted, [a <= alpha for a in adjusted]


# --------------------------------------------------------------------------- cases


def conversion_variant(name: str, weight: float, users: int, conversions: int) -> dict:
    return {"variant": name, "weight": weight, "users": users, "conversions": conversions,
            "sum": conversions, "sumSquares": conversions}


def mean_variant(name: str, weight: float, values: np.ndarray) -> tuple[dict, np.ndarray]:
    values = np.asarray(values, dtype=float)
    return ({"variant": name, "weight": weight, "users": int(values.size), "conversions": 0,
             "sum": math.fsum(values), "sumSquares": math.fsum(values * values)}, values)


def srm_reference(variants: list[dict]) -> dict:
    observed = np.array([v["users"] for v in variants], dtype=float)
    weights = np.array([v["weight"] for v in variants], dtype=float)
    expected = observed.sum() * weights / weights.sum()
    if len(variants) < 2:
        return {"pValue": None, "statistic": None, "expected": [0.0] * len(variants)}
    result = stats.chisquare(observed, f_exp=expected)
    return {"pValue": float(result.pvalue), "statistic": float(result.statistic), "expected": expected.tolist()}


def conversion_case(name: str, variants: list[dict], *, higher=True, alpha=0.05, sequential=None,
                    note: str = "", one_sided=False, correction="HOLM", prior=None) -> dict:
    conf = 1 - alpha
    z = stats.norm.ppf(0.5 + conf / 2)
    control = variants[0]
    nc, cc = control["users"], control["conversions"]
    pc = cc / nc
    rows = []
    for v in variants:
        n, c = v["users"], v["conversions"]
        p = c / n
        row = {"variant": v["variant"], "users": n, "conversions": c, "rate": p, "mean": p,
               "variance": n * p * (1 - p) / (n - 1), "standardError": math.sqrt(p * (1 - p) / n),
               "interval": wilson_by_root_finding(c, n, conf)}
        if n <= 200_000:
            # Cross-check the closed-form variance against numpy on the 0/1 data.
            data = np.zeros(n)
            data[:c] = 1
            assert math.isclose(row["variance"], float(np.var(data, ddof=1)), rel_tol=1e-12)
        if v is control:
            row.update({"absoluteUplift": None, "relativeUplift": None, "statistic": None, "degreesOfFreedom": None,
                        "pValue": None, "chanceToBeatControl": None, "expectedLoss": None, "sequential": None})
            rows.append(row)
            continue
        d = p - pc
        se_unpooled = math.sqrt(pc * (1 - pc) / nc + p * (1 - p) / n)
        pooled = (cc + c) / (nc + n)
        se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / n))
        table = [[c, n - c], [cc, nc - cc]]
        chi2 = stats.chi2_contingency(table, correction=False)
        statistic = d / se_pooled
        assert math.isclose(statistic**2, chi2.statistic, rel_tol=1e-9), (statistic**2, chi2.statistic)
        assert math.isclose(chi2.pvalue, 2 * stats.norm.sf(abs(statistic)), rel_tol=1e-9)
        sec, set_ = math.sqrt(pc * (1 - pc) / nc), math.sqrt(p * (1 - p) / n)
        if prior is None:
            post_c = stats.beta(1 + cc, 1 + nc - cc)
            post_t = stats.beta(1 + c, 1 + n - c)
            if higher:
                chance, loss = prob_greater(post_t, post_c), expected_excess(post_c, post_t)
            else:
                chance, loss = prob_greater(post_c, post_t), expected_excess(post_t, post_c)
        else:
            chance, loss = prior_bayes(d, math.hypot(sec, set_), pc, prior, higher)
        # The verdict's test: the Wald z with the interval's (unpooled) standard error.
        wald = d / se_unpooled
        sign = 1 if higher else -1
        p_value = float(stats.norm.sf(sign * wald)) if one_sided else float(2 * stats.norm.sf(abs(wald)))
        row.update({
            "statistic": wald, "degreesOfFreedom": None, "pValue": p_value,
            "chanceToBeatControl": chance, "expectedLoss": loss,
            "_interval": lambda level, d=d, se=se_unpooled: (
                d - stats.norm.ppf(0.5 + level / 2) * se, d + stats.norm.ppf(0.5 + level / 2) * se),
            "_ratio": (pc, sec, p, set_), "_df": None, "_d": d,
            "_sequential": None if sequential is None else (d, se_unpooled**2, pc * (1 - pc), p * (1 - p)),
        })
        rows.append(row)
    return finish_case(name, "CONVERSION", variants, rows, higher, alpha, sequential, note, one_sided, correction,
                       prior)


def mean_case(name: str, kind: str, data: list[tuple[str, float, np.ndarray]], *, higher=True, alpha=0.05,
              sequential=None, note: str = "", one_sided=False, correction="HOLM", prior=None,
              cubes=False) -> dict:
    conf = 1 - alpha
    z = stats.norm.ppf(0.5 + conf / 2)
    built = [mean_variant(n, w, values) for n, w, values in data]
    variants = [v for v, _ in built]
    control_values = built[0][1]
    mc = float(np.mean(control_values))
    vc = float(np.var(control_values, ddof=1))
    nc = control_values.size
    sec = math.sqrt(vc / nc)
    rows = []
    for v, values in built:
        n = values.size
        mean = float(np.mean(values))
        var = float(np.var(values, ddof=1))
        se = math.sqrt(var / n)
        low, high = stats.t.interval(conf, n - 1, loc=mean, scale=se)
        row = {"variant": v["variant"], "users": n, "conversions": None, "rate": None, "mean": mean,
               "variance": var, "standardError": se, "interval": {"lower": low, "upper": high}}
        if values is control_values:
            row.update({"absoluteUplift": None, "relativeUplift": None, "statistic": None, "degreesOfFreedom": None,
                        "pValue": None, "chanceToBeatControl": None, "expectedLoss": None, "sequential": None})
            rows.append(row)
            continue
        test = stats.ttest_ind(values, control_values, equal_var=False)
        sided = stats.ttest_ind(values, control_values, equal_var=False,
                                alternative="greater" if higher else "less") if one_sided else test
        d = mean - mc
        spread = math.sqrt(sec**2 + se**2)
        signed = d if higher else -d
        if prior is None:
            chance, loss = float(stats.norm.cdf(signed / spread)), normal_positive_part(-signed, spread)
        else:
            chance, loss = prior_bayes(d, spread, mc, prior, higher)
        row.update({
            "statistic": float(test.statistic), "degreesOfFreedom": float(test.df), "pValue": float(sided.pvalue),
            "chanceToBeatControl": chance, "expectedLoss": loss,
            "_interval": lambda level, test=test: tuple(float(x) for x in test.confidence_interval(confidence_level=level)),
            "_ratio": (mc, sec, mean, se), "_df": float(test.df), "_d": d,
            "_sequential": None if sequential is None else (d, spread**2, vc, var),
        })
        rows.append(row)
    if cubes:
        for v, (_, values) in zip(variants, built):
            v["sumCubes"] = math.fsum(values**3)
    return finish_case(name, kind, variants, rows, higher, alpha, sequential, note, one_sided, correction, prior,
                       skew={v["variant"]: float(stats.skew(values)) for v, (_, values) in zip(variants, built)}
                       if cubes else None)


def finish_case(name, kind, variants, rows, higher, alpha, sequential, note, one_sided=False, correction="HOLM",
                prior=None, skew=None) -> dict:
    # The correction across this case's comparisons (the single-metric family), then every
    # interval at the level it leaves.
    tested = [r for r in rows if r["pValue"] is not None]
    adjusted, rejected, level = correct([r["pValue"] for r in tested], alpha, correction)
    interval_level = 1 - (2 if one_sided else 1) * level
    sign = 1 if higher else -1
    for r, a, rej in zip(tested, adjusted, rejected):
        r["adjustedPValue"] = a
        r["significant"] = rej
        r["decision"] = ("BETTER" if sign * r["_d"] > 0 else "WORSE") if rej else "INCONCLUSIVE"
        low, high = r.pop("_interval")(interval_level)
        r["absoluteUplift"] = {"estimate": r["_d"], "lower": low, "upper": high}
        df = r.pop("_df")
        crit = stats.norm.ppf(0.5 + interval_level / 2) if df is None else stats.t.ppf(0.5 + interval_level / 2, df)
        r["relativeUplift"] = fieller_relative(*r.pop("_ratio"), float(crit))
        # Same verdict three ways: adjusted p, absolute interval, relative interval.
        good_side = low > 0 if sign > 0 else high < 0
        bad_side = high < 0 if sign > 0 else low > 0
        assert rej == (good_side or (bad_side and not one_sided)), (name, r["variant"])
    seq_rows = [r for r in rows if r.get("_sequential") is not None]
    if seq_rows:
        seq_p = [sequential_reference(*r["_sequential"], sequential, alpha)["pValue"] for r in seq_rows]
        seq_adjusted, _, seq_level = correct(seq_p, alpha, correction)
        for r, a in zip(seq_rows, seq_adjusted):
            r["sequential"] = sequential_reference(*r["_sequential"], sequential, alpha, seq_level)
            r["sequential"]["adjustedPValue"] = a
    for r in rows:
        r.setdefault("significant", False)
        r.setdefault("decision", "NOT_TESTED")
        for key in ("_interval", "_ratio", "_df", "_d", "_sequential"):
            r.pop(key, None)
        r.setdefault("adjustedPValue", None)
        r.setdefault("sequential", None)
    case_input = {"kind": kind, "higherIsBetter": higher, "alpha": alpha, "variants": variants}
    if one_sided:
        case_input["oneSided"] = True
    if correction != "HOLM":
        case_input["correction"] = correction
    if prior is not None:
        case_input["prior"] = {"mean": prior[0], "standardDeviation": prior[1]}
    if sequential is not None:
        case_input["sequential"] = True
        case_input["sequentialTuningSampleSize"] = sequential
    expected = {"variants": rows, "srm": srm_reference(variants), "intervalLevel": interval_level}
    if skew is not None:
        expected["skewness"] = skew
    return {"name": name, "note": note, "input": case_input, "expected": expected}


def nist_welch_case() -> dict:
    """NIST/SEMATECH e-Handbook §1.3.5.3 (AUTO83B car mileage): US (control) vs Japanese cars."""
    n1, m1, s1 = 249, 20.14458, 6.41470
    n2, m2, s2 = 79, 30.48101, 6.10771
    variants = [
        {"variant": "us", "weight": 50, "users": n1, "conversions": 0, "sum": n1 * m1,
         "sumSquares": (n1 - 1) * s1**2 + n1 * m1**2},
        {"variant": "japan", "weight": 50, "users": n2, "conversions": 0, "sum": n2 * m2,
         "sumSquares": (n2 - 1) * s2**2 + n2 * m2**2},
    ]
    # Recompute the summaries exactly as the engine will see them.
    mean = [v["sum"] / v["users"] for v in variants]
    sd = [math.sqrt((v["sumSquares"] - v["sum"] ** 2 / v["users"]) / (v["users"] - 1)) for v in variants]
    test = stats.ttest_ind_from_stats(mean[1], sd[1], n2, mean[0], sd[0], n1, equal_var=False)
    se = math.sqrt(sd[0] ** 2 / n1 + sd[1] ** 2 / n2)
    df = se**4 / ((sd[0] ** 2 / n1) ** 2 / (n1 - 1) + (sd[1] ** 2 / n2) ** 2 / (n2 - 1))
    half = stats.t.ppf(0.975, df) * se
    return {"name": "NIST e-Handbook 1.3.5.3 car mileage (Welch)", "input": {"kind": "MEAN", "higherIsBetter": True,
            "alpha": 0.05, "variants": variants},
            "expected": {"statistic": float(test.statistic), "pValue": float(test.pvalue), "degreesOfFreedom": df,
                         "lower": mean[1] - mean[0] - half, "upper": mean[1] - mean[0] + half}}


def multi_metric_case() -> dict:
    """Two metrics x two treatments: Holm must span all four comparisons."""
    conv = [conversion_variant("control", 34, 4000, 400), conversion_variant("b", 33, 4100, 465),
            conversion_variant("c", 33, 3900, 420)]
    revenue = [mean_variant("control", 34, RNG.exponential(10.0, 400)),
               mean_variant("b", 33, RNG.exponential(11.5, 410)),
               mean_variant("c", 33, RNG.exponential(10.2, 390))]
    pvals = []
    for v in conv[1:]:
        pt, pc = v["conversions"] / v["users"], 400 / 4000
        se = math.sqrt(pt * (1 - pt) / v["users"] + pc * (1 - pc) / 4000)
        pvals.append(float(2 * stats.norm.sf(abs(pt - pc) / se)))
    for _, values in revenue[1:]:
        pvals.append(float(stats.ttest_ind(values, revenue[0][1], equal_var=False).pvalue))
    adjusted, rejected = holm(pvals, 0.05)
    return {"name": "conversion + revenue, three variants", "input": {"alpha": 0.05, "metrics": [
        {"metric": "signup", "kind": "CONVERSION", "higherIsBetter": True, "variants": conv},
        {"metric": "revenue", "kind": "MEAN", "higherIsBetter": True, "variants": [v for v, _ in revenue]},
    ]}, "expected": {"pValues": pvals, "adjustedPValues": adjusted, "significant": rejected}}


def daily_case() -> dict:
    days = []
    cum = {"control": [0, 0], "treatment": [0, 0]}
    cum_mean = {"control": [], "treatment": []}
    conv_days, mean_days, expected_conv, expected_mean = [], [], [], []
    for day, (new_users, rates) in enumerate([(40, (0.05, 0.0)), (300, (0.1, 0.12)), (900, (0.1, 0.11))]):
        date = f"2025-03-0{day + 1}"
        conv_rows, conv_expected, mean_rows, mean_expected = [], [], [], []
        for name, rate in zip(("control", "treatment"), rates):
            cum[name][0] += new_users
            cum[name][1] += int(round(new_users * rate))
            n, c = cum[name]
            conv_rows.append(conversion_variant(name, 50, n, c))
            conv_expected.append({"variant": name, "users": n, "estimate": c / n,
                                  "interval": wilson_by_root_finding(c, n, 0.95)})
            cum_mean[name].extend(RNG.gamma(2.0, 3.0 if name == "control" else 3.3, new_users).tolist())
            values = np.array(cum_mean[name])
            variant, _ = mean_variant(name, 50, values)
            mean_rows.append(variant)
            se = float(np.std(values, ddof=1)) / math.sqrt(values.size)
            low, high = stats.t.interval(0.95, values.size - 1, loc=float(np.mean(values)), scale=se)
            mean_expected.append({"variant": name, "users": int(values.size), "estimate": float(np.mean(values)),
                                  "interval": {"lower": low, "upper": high}})
        conv_days.append({"date": date, "variants": conv_rows})
        mean_days.append({"date": date, "variants": mean_rows})
        expected_conv.append(conv_expected)
        expected_mean.append(mean_expected)
    days.append({"kind": "CONVERSION", "days": conv_days, "expected": expected_conv})
    days.append({"kind": "MEAN", "days": mean_days, "expected": expected_mean})
    return days


def experiment_cases() -> list[dict]:
    cases = [
        conversion_case("moderate lift", [conversion_variant("control", 50, 10000, 1000),
                                          conversion_variant("treatment", 50, 10000, 1100)], sequential=10000),
        conversion_case("small samples", [conversion_variant("control", 50, 50, 3),
                                          conversion_variant("treatment", 50, 48, 9)]),
        conversion_case("three variants, Holm across two", [
            conversion_variant("control", 34, 5000, 400), conversion_variant("b", 33, 5100, 450),
            conversion_variant("c", 33, 4950, 380)], sequential=5000),
        conversion_case("a million users per arm", [conversion_variant("control", 50, 1_000_000, 50_000),
                                                    conversion_variant("treatment", 50, 1_000_000, 50_800)],
                        sequential=1_000_000),
        conversion_case("lower is better (error rate), alpha 0.1", [
            conversion_variant("control", 50, 2000, 300), conversion_variant("treatment", 50, 2050, 250)],
            higher=False, alpha=0.1, sequential=2000),
        conversion_case("control never converts", [conversion_variant("control", 50, 1000, 0),
                                                   conversion_variant("treatment", 50, 1000, 5)]),
        conversion_case("OpenIntro mammogram study (Miller et al. 2014)", [
            conversion_variant("control", 50, 44910, 505), conversion_variant("mammogram", 50, 44925, 500)],
            higher=False, note="OpenIntro Statistics 3rd ed. §6.2.3"),
        conversion_case("sample-ratio mismatch", [conversion_variant("control", 50, 10000, 1200),
                                                  conversion_variant("treatment", 50, 10600, 1300)]),
        mean_case("normal data, unequal variances", "MEAN", [
            ("control", 50, RNG.normal(100, 15, 200)), ("treatment", 50, RNG.normal(104, 25, 220))],
            sequential=200),
        mean_case("revenue with many zeros", "MEAN", [
            ("control", 50, RNG.lognormal(3, 1, 1000) * (RNG.random(1000) < 0.3)),
            ("treatment", 50, RNG.lognormal(3.05, 1, 1000) * (RNG.random(1000) < 0.33))], sequential=5000),
        mean_case("event counts, three variants", "COUNT", [
            ("control", 34, RNG.poisson(3.0, 500)), ("b", 33, RNG.poisson(3.3, 500)),
            ("c", 33, RNG.poisson(2.9, 500))], sequential=500),
        mean_case("tiny samples", "MEAN", [("control", 50, RNG.normal(10, 2, 5)), ("treatment", 50, RNG.normal(12, 4, 7))]),
        mean_case("lower is better (latency), alpha 0.01", "MEAN", [
            ("control", 50, RNG.gamma(4, 50, 300)), ("treatment", 50, RNG.gamma(4, 46, 310))],
            higher=False, alpha=0.01, sequential=300),
        # Issue 18 defects and options.
        mean_case("net profit with a negative control mean", "MEAN", [
            ("control", 50, RNG.normal(-2, 3, 400)), ("treatment", 50, RNG.normal(-1, 3, 400))],
            note="relative uplift refused: a ratio of negative means reads backwards"),
        mean_case("control mean indistinguishable from 0", "MEAN", [
            ("control", 50, RNG.normal(0.05, 5, 300)), ("treatment", 50, RNG.normal(0.9, 5, 300))]),
        conversion_case("one-sided, higher is better", [conversion_variant("control", 50, 8000, 800),
                                                        conversion_variant("treatment", 50, 8000, 870)],
                        one_sided=True),
        mean_case("one-sided, lower is better (latency)", "MEAN", [
            ("control", 50, RNG.gamma(4, 50, 400)), ("treatment", 50, RNG.gamma(4, 47, 400))],
            higher=False, one_sided=True),
        conversion_case("Benjamini-Hochberg over four variants", [
            conversion_variant("control", 20, 6000, 600), conversion_variant("b", 20, 6000, 690),
            conversion_variant("c", 20, 6000, 680), conversion_variant("d", 20, 6000, 640),
            conversion_variant("e", 20, 6000, 590)], correction="BENJAMINI_HOCHBERG", sequential=6000),
        conversion_case("Holm over the same four variants", [
            conversion_variant("control", 20, 6000, 600), conversion_variant("b", 20, 6000, 690),
            conversion_variant("c", 20, 6000, 680), conversion_variant("d", 20, 6000, 640),
            conversion_variant("e", 20, 6000, 590)], sequential=6000),
        conversion_case("informative prior on the relative effect", [
            conversion_variant("control", 50, 3000, 300), conversion_variant("treatment", 50, 3000, 345)],
            prior=(0.0, 0.05)),
        mean_case("informative prior, lower is better", "MEAN", [
            ("control", 50, RNG.gamma(4, 50, 300)), ("treatment", 50, RNG.gamma(4, 46, 310))],
            higher=False, prior=(-0.02, 0.1)),
        mean_case("skewed revenue with sum of cubes", "MEAN", [
            ("control", 50, RNG.lognormal(2, 2, 2000) * (RNG.random(2000) < 0.05)),
            ("treatment", 50, RNG.lognormal(2, 2, 2000) * (RNG.random(2000) < 0.05))], cubes=True, sequential=2000),
    ]
    return cases


def main() -> None:
    reference = {
        "generatedBy": "tools/stats-reference/generate.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__},
        "distributions": distribution_values(),
        "experiments": experiment_cases(),
        "nistWelch": nist_welch_case(),
        "multiMetric": multi_metric_case(),
        "daily": daily_case(),
        "mixingRatio": [[a, optimal_mixing_ratio(a)] for a in (0.01, 0.05, 0.1)],
    }
    OUT.write_text(json.dumps(reference, indent=2, allow_nan=False) + "\n")
    # Format with the repository's Biome so regenerating gives no diff against the checked-in file.
    formatted = subprocess.run(["npx", "biome", "format", "--write", str(OUT)], cwd=ROOT, capture_output=True)
    if formatted.returncode != 0:
        print("warning: biome format failed; run `npx biome format --write` on the file before committing")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
