"""Time :mod:`metrics` against the straightforward per-pair references of disentanglement_lib.

Usage::

    python benchmarks/metrics_speed.py [--n 10000] [--quick] [--n-jobs 2]

Data: ``n`` training and ``n/2`` test samples (disentanglement_lib's 10,000/5,000), K=5
factors of 10 values each, D=10 code dimensions (5 noisy copies of the standardised factors,
5 pure-noise dimensions). Prints one table of metric / our time / reference time / speed-up /
max |difference| of the values, then D and C of the fast DCI predictor against the default on
axis-aligned, rotated and duplicated codes. Fast metrics are timed as the best of 3 runs, the
slow ones (explicitness, DCI) once. ``--quick`` uses n=2,000 (a smoke run; the aims are stated
for n=10,000).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import reference_metrics as ref  # noqa: E402
from metrics.dci import dci  # noqa: E402
from metrics.mig import mig  # noqa: E402
from metrics.modularity import explicitness, modularity  # noqa: E402
from metrics.sap import sap  # noqa: E402


def make_data(n_train, n_test, seed=0, n_factors=5, n_values=10):
    rng = np.random.RandomState(seed)
    n = n_train + n_test
    factors = rng.randint(0, n_values, size=(n, n_factors))
    z = (factors - factors.mean(axis=0)) / factors.std(axis=0) + 0.1 * rng.randn(n, n_factors)
    rotation, _ = np.linalg.qr(rng.randn(n_factors, n_factors))
    scenarios = {
        "axis-aligned": np.c_[z, rng.randn(n, n_factors)],
        "rotated": np.c_[z @ rotation, rng.randn(n, n_factors)],
        "duplicated": np.c_[z, z],
    }
    split = lambda x: (x[:n_train], x[n_train:])  # noqa: E731
    return factors, scenarios, split


def timed(fn, repeats=1):
    best, out = np.inf, None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="training samples (test: n/2)")
    parser.add_argument("--quick", action="store_true", help="n=2000 smoke run")
    parser.add_argument("--n-jobs", type=int, default=2, help="n_jobs for our parallel metrics")
    args = parser.parse_args(argv)
    n_train = 2000 if args.quick else args.n
    n_test = n_train // 2
    factors, scenarios, split = make_data(n_train, n_test)
    f_tr, f_te = split(factors)
    c_tr, c_te = split(scenarios["axis-aligned"])
    jobs = args.n_jobs
    rows = []

    def add(name, ours, reference, diff):
        rows.append((name, ours, reference, reference / ours, diff))
        print(f"  done: {name}", file=sys.stderr, flush=True)

    # warm up imports and caches so first-call overheads are not timed
    mig(c_tr[:200], f_tr[:200]); ref.mig(c_tr[:200], f_tr[:200])
    sap(c_tr[:200], f_tr[:200], c_te[:100], f_te[:100])

    t_o, o = timed(lambda: mig(c_tr, f_tr).score, 3)
    t_r, r = timed(lambda: ref.mig(c_tr, f_tr), 3)
    add("MIG", t_o, t_r, abs(o - r))

    t_o, o = timed(lambda: sap(c_tr, f_tr, c_te, f_te, n_jobs=jobs).score_matrix, 1)
    t_r, r = timed(lambda: ref.sap(c_tr, f_tr, c_te, f_te)[1], 1)
    add(f"SAP discrete (n_jobs={jobs})", t_o, t_r, np.abs(o - r).max())

    t_o, o = timed(lambda: sap(c_tr, f_tr, continuous=True).score_matrix, 3)
    t_r, r = timed(lambda: ref.sap(c_tr, f_tr, c_te, f_te, continuous_factors=True)[1], 3)
    add("SAP continuous", t_o, t_r, np.abs(o - r).max())

    t_o, o = timed(lambda: modularity(c_tr, f_tr).score, 3)
    t_r, r = timed(lambda: ref.modularity(c_tr, f_tr), 3)
    add("Modularity", t_o, t_r, abs(o - r))

    t_o, o = timed(lambda: explicitness(c_tr, f_tr, c_te, f_te, n_jobs=jobs), 1)
    t_r, r = timed(lambda: ref.explicitness(c_tr, f_tr, c_te, f_te), 1)
    add(f"Explicitness (n_jobs={jobs})", t_o, t_r, max(abs(o.train - r[0]), abs(o.test - r[1])))

    t_r, r = timed(lambda: ref.dci_gbt(c_tr, f_tr, c_te, f_te, random_state=0), 1)
    t_o, o = timed(lambda: dci(c_tr, f_tr, c_te, f_te, n_jobs=jobs, random_state=0), 1)
    add(f"DCI gbt (n_jobs={jobs}) vs serial", t_o, t_r,
        max(abs(o.disentanglement - r[3]), abs(o.completeness - r[4]),
            abs(o.informativeness_test - r[2]), np.abs(o.importance_matrix - r[0]).max()))
    default = {"axis-aligned": o}
    t_f, fast = timed(lambda: dci(c_tr, f_tr, c_te, f_te, predictor="fast", n_jobs=jobs,
                                  random_state=0), 1)
    add(f"DCI fast (n_jobs={jobs}) vs serial gbt", t_f, t_r,
        max(abs(fast.disentanglement - r[3]), abs(fast.completeness - r[4])))

    print(f"\nN={n_train} train / {n_test} test, K={factors.shape[1]} factors x 10 values, "
          f"D={c_tr.shape[1]} codes, {os.cpu_count()} CPU cores\n")
    print(f"| {'metric':<34} | {'ours (s)':>9} | {'reference (s)':>13} | {'speed-up':>8} | "
          f"{'max |diff|':>10} |")
    print(f"|{'-' * 36}|{'-' * 11}|{'-' * 15}|{'-' * 10}|{'-' * 12}|")
    for name, a, b, ratio, diff in rows:
        print(f"| {name:<34} | {a:>9.4f} | {b:>13.4f} | {ratio:>7.1f}x | {diff:>10.2e} |")

    print("\nDCI fast (predictor='fast') vs default (predictor='gbt'):\n")
    print(f"| {'codes':<13} | {'D gbt':>6} | {'D fast':>6} | {'|dD|':>6} | {'C gbt':>6} | "
          f"{'C fast':>6} | {'|dC|':>6} | {'gbt (s)':>8} | {'fast (s)':>8} |")
    print(f"|{'-' * 15}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 10}|"
          f"{'-' * 10}|")
    times = {"axis-aligned": (t_o, t_f)}
    fasts = {"axis-aligned": fast}
    for name, codes in scenarios.items():
        s_tr, s_te = split(codes)
        if name not in default:
            tg, default[name] = timed(lambda: dci(s_tr, f_tr, s_te, f_te, n_jobs=jobs,
                                                  random_state=0), 1)
            tf, fasts[name] = timed(lambda: dci(s_tr, f_tr, s_te, f_te, predictor="fast",
                                                n_jobs=jobs, random_state=0), 1)
            times[name] = (tg, tf)
        g, fa = default[name], fasts[name]
        print(f"| {name:<13} | {g.disentanglement:>6.3f} | {fa.disentanglement:>6.3f} | "
              f"{abs(g.disentanglement - fa.disentanglement):>6.3f} | {g.completeness:>6.3f} | "
              f"{fa.completeness:>6.3f} | {abs(g.completeness - fa.completeness):>6.3f} | "
              f"{times[name][0]:>8.2f} | {times[name][1]:>8.2f} |")


if __name__ == "__main__":
    main()
