#!/usr/bin/env python3
"""Writes the vectors that Tests/StatsTests checks Almanac's GrowthBook-level statistics against: what GrowthBook's
open-source stats engine, gbstats 0.8.0, computes on the same inputs.

    python3 scripts/gbstats-vectors.py --out Tests/Fixtures/stats/gbstats.json

Run without a virtual environment, it makes one (.build/gbstats-venv), installs gbstats==0.8.0 into it and runs
itself there. The output is deterministic; the JSON file is checked in, so the tests need no Python.

Each case gives the two variants' sufficient statistics as gbstats takes them (n, sum, sum of squares; a ratio's
numerator and denominator with their sum of products; CUPED's metric and pre-experiment covariate with theirs; a
quantile's n, n*, level, estimate and bounds), and for each: the fixed-horizon TwoSidedTTest, the
SequentialTwoSidedTTest (tuning 5000 and 500), and the EffectBayesianABTest (the default improper prior, a proper
prior, and `inverse` for a metric where lower is better). Segment heterogeneity (Cochran's Q) is not in gbstats; it is
checked against scipy's chi-square here.
"""

import argparse
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "gbstats-venv")


def ensure_environment():
    try:
        import gbstats  # noqa: F401
        import importlib.metadata
        if importlib.metadata.version("gbstats") == "0.8.0":
            return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(python):
        sys.exit("gbstats 0.8.0 is not installed in %s" % VENV)
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "-q", "gbstats==0.8.0"])
    os.execv(python, [python] + sys.argv)


ensure_environment()

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402
from gbstats.models.statistics import (  # noqa: E402
    ProportionStatistic, SampleMeanStatistic, RatioStatistic, RegressionAdjustedStatistic, QuantileStatistic)
from gbstats.frequentist.tests import TwoSidedTTest, SequentialTwoSidedTTest, FrequentistConfig, SequentialConfig  # noqa: E402
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior  # noqa: E402


def f(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite value %r" % x)
    return x


def statistic(s):
    kind = s["kind"]
    if kind == "proportion":
        return ProportionStatistic(n=s["n"], sum=s["sum"])
    if kind == "mean":
        return SampleMeanStatistic(n=s["n"], sum=s["sum"], sum_squares=s["sum_squares"])
    if kind == "ratio":
        return RatioStatistic(n=s["n"], m_statistic=statistic(s["numerator"]), d_statistic=statistic(s["denominator"]),
                              m_d_sum_of_products=s["sum_of_products"])
    if kind == "cuped":
        return RegressionAdjustedStatistic(n=s["n"], post_statistic=statistic(s["post"]), pre_statistic=statistic(s["pre"]),
                                           post_pre_sum_of_products=s["sum_of_products"], theta=0)
    if kind == "quantile":
        return QuantileStatistic(n=s["n"], n_star=s["n_star"], nu=s["nu"], quantile_hat=s["estimate"],
                                 quantile_lower=s["lower"], quantile_upper=s["upper"])
    raise ValueError(kind)


def mean_stat(n, mean, sd):
    """Σx and Σx² from a mean and sd, as VariantStatistic.mean(_:sd:n:) computes them."""
    return {"kind": "mean", "n": n, "sum": mean * n, "sum_squares": sd * sd * (n - 1) + mean * mean * n}


def products(cov, n, a, b):
    return cov * (n - 1) + a["sum"] * b["sum"] / n


def frequentist(result):
    if result.error_message:
        return None
    return {"lift": f(result.expected), "ci_low": f(result.ci[0]), "ci_high": f(result.ci[1]), "p_value": f(result.p_value)}


def bayesian(result):
    if result.error_message:
        return None
    return {"lift": f(result.expected), "sd": f(result.uplift.stddev), "chance_to_win": f(result.chance_to_win),
            "risk_control": f(result.risk[0]), "risk_treatment": f(result.risk[1]),
            "ci_low": f(result.ci[0]), "ci_high": f(result.ci[1])}


def evaluate(case):
    a, b = case["control"], case["treatment"]
    alpha = case.get("alpha", 0.05)
    out = {}
    out["fixed"] = frequentist(TwoSidedTTest(statistic(a), statistic(b), FrequentistConfig(alpha=alpha)).compute_result())
    for tuning in (5000, 500):
        test = SequentialTwoSidedTTest(statistic(a), statistic(b), SequentialConfig(alpha=alpha, sequential_tuning_parameter=tuning))
        out["sequential_%d" % tuning] = frequentist(test.compute_result())
    out["bayes"] = bayesian(EffectBayesianABTest(statistic(a), statistic(b), EffectBayesianConfig(alpha=alpha)).compute_result())
    out["bayes_inverse"] = bayesian(EffectBayesianABTest(statistic(a), statistic(b), EffectBayesianConfig(alpha=alpha, inverse=True)).compute_result())
    proper = GaussianPrior(mean=0.01, variance=0.3 ** 2, proper=True)
    out["bayes_proper"] = bayesian(EffectBayesianABTest(statistic(a), statistic(b),
                                                        EffectBayesianConfig(alpha=alpha, prior_effect=proper)).compute_result())
    # θ as gbstats sets it on the statistics (CUPED only), and the variance reduction 1 − Var(adjusted)/Var(unadjusted).
    if a["kind"] == "cuped":
        sa, sb = statistic(a), statistic(b)
        TwoSidedTTest(sa, sb)  # sets θ on both
        out["theta"] = f(sa.theta)
    return out


def proportion(n, conversions):
    return {"kind": "proportion", "n": n, "sum": conversions}


def cases():
    out = []

    def add(name, control, treatment, alpha=0.05):
        out.append({"name": name, "alpha": alpha, "control": control, "treatment": treatment})

    # Proportions.
    add("proportion, +5 % lift", proportion(41870, 4187), proportion(41912, 4402))
    add("proportion, small samples", proportion(120, 14), proportion(118, 21))
    add("proportion, huge n", proportion(50_000_000, 2_500_000), proportion(50_000_000, 2_503_000))
    add("proportion, equal rates", proportion(10000, 1200), proportion(10000, 1200))
    add("proportion, a drop, alpha 0.01", proportion(20000, 3100), proportion(20100, 2900), alpha=0.01)
    add("proportion, zero control conversions", proportion(500, 0), proportion(500, 3))
    add("proportion, zero treatment conversions", proportion(500, 4), proportion(500, 0))
    add("proportion, tiny n", proportion(3, 1), proportion(4, 2))
    # Means.
    add("mean, +2 %", mean_stat(39912, 1.84, 1.91), mean_stat(40088, 1.88, 1.95))
    add("mean, equal means", mean_stat(5000, 12.0, 3.0), mean_stat(5000, 12.0, 3.5))
    add("mean, huge n", mean_stat(20_000_000, 250.0, 80.0), mean_stat(20_000_000, 249.8, 80.0))
    add("mean, tiny n", mean_stat(3, 10.0, 2.0), mean_stat(4, 11.0, 2.5))
    add("mean, zero control mean", mean_stat(100, 0.0, 1.0), mean_stat(100, 0.5, 1.0))
    add("mean, negative means", mean_stat(800, -4.0, 2.0), mean_stat(820, -3.7, 2.2))
    # Two per-unit metrics with their covariance: a ratio's numerator and denominator, or CUPED's metric and its
    # pre-experiment covariate.
    def paired(kind, first, second, n, m1, s1, m2, s2, cov):
        a, b = mean_stat(n, m1, s1), mean_stat(n, m2, s2)
        return {"kind": kind, "n": n, first: a, second: b, "sum_of_products": products(cov, n, a, b)}
    for kind, first, second, name, n, control, treatment in [
        ("ratio", "numerator", "denominator", "ratio, clicks per session", (30000, 31000), (4.2, 3.1, 2.6, 1.4, 2.9), (4.5, 3.3, 2.62, 1.45, 3.2)),
        ("ratio", "numerator", "denominator", "ratio, small n", (40, 38), (3.0, 2.0, 1.5, 0.8, 0.9), (3.4, 2.1, 1.6, 0.7, 0.8)),
        ("ratio", "numerator", "denominator", "ratio, equal", (10000, 10000), (2.0, 1.0, 1.0, 0.5, 0.2), (2.0, 1.0, 1.0, 0.5, 0.2)),
        ("cuped", "post", "pre", "cuped, strong covariate", (20000, 20100), (5.0, 4.0, 4.8, 3.9, 12.0), (5.2, 4.1, 4.82, 3.95, 12.5)),
        ("cuped", "post", "pre", "cuped, weak covariate", (3000, 2950), (1.2, 0.9, 1.0, 1.1, 0.05), (1.25, 0.95, 1.01, 1.12, 0.06)),
        ("cuped", "post", "pre", "cuped, small n", (30, 32), (10.0, 3.0, 9.5, 3.2, 6.0), (11.0, 3.5, 9.6, 3.1, 7.0)),
    ]:
        add(name, paired(kind, first, second, n[0], *control), paired(kind, first, second, n[1], *treatment))
    # Quantiles: n events, n*, level, estimate, bounds.
    def q(n, nu, est, lo, hi, n_star=None):
        return {"kind": "quantile", "n": n, "n_star": n_star or n, "nu": nu, "estimate": est, "lower": lo, "upper": hi}
    add("quantile, p95 latency up", q(250000, 0.95, 412.0, 409.5, 414.6), q(251000, 0.95, 425.0, 422.3, 427.9))
    add("quantile, p50 flat", q(90000, 0.5, 120.0, 119.4, 120.7), q(90500, 0.5, 120.1, 119.5, 120.8))
    add("quantile, p99 small n", q(800, 0.99, 980.0, 900.0, 1100.0, n_star=790), q(820, 0.99, 1010.0, 930.0, 1150.0, n_star=815))
    add("quantile, too few events", q(50, 0.99, 900.0, 850.0, 1000.0), q(60, 0.99, 950.0, 900.0, 1000.0))
    return out


def heterogeneity():
    """Cochran's Q over segment estimates with their standard errors: Q = Σ w(θ − θ̄)², w = 1/se², p = χ²_{k−1} upper tail."""
    out = []
    for estimates, ses in [([0.05, 0.02, -0.01], [0.01, 0.012, 0.02]), ([0.03, 0.031], [0.005, 0.006]),
                           ([0.1, -0.1, 0.0, 0.05], [0.02, 0.02, 0.03, 0.05])]:
        w = np.array([1 / s ** 2 for s in ses])
        t = np.array(estimates)
        mean = float((w * t).sum() / w.sum())
        qv = float((w * (t - mean) ** 2).sum())
        out.append({"estimates": estimates, "standard_errors": ses, "q": f(qv), "p_value": f(stats.chi2.sf(qv, len(ses) - 1))})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    args = parser.parse_args()
    import importlib.metadata
    data = {"gbstats": importlib.metadata.version("gbstats"),
            "cases": [dict(case, expected=evaluate(case)) for case in cases()],
            "heterogeneity": heterogeneity()}
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
