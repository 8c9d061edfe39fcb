"""Generation speed of the full SynTone grid against two baselines measured in the same run.

    python benchmarks/generation_speed.py [--n N] [--workers 1 2] [--dir TMP]

Rows:
- ``original loop``: the original SynTone script's shape: per clip, one ``scipy.signal`` call in
  float64 (``amp * f(2 pi freq t)``) and one ``soundfile.write`` of a PCM_16 WAV.
- ``write bytes only``: the same number of files of the same size written from memory (the
  floor: what the disk and the file system cost).
- ``syndata generate, W workers``: the real command path (render, encode, sha256, atomic shards,
  metadata, manifest), band-limited synthesis.

Printed: seconds, clips/s, speed-up over the original loop, and time relative to the bytes-only
floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def original_loop(out: Path, n: int) -> float:
    import soundfile as sf
    from scipy import signal

    waves = {"sine": np.sin, "sawtooth": signal.sawtooth, "square": signal.square,
             "triangle": lambda a: signal.sawtooth(a, width=0.5)}
    names = ["sine", "triangle", "sawtooth", "square"]
    amps, freqs = np.linspace(0.1, 1.0, 20), np.linspace(440, 8000, 400)
    t = np.linspace(0, 1, 16000)
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    for i in range(n):
        w, rest = divmod(i, 8000)
        a, f = divmod(rest, 400)
        x = amps[a] * waves[names[w]](2 * np.pi * freqs[f] * t)
        sf.write(out / f"{i:06d}_{names[w]}_{a}_{f}.wav", x, 16000, subtype="PCM_16")
    return time.perf_counter() - t0


def write_bytes_only(out: Path, n: int, size: int, shard: int = 500) -> float:
    blob = os.urandom(size)
    t0 = time.perf_counter()
    for s in range(0, n, shard):
        d = out / f"{s // shard:05d}"
        d.mkdir(parents=True)
        for i in range(s, min(n, s + shard)):
            with open(d / f"{i:06d}.wav", "wb") as f:
                f.write(blob)
    return time.perf_counter() - t0


def syndata_generate(out: Path, n: int, workers: int) -> float:
    import syndata

    t0 = time.perf_counter()
    syndata.generate("syntone", out=out, n=None if n == 32000 else n, workers=workers, progress=False)
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=32000, help="clips (32000 = the full grid; fewer = random draws)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dir", default=None, help="scratch directory (default: a temp dir)")
    args = ap.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="syndata-bench-", dir=args.dir))
    size = 44 + 2 * 16000
    rows = []
    try:
        os.sync()

        def run(label, fn, *a):
            target = base / label.replace(" ", "_").replace(",", "")
            secs = fn(target, *a)
            shutil.rmtree(target)
            os.sync()  # flush this run's dirty pages so they do not slow the next one
            rows.append((label, secs))
            print(f"  {label}: {secs:.2f} s", file=sys.stderr, flush=True)

        run("original loop", original_loop, args.n)
        run("write bytes only", write_bytes_only, args.n, size)
        for w in args.workers:
            run(f"syndata generate, {w} worker{'s' if w > 1 else ''}", syndata_generate, args.n, w)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    base_s = rows[0][1]
    floor = rows[1][1]
    print(f"\nSynTone generation, {args.n} clips of 1 s at 16 kHz PCM_16 ({args.n * size / 1e9:.2f} GB), "
          f"{os.cpu_count()} cores")
    print(f"{'method':<30} {'seconds':>8} {'clips/s':>9} {'vs original':>12} {'vs bytes-only':>14}")
    for label, secs in rows:
        print(f"{label:<30} {secs:8.2f} {args.n / secs:9.0f} {base_s / secs:11.1f}x {secs / floor:13.2f}x")


if __name__ == "__main__":
    main()
