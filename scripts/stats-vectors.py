#!/usr/bin/env python3
"""Writes the reference vectors that Tests/StatsTests checks the Swift `Stats` target against.

Needs Python 3 with scipy and statsmodels:

    pip install scipy statsmodels        # add --break-system-packages if pip refuses

Regenerate (the output is deterministic; the JSON file is checked in):

    python3 scripts/stats-vectors.py --out Tests/Fixtures/stats/vectors.json

Without --out the JSON goes to standard output.

Every value is computed by scipy / statsmodels where they have the function; the few quantities they
lack (delta-method lift, sample sizes, durations, guardrail verdicts) are computed here from scipy's
quantiles with the formulas documented in Sources/Stats, so the Swift code is checked against an
independent implementation. Sample sizes use the same guarded ceiling as the Swift code
(`guarded_ceil`), so the integers agree exactly.
"""

import argparse
import json
import math
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest


def f(x):
    """A plain Python float (numpy scalars are not JSON-serialisable); never NaN or infinity."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite reference value {x}")
    return x


def guarded_ceil(n):
    """The ceiling of n, except that a value within 1e-9 (relative) of an integer is that integer.

    Mirrors `Planning.guardedCeiling` in Sources/Stats: floating noise such as 1000.0000000001 must
    not turn into 1001 on one side and 1000 on the other.
    """
    r = round(n)
    if r > 0 and abs(n - r) <= 1e-9 * r:
        return int(r)
    return math.ceil(n)


# ---------------------------------------------------------------------------------------------
# Distributions

TAIL_PROBABILITIES = [1e-300, 1e-100, 1e-50, 1e-20, 1e-15, 1e-12, 1e-10, 1e-9, 1e-7, 1e-6, 1e-5,
                      1e-4, 1e-3, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4,
                      0.45, 0.49, 0.499, 0.4999999, 0.4999999999]


def probability_grid():
    """Lower-tail probabilities from 1e-300 to 1 − 1e-12, symmetric around 1/2 (plus 1/2 itself)."""
    lower = TAIL_PROBABILITIES
    upper = [1.0 - p for p in lower if p >= 1e-12]  # 1 − p is exact for p ≥ 1/2 only down to ~1e-16
    return sorted(set(lower + [0.5] + upper))


def normal_vectors():
    xs = set()
    for i in range(-37 * 8, 37 * 8 + 1):
        xs.add(i / 8)
    xs.update([-38.0, -37.5, 37.5, 38.0, 1e-12, -1e-12, 1e-6, -1e-6, 0.7071067811865476,
               -0.7071067811865476, 1.959963984540054, -1.959963984540054, 8.3, -8.3])
    cdf = [{"x": f(x), "cdf": f(stats.norm.cdf(x)), "sf": f(stats.norm.sf(x))} for x in sorted(xs)]
    quantile = [{"p": f(p), "x": f(stats.norm.ppf(p))} for p in probability_grid()]
    quantile += [{"p": f(p), "x": f(stats.norm.ppf(p))} for p in np.linspace(0.0005, 0.9995, 400)]
    return cdf, quantile


T_DEGREES_OF_FREEDOM = [1, 1.5, 2, 2.5, 3, 4, 5, 7.3, 10, 30, 100, 1000, 10000, 100000, 1000000]
T_VALUES = [0.0, 1e-10, 1e-5, 0.01, 0.1, 0.3, 0.5, 0.8, 1.0, 1.3, 1.5, 1.7, 2.0, 2.5, 3.0, 4.0,
            5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0, 1e3, 1e4, 1e6, 1e10]


def student_t_vectors():
    cdf = []
    quantile = []
    for df in T_DEGREES_OF_FREEDOM:
        for t in sorted(set(T_VALUES + [-t for t in T_VALUES])):
            cdf.append({"df": f(df), "t": f(t), "cdf": f(stats.t.cdf(t, df)), "sf": f(stats.t.sf(t, df))})
        # The points where the tails are exactly the grid probabilities. scipy's stdtrit is not a
        # reference everywhere (checked against mpmath): below 1e-100 it overflows or loses accuracy for
        # some df, and within 1e-3 of 1/2 it can be off by up to 4e-4 relative (df = 4, p = 0.4999999),
        # so those points are left out here; the Swift tests check them against closed forms instead.
        for p in (p for p in probability_grid() if p >= 1e-100 and (p == 0.5 or abs(p - 0.5) >= 1e-3)):
            t = stats.t.ppf(p, df)
            quantile.append({"df": f(df), "p": f(p), "t": f(t)})
            if math.isfinite(t) and abs(t) > 0:
                cdf.append({"df": f(df), "t": f(t), "cdf": f(stats.t.cdf(t, df)), "sf": f(stats.t.sf(t, df))})
    return cdf, quantile


CHI_SQUARE_LARGE_DF = [150, 500, 1000, 10000]


def chi_square_vectors():
    rows = []
    for df in list(range(1, 101)) + CHI_SQUARE_LARGE_DF:
        xs = {1e-8, 1e-4, 0.01, 0.1, 0.5, 1.0, 2.0, 3.5, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0,
              1000.0, 1400.0, 2000.0,
              df / 10, df / 2, df - 1.0, df - 0.5, df, df + 0.5, df + 1.0, df + 2.0, 1.5 * df, 2.0 * df,
              5.0 * df, 10.0 * df}
        for x in sorted(v for v in xs if v > 0):
            rows.append({"df": f(df), "x": f(x), "cdf": f(stats.chi2.cdf(x, df)), "sf": f(stats.chi2.sf(x, df))})
    return rows


# ---------------------------------------------------------------------------------------------
# Tests

PROPORTION_CASES = [
    # (control conversions, control units, treatment conversions, treatment units)
    (12, 100, 20, 100), (5, 83, 12, 99), (1, 10, 0, 10), (0, 50, 3, 50), (50, 50, 48, 50),
    (10, 1000, 10, 1000), (100, 1000, 130, 1000), (37, 2000, 51, 1900), (500, 10000, 560, 10000),
    (1234, 50000, 1301, 50200), (20_000, 1_000_000, 20_400, 1_000_000), (123_456, 1_234_567, 124_000, 1_230_000),
    (3, 7, 6, 7), (1, 2, 1, 3), (999, 1000, 990, 1000), (45_000, 90_000, 45_900, 90_000),
    (7, 100_000, 19, 100_000), (250, 5000, 200, 5000),
]

MEAN_CASES = [
    # (control mean, sd, n, treatment mean, sd, n)
    (10.0, 2.0, 30, 11.0, 2.5, 25), (100.0, 15.0, 2, 120.0, 30.0, 3), (5.0, 1.0, 1000, 5.1, 1.1, 1200),
    (0.5, 0.1, 50, 0.45, 0.2, 40), (42.0, 10.0, 100000, 42.05, 10.2, 100500), (3.2, 0.0, 20, 3.5, 1.0, 20),
    (1.0, 5.0, 10, -1.0, 0.5, 400), (250.0, 80.0, 12, 260.0, 85.0, 11), (1e6, 2e5, 500, 1.01e6, 2.1e5, 480),
    (7.0, 3.0, 3, 7.0, 3.0, 3), (12.5, 4.0, 8, 30.0, 4.0, 8),
]

ALPHAS = [0.01, 0.05, 0.1]


def z_test_vectors():
    rows = []
    for cc, cu, tc, tu in PROPORTION_CASES:
        z, p = proportions_ztest([tc, cc], [tu, cu])  # treatment first: z > 0 when treatment converts more
        rows.append({"control": {"conversions": cc, "units": cu}, "treatment": {"conversions": tc, "units": tu},
                     "z": f(z), "pValue": f(p)})
    return rows


def welch_degrees_of_freedom(sc, nc, st_, nt):
    vc, vt = sc ** 2 / nc, st_ ** 2 / nt
    return (vc + vt) ** 2 / (vc ** 2 / (nc - 1) + vt ** 2 / (nt - 1))


def welch_vectors():
    rows = []
    for mc, sc, nc, mt, st_, nt in MEAN_CASES:
        t, p = stats.ttest_ind_from_stats(mt, st_, nt, mc, sc, nc, equal_var=False)
        rows.append({"control": {"mean": mc, "sd": sc, "n": nc}, "treatment": {"mean": mt, "sd": st_, "n": nt},
                     "t": f(t), "df": f(welch_degrees_of_freedom(sc, nc, st_, nt)), "pValue": f(p)})
    return rows


SRM_CASES = [
    ([5000, 5000], [50, 50]), ([5100, 4900], [50, 50]), ([5300, 4700], [50, 50]), ([1, 0], [50, 50]),
    ([900, 100], [90, 10]), ([10_010, 9_990, 10_120], [33.3, 33.3, 33.4]),
    ([250_000, 251_500, 249_000, 249_500], [25, 25, 25, 25]), ([120, 80, 100, 95, 105], [20, 20, 20, 20, 20]),
    ([1_000_000, 1_010_000], [50, 50]), ([30, 70], [25, 75]), ([49_000, 51_000], [50, 50]),
]


def srm_vectors():
    rows = []
    for observed, weights in SRM_CASES:
        total = sum(observed)
        expected = [total * w / 100 for w in weights]
        statistic, p = stats.chisquare(observed, expected)
        rows.append({"observed": observed, "weights": [f(w) for w in weights], "statistic": f(statistic),
                     "df": len(observed) - 1, "pValue": f(p)})
    return rows


def delta_method(mean_c, var_c, n_c, mean_t, var_t, n_t):
    lift = (mean_t - mean_c) / mean_c
    se = math.sqrt(var_c * mean_t ** 2 / (mean_c ** 4 * n_c) + var_t / (mean_c ** 2 * n_t))
    return lift, se


def lift_row(lift, se, q, alpha, q1):
    return {"alpha": alpha, "lift": f(lift), "se": f(se), "quantile": f(q), "lower": f(lift - q * se),
            "upper": f(lift + q * se), "oneSidedQuantile": f(q1)}


def lift_vectors():
    rows = []
    for cc, cu, tc, tu in PROPORTION_CASES:
        mc, mt = cc / cu, tc / tu
        if mc == 0:
            continue
        lift, se = delta_method(mc, mc * (1 - mc), cu, mt, mt * (1 - mt), tu)
        for alpha in ALPHAS:
            row = lift_row(lift, se, stats.norm.ppf(1 - alpha / 2), alpha, stats.norm.ppf(1 - alpha))
            row.update({"kind": "proportion", "control": {"conversions": cc, "units": cu},
                        "treatment": {"conversions": tc, "units": tu}})
            rows.append(row)
    for mc, sc, nc, mt, st_, nt in MEAN_CASES:
        lift, se = delta_method(mc, sc ** 2, nc, mt, st_ ** 2, nt)
        df = welch_degrees_of_freedom(sc, nc, st_, nt)
        for alpha in ALPHAS:
            row = lift_row(lift, se, stats.t.ppf(1 - alpha / 2, df), alpha, stats.t.ppf(1 - alpha, df))
            row.update({"kind": "mean", "control": {"mean": mc, "sd": sc, "n": nc},
                        "treatment": {"mean": mt, "sd": st_, "n": nt}, "df": f(df)})
            rows.append(row)
    return rows


def guardrail_verdict(lift, se, q1, max_regression, bad_direction):
    if bad_direction == "increase":
        if lift > max_regression:
            return "fail"
        return "pass" if lift + q1 * se <= max_regression else "inconclusive"
    if lift < -max_regression:
        return "fail"
    return "pass" if lift - q1 * se >= -max_regression else "inconclusive"


def guardrail_vectors(lifts):
    rows = []
    for row in lifts:
        for max_regression in [0.01, 0.02, 0.05, 0.1, 0.3]:
            for bad in ["increase", "decrease"]:
                rows.append({"lift": row["lift"], "se": row["se"], "oneSidedQuantile": row["oneSidedQuantile"],
                             "maxRegression": max_regression, "badDirection": bad,
                             "verdict": guardrail_verdict(row["lift"], row["se"], row["oneSidedQuantile"],
                                                          max_regression, bad)})
    return rows


# ---------------------------------------------------------------------------------------------
# Planning

BASELINES = [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9]
LIFTS = [0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]
POWERS = [0.8, 0.9]


def proportion_sample_size(p, lift, alpha, power, direction):
    delta = p * lift
    p2 = p + delta if direction == "increase" else p - delta
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    z_power = stats.norm.ppf(power)
    n = (z_alpha * math.sqrt(2 * p * (1 - p)) + z_power * math.sqrt(p * (1 - p) + p2 * (1 - p2))) ** 2 / delta ** 2
    return guarded_ceil(n)


def mean_sample_size(mean, sd, lift, alpha, power):
    delta = mean * lift
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    z_power = stats.norm.ppf(power)
    return guarded_ceil(2 * (z_alpha + z_power) ** 2 * sd ** 2 / delta ** 2)


def sample_size_vectors():
    rows = []
    for p in BASELINES:
        for lift in LIFTS:
            for direction in ["increase", "decrease"]:
                p2 = p * (1 + lift) if direction == "increase" else p * (1 - lift)
                if not 0 < p2 < 1:
                    continue
                for alpha in ALPHAS:
                    for power in POWERS:
                        rows.append({"kind": "proportion", "baseline": p, "lift": lift, "alpha": alpha, "power": power,
                                     "direction": direction, "n": proportion_sample_size(p, lift, alpha, power, direction)})
    for mean, sd in [(1.0, 0.5), (10.0, 3.0), (50.0, 50.0), (100.0, 20.0), (1000.0, 4000.0), (0.25, 1.0)]:
        for lift in LIFTS:
            for alpha in ALPHAS:
                for power in POWERS:
                    rows.append({"kind": "mean", "baseline": mean, "sd": sd, "lift": lift, "alpha": alpha,
                                 "power": power, "n": mean_sample_size(mean, sd, lift, alpha, power)})
    return rows


def duration_vectors():
    rows = []
    for n in [100, 1000, 3843, 25_000, 1_000_000]:
        for traffic in [50.0, 1000.0, 12_345.0, 1e6]:
            for allocation in [10.0, 50.0, 100.0]:
                for weight in [10.0, 33.3, 50.0]:
                    for min_days in [0, 7, 14]:
                        days = max(min_days, guarded_ceil(n / (traffic * (allocation / 100) * (weight / 100))))
                        rows.append({"n": n, "dailyTraffic": traffic, "allocation": allocation,
                                     "smallestWeight": weight, "minimumDays": min_days, "days": days})
    return rows


HOLM_CASES = [
    [0.01, 0.04, 0.03, 0.005], [0.5], [0.2, 0.2, 0.2], [1e-10, 0.049, 0.051, 0.9, 0.02],
    [0.001, 0.0011, 0.3, 0.04, 0.04, 0.6, 0.012], [0.9, 0.8, 0.7],
]


def holm_vectors():
    return [{"p": p, "adjusted": [f(a) for a in multipletests(p, method="holm")[1]]} for p in HOLM_CASES]


def to_json(vectors):
    """Sorted keys, one vector per line: small diffs when the vectors change, and a readable file."""
    lines = ["{"]
    keys = sorted(vectors)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = vectors[key]
        if isinstance(value, list):
            rows = [" " * 2 + json.dumps(row, sort_keys=True) for row in value]
            lines.append(f" {json.dumps(key)}: [\n" + ",\n".join(rows) + f"\n ]{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the JSON here instead of standard output")
    args = parser.parse_args()

    normal_cdf, normal_quantile = normal_vectors()
    t_cdf, t_quantile = student_t_vectors()
    lifts = lift_vectors()
    vectors = {
        "generator": "scripts/stats-vectors.py",
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
        "normal": normal_cdf,
        "normalQuantile": normal_quantile,
        "studentT": t_cdf,
        "studentTQuantile": t_quantile,
        "chiSquare": chi_square_vectors(),
        "zTest": z_test_vectors(),
        "welch": welch_vectors(),
        "sampleRatioMismatch": srm_vectors(),
        "lift": lifts,
        "guardrail": guardrail_vectors(lifts),
        "sampleSize": sample_size_vectors(),
        "duration": duration_vectors(),
        "holm": holm_vectors(),
    }
    text = to_json(vectors)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
