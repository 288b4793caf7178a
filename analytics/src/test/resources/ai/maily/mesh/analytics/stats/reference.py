"""Writes reference.json: values of the distributions in ai.maily.mesh.analytics.stats, computed by
SciPy, for StatsReferenceTest. Run from this directory: python3 reference.py"""

import json

import scipy
from scipy import special, stats

cases = {
    "_about": "Reference values from SciPy " + scipy.__version__ + " (reference.py); do not edit.",
    "log_gamma": [
        {"x": x, "value": float(special.gammaln(x))}
        for x in [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 171.5, 1234.5, 1e6]
    ],
    "beta_cdf": [],
    "beta_quantile": [],
    "beta_binomial_interval": [],
    "normal_cdf": [{"z": z, "value": float(stats.norm.cdf(z))} for z in [-8, -4.2, -1.96, -0.5, 0, 0.3, 1.645, 3, 6]],
    "normal_quantile": [{"p": p, "value": float(stats.norm.ppf(p))} for p in [1e-10, 0.001, 0.02425, 0.05, 0.3, 0.5, 0.9, 0.975, 0.999999]],
}
for a, b, x in [
    (1, 1, 0.3),
    (2, 5, 0.1),
    (2, 5, 0.6),
    (0.5, 0.5, 0.01),
    (0.5, 0.5, 0.99),
    (30, 170, 0.14),
    (30, 170, 0.16),
    (1200.5, 8800.5, 0.12),
    (250000, 750000, 0.2505),
    (0.01, 100, 1e-6),
]:
    cases["beta_cdf"].append({"a": a, "b": b, "x": x, "value": float(stats.beta.cdf(x, a, b))})
for a, b, p in [(1, 1, 0.05), (2, 5, 0.95), (3, 97, 0.05), (3, 97, 0.95), (20.5, 180.5, 0.5), (5000, 45000, 0.025), (0.5, 2, 0.9)]:
    cases["beta_quantile"].append({"a": a, "b": b, "p": p, "value": float(stats.beta.ppf(p, a, b))})
for n, a, b, level in [
    (100, 2, 8, 0.9),
    (1000, 20, 180, 0.9),
    (50000, 400, 1600, 0.95),
    (2_000_000, 900, 8100, 0.9),
    (500, 0.4, 60, 0.9),
    (40, 0.5, 0.5, 0.8),
]:
    dist = stats.betabinom(n, a, b)
    tail = (1 - level) / 2
    cases["beta_binomial_interval"].append(
        {
            "n": n,
            "a": a,
            "b": b,
            "level": level,
            "mean": float(dist.mean()),
            "low": int(dist.ppf(tail)),
            "high": int(dist.ppf(1 - tail)),
        }
    )

with open("reference.json", "w") as out:
    json.dump(cases, out, indent=1)
    out.write("\n")
