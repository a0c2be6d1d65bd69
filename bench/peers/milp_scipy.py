#!/usr/bin/env python3
"""The scipy peer of the planner's MILP (src/plan/optimise.ts): the same model solved by
scipy.optimize.milp, which runs the HiGHS that scipy bundles (native code, one thread).

    /usr/bin/python3 bench/peers/milp_scipy.py MODEL_JSON --gap G [--time-limit S]

MODEL_JSON is `LpModel.toArrays()` of the captured model, written by bench/plan.ts: minimise c·x
subject to rowLo ≤ A x ≤ rowHi, lo ≤ x ≤ hi, x_j integer where integrality_j = 1, with A as COO
triplets (rows, cols, vals). JSON has no infinities, so an infinite bound is written as null.

Only the milp call is timed (solve_s); reading the file and building the CSR matrix are load_s. The
returned point is checked against the arrays (largest row, bound and integrality violations) outside the
timing. Prints one JSON line. Only Debian's python3-numpy and python3-scipy are needed.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np
import scipy
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


def rss_mb():
    """Current RSS (Linux /proc), MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bounds(xs, missing):
    return np.array([missing if x is None else x for x in xs], dtype=np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--gap", type=float, required=True)
    ap.add_argument("--time-limit", type=float, default=None)
    a = ap.parse_args()
    base_rss = rss_mb()

    t0 = time.perf_counter()
    with open(a.model) as f:
        m = json.load(f)
    n = len(m["c"])
    c = np.array(m["c"], dtype=np.float64)
    A = coo_matrix(
        (np.array(m["vals"], dtype=np.float64), (np.array(m["rows"]), np.array(m["cols"]))),
        shape=(len(m["rowLo"]), n),
    ).tocsr()
    row_lo = bounds(m["rowLo"], -np.inf)
    row_hi = bounds(m["rowHi"], np.inf)
    lo = bounds(m["lo"], -np.inf)
    hi = bounds(m["hi"], np.inf)
    integrality = np.array(m["integrality"], dtype=np.uint8)
    del m
    load_s = time.perf_counter() - t0

    pre_rss = rss_mb()
    options = {"mip_rel_gap": a.gap, "disp": False}
    if a.time_limit is not None:
        options["time_limit"] = a.time_limit
    t0 = time.perf_counter()
    r = milp(
        c,
        constraints=LinearConstraint(A, row_lo, row_hi),
        integrality=integrality,
        bounds=Bounds(lo, hi),
        options=options,
    )
    solve_s = time.perf_counter() - t0

    out = {
        "solve_s": solve_s,
        "load_s": load_s,
        "status": int(r.status),
        "message": str(r.message),
        "objective": None if r.x is None else float(r.fun),
        "mip_gap": None if getattr(r, "mip_gap", None) is None else float(r.mip_gap),
        "mip_nodes": None if getattr(r, "mip_node_count", None) is None else int(r.mip_node_count),
        "dual_bound": None if getattr(r, "mip_dual_bound", None) is None else float(r.mip_dual_bound),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "base_rss_mb": base_rss,
        "pre_rss_mb": pre_rss,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }
    if r.x is not None:
        x = r.x
        ax = A @ x
        out["row_violation"] = float(max(np.max(row_lo - ax, initial=0), np.max(ax - row_hi, initial=0)))
        out["bound_violation"] = float(max(np.max(lo - x, initial=0), np.max(x - hi, initial=0)))
        ints = x[integrality == 1]
        out["integrality_violation"] = float(np.max(np.abs(ints - np.round(ints)), initial=0))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
