#!/usr/bin/env python3
"""The NumPy peer of the dynamic stock model (src/plan/stock/stock-model.ts), vectorised across end uses.

    /usr/bin/python3 bench/peers/stock_numpy.py INPUTS_JSON --iters K

INPUTS_JSON, written by bench/stock.ts: {"years": n, "lifetimes": [{"kind": ..., ...}], "inflow": [[...]],
"stock": [[...]]}, one lifetime and one inflow and stock series per end use. The same equations as the
TypeScript kernels, written the ways a NumPy user writes them, each timed from S on (S itself apart):

  S(a)        survival at whole ages 0 … n−1 per end use (scipy is not installed here, so the normal and
              lognormal use math.erfc through np.frompyfunc: S = ½·erfc((a − m)/(s√2)) and
              ½·erfc((ln a − μ)/(σ√2)) with σ² = log1p(s²/m²), μ = ln m − σ²/2; Weibull exp(−(a/λ)^k);
              fixed a < L), and p(a) = S(a − 1) − S(a) with S(−1) = 1;
  inflow-driven, two ways:
    matmul    flodym's: survival and outflow matrices SM[e, t, c] = S(t − c), PM[e, t, c] = p(t − c) for
              t ≥ c (a Toeplitz view of the zero-padded curve, made contiguous), stock = SM @ inflow,
              outflow = PM @ inflow;
    convolve  stock = np.convolve(inflow, S)[:n], outflow = np.convolve(inflow, p)[:n] per end use;
  stock-driven, two ways:
    solve     inflow = np.linalg.solve(SM, stock), batched LAPACK (SM is lower triangular with its largest
              entry on the diagonal, so no rows are swapped), outflow = PM @ inflow;
    loop      flodym's forward substitution, a loop over years vectorised across end uses:
              i[:, t] = (s[:, t] − Σ_c i[:, c]·S(t − c)) / S(0), then outflow by np.convolve.

Each variant is timed over K iterations after one warm-up; prints one JSON line with the seconds per
iteration of each and the results of the last iteration of each (checked against TypeScript).
Only Debian's python3-numpy is needed.
"""

import argparse
import json
import math
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_erfc = np.frompyfunc(math.erfc, 1, 1)


def erfc(x):
    return _erfc(x).astype(np.float64)


def survival(spec, ages):
    kind = spec["kind"]
    if kind == "fixed":
        return (ages < spec["years"]).astype(np.float64)
    if kind == "normal":
        return 0.5 * erfc((ages - spec["mean"]) / (spec["sd"] * math.sqrt(2.0)))
    if kind == "weibull":
        return np.exp(-((ages / spec["scale"]) ** spec["shape"]))
    if kind == "lognormal":
        m, s = spec["mean"], spec["sd"]
        s2 = math.log1p(s * s / (m * m))
        mu, sigma = math.log(m) - s2 / 2, math.sqrt(s2)
        out = np.ones_like(ages)
        pos = ages > 0
        out[pos] = 0.5 * erfc((np.log(ages[pos]) - mu) / (sigma * math.sqrt(2.0)))
        return out
    raise ValueError(f"unknown lifetime {kind}")


def curves(specs, n):
    ages = np.arange(n, dtype=np.float64)
    return np.stack([survival(spec, ages) for spec in specs])


def leaving(S):
    return np.concatenate([np.ones((S.shape[0], 1)), S[:, :-1]], axis=1) - S


def toeplitz(S):
    """[E, n, n] with [e, t, c] = S[e, t − c] for t ≥ c, else 0."""
    E, n = S.shape
    z = np.concatenate([np.zeros((E, n - 1)), S], axis=1)
    return np.ascontiguousarray(sliding_window_view(z, n, axis=1)[:, :, ::-1])


def inflow_matmul(S, inflow):
    SM, PM = toeplitz(S), toeplitz(leaving(S))
    return np.matmul(SM, inflow[:, :, None])[:, :, 0], np.matmul(PM, inflow[:, :, None])[:, :, 0]


def inflow_convolve(S, inflow):
    p = leaving(S)
    n = S.shape[1]
    stock = np.stack([np.convolve(i, s)[:n] for i, s in zip(inflow, S)])
    outflow = np.stack([np.convolve(i, q)[:n] for i, q in zip(inflow, p)])
    return stock, outflow


def stock_solve(S, stock):
    SM, PM = toeplitz(S), toeplitz(leaving(S))
    inflow = np.linalg.solve(SM, stock[:, :, None])[:, :, 0]
    return inflow, np.matmul(PM, inflow[:, :, None])[:, :, 0]


def stock_loop(S, stock):
    E, n = S.shape
    p = leaving(S)
    reversed_S = S[:, ::-1].copy()  # reversed_S[:, n − 1 − a] = S(a)
    inflow = np.zeros((E, n))
    for t in range(n):
        # Σ_{c<t} i[c]·S(t − c): S(t) … S(1) against i[0] … i[t − 1].
        surviving = np.einsum("ec,ec->e", inflow[:, :t], reversed_S[:, n - 1 - t : n - 1])
        inflow[:, t] = (stock[:, t] - surviving) / S[:, 0]
    outflow = np.stack([np.convolve(i, q)[:n] for i, q in zip(inflow, p)])
    return inflow, outflow


def timed(fn, iters):
    fn()  # warm-up
    t0 = time.perf_counter()
    for _ in range(iters):
        out = fn()
    return (time.perf_counter() - t0) / iters, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs")
    ap.add_argument("--iters", type=int, required=True)
    args = ap.parse_args()
    with open(args.inputs) as f:
        spec = json.load(f)
    n = spec["years"]
    inflow = np.array(spec["inflow"], dtype=np.float64)
    stock = np.array(spec["stock"], dtype=np.float64)
    s_time, S = timed(lambda: curves(spec["lifetimes"], n), args.iters)
    times = {"survival": s_time}
    results = {}
    for name, fn, data in (
        ("inflow_matmul", inflow_matmul, inflow),
        ("inflow_convolve", inflow_convolve, inflow),
        ("stock_solve", stock_solve, stock),
        ("stock_loop", stock_loop, stock),
    ):
        times[name], (a, b) = timed(lambda fn=fn, data=data: fn(S, data), args.iters)
        results[name] = [a.tolist(), b.tolist()]

    print(
        json.dumps(
            {
                "seconds": times,
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "S": S.tolist(),
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main()
