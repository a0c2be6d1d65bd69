#!/usr/bin/env python3
"""The NumPy peer of the simulator engine (src/sim/engine.ts), vectorised across Monte-Carlo runs.

    /usr/bin/python3 bench/peers/sim_numpy.py MODELS_FILE --runs R

MODELS_FILE holds K compiled models (src/sim/compile.ts `Model`), written by bench/sim.ts. Run r uses
model r mod K. Every state array is shaped [..., R] where the run axis is laid out as [B, K]
(run r = b·K + k), so a model's per-month parameters (a [K] vector) broadcast against the runs without
a gather. R is padded up to a multiple of K (at most K − 1 extra runs, which are computed and dropped).

The loop is over months, then nodes / edges / slots, exactly as in engine.ts; every step works on all
runs at once. Each `if` of the engine becomes a mask, and the floating-point operations are done in the
engine's order, so the per-run totals match the TypeScript kernel to the last bit or close to it.

Prints one JSON line: engine seconds (the month loop only; loading and re-laying out the K models are
reported apart as load_s and prep_s), peak RSS (getrusage ru_maxrss), and every run's total shortfall
(summed month by month, then product by product, as bench/sim.ts sums the kernel's output).

Only Debian's python3-numpy is needed.
"""

import argparse
import json
import resource
import struct
import sys
import time

import numpy as np

MAX_DELAY_MONTHS = 24  # compile.ts MAX_DELAY_MONTHS
W = MAX_DELAY_MONTHS + 1
PRODUCT = 2
STOCKPILE = 3

# Arrays that describe the network's structure: the same in every model (checked on load).
STRUCTURAL = (
    "kind",
    "release",
    "productOf",
    "slotStart",
    "from",
    "slot",
    "fromStockpile",
    "outStart",
    "outEdge",
    "inStart",
    "inEdge",
)


# ---------------------------------------------------------------------------------------------------
# Loading: [u32 header length][JSON header][padding to 8][blob]. Each array is the K models' arrays
# concatenated, model by model, with per-model lengths in the header.


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    (hlen,) = struct.unpack_from("<I", raw, 0)
    header = json.loads(raw[4 : 4 + hlen].decode("utf8"))
    blob_at = (4 + hlen + 7) // 8 * 8
    arrays = {}
    for name, a in header["arrays"].items():
        dtype = np.dtype(a["dtype"])
        lengths = a["lengths"]
        flat = np.frombuffer(raw, dtype=dtype, count=sum(lengths), offset=blob_at + a["offset"])
        if len(set(lengths)) == 1:
            arrays[name] = flat.reshape(len(lengths), lengths[0])
        else:
            ends = np.cumsum(lengths)
            arrays[name] = [flat[e - n : e] for e, n in zip(ends, lengths)]
    return header, arrays


class Models:
    """The K models re-laid out for the vectorised loop: per-month parameters as [M, X, K] (one month
    is a contiguous [X, K] slice), per-model scalars per node/edge as [X, K], structure as plain ints.
    """

    def __init__(self, header, a):
        s = header["scalars"]
        self.K = K = header["models"]
        self.N = N = s["nodes"]
        self.E = E = s["edges"]
        self.S = S = s["slots"]
        self.M = M = s["months"]
        self.P = P = s["products"]
        self.G = G = s["capGroups"]
        self.priority = s["allocation"] == "priority"
        rings = header["ring"]
        # One ring long enough for every model: a shipment lands at most maxLead + MAX_DELAY months
        # ahead, so months never collide in it, whatever its length beyond each model's own ring.
        self.H = H = max(rings)

        for name in STRUCTURAL:
            if not np.all(a[name] == a[name][0]):
                raise SystemExit(f"models differ in {name}: the peer expects one network structure")
        # Structure as Python ints / lists: loops over nodes and edges index with them.
        self.kind = [int(x) for x in a["kind"][0]]
        self.release = [int(x) for x in a["release"][0]]
        self.productOf = [int(x) for x in a["productOf"][0]]
        self.slotStart = [int(x) for x in a["slotStart"][0]]
        self.frm = [int(x) for x in a["from"][0]]
        self.slot = [int(x) for x in a["slot"][0]]
        self.fromStockpile = [int(x) for x in a["fromStockpile"][0]]
        self.outStart = [int(x) for x in a["outStart"][0]]
        self.outEdge = [int(x) for x in a["outEdge"][0]]
        self.inStart = [int(x) for x in a["inStart"][0]]
        self.inEdge = [int(x) for x in a["inEdge"][0]]

        def by_month(name, rows):  # month-major [K, M·rows] → [M, rows, K]
            return np.ascontiguousarray(a[name].reshape(K, M, rows).transpose(1, 2, 0))

        self.cap = by_month("cap", N)
        self.demand = by_month("demand", P)
        self.planOut = by_month("planOut", N)
        self.ratio = by_month("ratio", S)
        self.planEdge = by_month("planEdge", E)
        self.approve = by_month("approve", E)
        self.capGroupOf = by_month("capGroupOf", E)
        self.capLimit = by_month("capLimit", G) if G > 0 else None
        self.anyShock = np.ascontiguousarray(a["anyShock"].T != 0)  # [M, K]
        self.target = np.ascontiguousarray(a["target"].T)  # [N, K]
        self.stock0 = np.ascontiguousarray(a["stock0"].T)  # [N, K]
        self.share = by_month("share", E)  # [M, E, K]: shares may change over time
        lead = a["lead"]  # [K, E]

        # Pipeline at month 0, each model's ring re-laid into the common ring: [E, H, K].
        self.pipeline0 = np.zeros((E, H, K))
        for k in range(K):
            p0 = a["pipeline0"][k].reshape(E, rings[k])
            self.pipeline0[:, : rings[k], k] = p0

        # Where a departure lands, relative to its month: with no control, all of it at `lead`; under
        # control kernel c, weight kernels[c][d] at lead + d (the engine skips weights ≤ 0). For each
        # month and edge keep only the offsets some model uses: a list of (offsets, weights [n, K]).
        kernels = a["kernels"].reshape(K, -1, W)  # [K, controls, W] (controls may be 0)
        kernels = np.where(kernels > 0, kernels, 0.0)
        kernelOf = a["kernelOf"].reshape(K, M, E)
        models = np.arange(K)
        self.landing = []
        for t in range(M):
            per_edge = []
            for j in range(E):
                w = np.zeros((H, K))
                c = kernelOf[:, t, j]
                base = lead[:, j]
                free = c < 0
                w[base[free], models[free]] = 1.0
                ctl = ~free
                if ctl.any():
                    rows = base[ctl][:, None] + np.arange(W)[None, :]
                    w[rows, models[ctl][:, None]] = kernels[models[ctl], c[ctl]]
                used = np.nonzero(np.any(w != 0, axis=1))[0]
                per_edge.append((used, np.ascontiguousarray(w[used])[:, None, :]))
            self.landing.append(per_edge)

        # Edges some model puts in a cap group that month (the others never touch a group sum).
        self.capped = [
            [j for j in range(E) if np.any(self.capGroupOf[t, j] >= 0)] if G > 0 else [] for t in range(M)
        ]


# ---------------------------------------------------------------------------------------------------
# The engine, step by step as in engine.ts. State arrays are [X, B, K]; a month's parameters [X, K].


def allocate(edges, want, got, avail, priority):
    """engine.ts `allocate`, for all runs at once: serves want[j] for `edges` from `avail`, adds to got[j],
    returns what is left. `want` maps an edge to its wanted quantity (broadcastable to [B, K])."""
    total = 0.0
    for j in edges:
        total = total + want[j]
    some = ~(avail <= 0)  # else: return 0, nothing served
    asked = some & ~(total <= 0)  # else: return avail
    fits = asked & (total <= avail)  # everyone served in full
    short = asked & ~(total <= avail)
    if priority:
        a = avail
        for j in edges:
            w = want[j]
            g = np.where(fits, w, 0.0)
            turn = short & (a > 0)
            g_short = np.where(w < a, w, a)
            got[j] += np.where(turn, g_short, g)
            a = np.where(turn, a - g_short, a)
    else:
        f = avail / total
        for j in edges:
            w = want[j]
            got[j] += np.where(fits, w, np.where(short, w * f, 0.0))
    return np.where(~some, 0.0, np.where(~asked, avail, np.where(fits, avail - total, 0.0)))


def simulate(md, B):
    N, E, M, H, K = md.N, md.E, md.M, md.H, md.K
    kind, slotStart, outStart, outEdge = md.kind, md.slotStart, md.outStart, md.outEdge
    inStart, inEdge, frm, slot = md.inStart, md.inEdge, md.frm, md.slot
    priority = md.priority

    stock = np.empty((N, B, K))
    stock[:] = md.stock0[:, None, :]
    buffer = np.zeros((md.S, B, K))
    ring = np.empty((E, H, B, K))
    ring[:] = md.pipeline0[:, :, None, :]
    restock = np.zeros((E, B, K))
    ship = np.zeros((E, B, K))
    total = np.zeros((B, K))  # per-run shortfall, summed month by month then product by product

    for t in range(M):
        h = t % H
        cap_t, ratio_t, planEdge_t = md.cap[t], md.ratio[t], md.planEdge[t]

        # 1. Arrivals: in edge order, into the customer's input buffer (adding 0 changes nothing).
        for j in range(E):
            buffer[slot[j]] += ring[j, h]
        ring[:, h] = 0.0

        # 2. Production.
        for i in range(N):
            s0, s1 = slotStart[i], slotStart[i + 1]
            if kind[i] == STOCKPILE:
                p = np.minimum(buffer[s0], cap_t[i])
                buffer[s0] -= p
                stock[i] += p
                continue
            planned = md.demand[t, md.productOf[i]] if kind[i] == PRODUCT else md.planOut[t, i]
            for q in range(outStart[i], outStart[i + 1]):
                planned = planned + restock[outEdge[q]]
            p = np.minimum(cap_t[i], planned + md.target[i] - stock[i])
            make = ~(p <= 0)  # `if (p <= 0) continue;`
            for s in range(s0, s1):
                r = ratio_t[s]
                p = np.where(make & (buffer[s] < p * r), buffer[s] / r, p)
            for s in range(s0, s1):
                left = buffer[s] - p * ratio_t[s]
                buffer[s] = np.where(make, np.where(left > 0, left, 0.0), buffer[s])
            stock[i] += np.where(make, p, 0.0)

        # 3. Shipping: contracted orders first, then restock orders, each by the allocation rule.
        for i in range(N):
            if kind[i] == PRODUCT:
                d = md.demand[t, md.productOf[i]]
                sold = np.where(stock[i] < d, stock[i], d)
                stock[i] -= sold
                total += d - sold
                continue
            edges = outEdge[outStart[i] : outStart[i + 1]]
            if not edges:
                continue
            left = np.minimum(stock[i], cap_t[i]) if kind[i] == STOCKPILE else stock[i].copy()
            for j in edges:
                ship[j] = 0.0
            left = allocate(edges, planEdge_t, ship, left, priority)
            allocate(edges, restock, ship, left, priority)

        # 4. Licensing: at most approval × contracted volume on controlled edges (all edges at once).
        ap = md.approve[t][:, None, :]
        allowed = ap * planEdge_t[:, None, :]
        np.copyto(ship, allowed, where=(ap < 1) & (ship > allowed))
        # Caps: a group's approved total above its limit scales its edges down pro-rata.
        q_of = {}
        if md.G > 0 and md.capped[t]:
            gsum = np.zeros((md.G, B, K))
            g_t = md.capGroupOf[t]
            for j in md.capped[t]:
                for g in range(md.G):
                    gsum[g] += np.where(g_t[j] == g, ship[j], 0.0)
            for j in md.capped[t]:
                q = ship[j]
                for g in range(md.G):
                    limit = md.capLimit[t, g]
                    q = np.where((g_t[j] == g) & (gsum[g] > limit), q * (limit / gsum[g]), q)
                q_of[j] = q
        # Departures: off the exporter's stock, into the ring at lead + licensing delay.
        for j in range(E):
            q = q_of.get(j, ship[j])
            q = np.where(q <= 0, 0.0, q)  # `if (q <= 0) continue;`
            stock[frm[j]] -= q
            used, w = md.landing[t][j]
            at = (h + used) % H
            ring[j, at] += q[None] * w

        # 5. Restock orders for next month.
        restock[:] = 0.0
        nx = t + 1 if t + 1 < M else t
        shock_nx = md.anyShock[nx]
        ratio_nx, cap_nx = md.ratio[nx], md.cap[nx]
        for i in range(N):
            s0, s1 = slotStart[i], slotStart[i + 1]
            if s0 == s1:
                continue
            gap = md.target[i] - stock[i]
            ask = ~(gap <= 0)
            if kind[i] == STOCKPILE and md.release[i] == 0:
                ask = ask & ~shock_nx  # no refill during a shock
            for s in range(s0, s1):
                need = ratio_nx[s] * gap - buffer[s]
                ask_s = ask & ~(need <= 0)
                q0, q1 = inStart[s], inStart[s + 1]
                # First from stockpiles whose release rule allows, in edge order, while need > 0.
                for q in range(q0, q1):
                    j = inEdge[q]
                    if not md.fromStockpile[j]:
                        continue
                    sp = frm[j]
                    take = ask_s & (need > 0)
                    if md.release[sp] == 0:
                        take = take & shock_nx  # on-shock stockpiles release only during a shock
                    give = np.minimum(np.minimum(need, stock[sp]), cap_nx[sp])
                    restock[j] = np.where(take, give, 0.0)
                    need = np.where(take, need - give, need)
                # Then the rest from suppliers, by share.
                rest = ask_s & ~(need <= 0)
                for q in range(q0, q1):
                    j = inEdge[q]
                    if not md.fromStockpile[j]:
                        restock[j] = np.where(rest, md.share[nx][j] * need, 0.0)

    return total.reshape(B * K)


def main():
    base_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Python + NumPy, loaded
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models")
    ap.add_argument("--runs", type=int, required=True)
    args = ap.parse_args()

    t0 = time.perf_counter()
    header, arrays = load(args.models)
    t1 = time.perf_counter()
    md = Models(header, arrays)
    t2 = time.perf_counter()
    B = -(-args.runs // md.K)  # runs per model, rounded up
    with np.errstate(all="ignore"):  # masked-off lanes may divide by zero; their results are discarded
        totals = simulate(md, B)[: args.runs]
    t3 = time.perf_counter()

    print(
        json.dumps(
            {
                "engine_s": t3 - t2,
                "load_s": t1 - t0,
                "prep_s": t2 - t1,
                "runs": args.runs,
                "computed_runs": B * md.K,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "base_rss_mb": base_rss_mb,
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "totals": totals.tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()
