"""`import metrics` works with only numpy, scipy and scikit-learn: torch, librosa, syndata and
benchmarks are blocked in a fresh interpreter, and nothing heavy is imported behind our back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCKED = ("torch", "librosa", "syndata", "benchmarks")

SCRIPT = r"""
import json, sys

BLOCKED = set(sys.argv[1].split(","))


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked in this test")
        return None


sys.meta_path.insert(0, Blocker())
blocked_works = []
for name in sorted(BLOCKED):
    try:
        __import__(name)
    except ImportError:
        blocked_works.append(name)

import numpy as np
import metrics

rng = np.random.default_rng(0)
factors = rng.integers(0, 3, size=(200, 2))
codes = np.column_stack([factors + 0.05 * rng.standard_normal((200, 2)),
                         rng.standard_normal(200)])
scores = metrics.evaluate(codes, factors, random_state=0)
grid = np.stack(np.meshgrid(np.arange(3.0), np.arange(3.0), indexing="ij"), -1)  # (3, 3, 2)
sampler = metrics.ArraySampler(grid, factor_sizes=(3, 3))
scores.update(metrics.evaluate(sampler=sampler, representation=lambda x: x, random_state=0,
                               options={"beta_vae": {"num_train": 50, "num_eval": 50},
                                        "factor_vae": {"num_train": 50, "num_eval": 50,
                                                       "num_variance_estimate": 200}}))
heavy = sorted({m.split(".")[0] for m in sys.modules} & (BLOCKED | {"matplotlib"}))
print(json.dumps({"blocked_works": blocked_works, "heavy": heavy, "scores": scores}))
"""


def test_import_metrics_without_torch_librosa_syndata_benchmarks():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(BLOCKED)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["blocked_works"] == sorted(BLOCKED)  # the blocker really blocks
    assert report["heavy"] == []
    scores = report["scores"]
    assert scores["mig.score"] > 0.5
    assert scores["beta_vae.score"] == 1.0 and scores["factor_vae.score"] == 1.0
    assert all(isinstance(v, (int, float, bool)) for v in scores.values())
