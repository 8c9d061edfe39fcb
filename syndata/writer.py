"""Writing a corpus: shards written atomically, resumable, never silently overwritten.

Layout and life cycle (DESIGN.md, "A corpus on disk")::

    <out>/.syndata/config.json        the plan's config and digest, written before any shard
    <out>/.syndata/shards/00003.json  sha256 of every file of shard 3, written after its rename
    <out>/data/00003/...              the shard's files, renamed into place from data/.tmp-*
    <out>/metadata.jsonl, factors.csv, factors.npz, README.md
    <out>/manifest.json               written last: its presence means the corpus is complete

A shard counts as finished only when its record exists, so a run killed at any point resumes
by redoing the unfinished shards, and gives the same bytes as an uninterrupted run because every
sample is a pure function of (config, seed, index).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import time
from pathlib import Path

import numpy as np

from syndata.errors import SyndataError
from syndata.jsonio import read_json, write_json
from syndata.plan import CorpusPlan

__all__ = ["GenerateReport", "write_corpus", "write_shard", "read_shard_records", "CORPUS_ENTRIES"]

STATE = ".syndata"
#: every name a corpus owns at its top level (``--overwrite`` removes these and nothing else)
CORPUS_ENTRIES = ("data", STATE, "manifest.json", "metadata.jsonl", "factors.csv", "factors.npz",
                  "README.md", "preview")


@dataclasses.dataclass(frozen=True)
class GenerateReport:
    path: str
    status: str            # "created", "resumed" or "unchanged"
    n_samples: int
    shards_written: int
    shards_skipped: int
    seconds: float

    def __str__(self):
        verb = {"created": "wrote", "resumed": "resumed and finished",
                "unchanged": "already complete:"}[self.status]
        return (f"{verb} {self.n_samples} samples in {self.path} "
                f"({self.shards_written} shards written, {self.shards_skipped} skipped, "
                f"{self.seconds:.1f} s)")


def _shard_record(out: Path, shard: int) -> Path:
    return out / STATE / "shards" / f"{shard:05d}.json"


def write_shard(plan: CorpusPlan, shard: int, out) -> int:
    """Render, encode and write one shard atomically; returns the number of samples written.

    This is the unit of work of every executor (local processes or Dask tasks): a pure
    function of the plan and the shard number.
    """
    out = Path(out)
    gen = plan.gen
    idx = np.arange(plan.shard_range(shard).start, plan.shard_range(shard).stop)
    signals = gen.render(plan.values(idx), idx, options=plan.options,
                         rng_for=lambda i: np.random.default_rng([plan.seed, i]))
    blobs = gen.encode_batch(signals, options=plan.options)
    final = out / plan.shard_dir(shard)
    tmp = out / "data" / f".tmp-{shard:05d}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    files = {}
    for i, blob in zip(idx, blobs):
        name = plan.file_name(int(i))
        with open(tmp / Path(name).name, "wb") as f:
            f.write(blob)
        files[name] = hashlib.sha256(blob).hexdigest()
    if final.exists():  # a shard whose record was never written: redo it
        shutil.rmtree(final)
    os.rename(tmp, final)
    write_json(_shard_record(out, shard), {"shard": shard, "files": files}, indent=None)
    return len(idx)


def _prepare(out: Path, plan: CorpusPlan, overwrite: bool) -> bool:
    """Check ``out`` against the plan; returns True when the corpus is already complete."""
    cfg_path = out / STATE / "config.json"
    digest = plan.digest()
    if out.exists() and not out.is_dir():
        raise SyndataError(f"out: {out} exists and is not a directory")
    if out.is_dir():
        entries = [p.name for p in out.iterdir()]
        old = None
        if cfg_path.exists():
            old = read_json(cfg_path)
        elif (out / "manifest.json").exists():
            old = read_json(out / "manifest.json")
        foreign = [e for e in entries if e not in CORPUS_ENTRIES]
        if old is None and entries:
            raise SyndataError(f"out: {out} is not empty and holds no syndata corpus "
                               f"({', '.join(sorted(entries)[:5])}...); choose an empty or new directory")
        if old is not None and old.get("digest") != digest:
            if not overwrite:
                diff = _config_diff(old.get("config", {}), plan.config())
                raise SyndataError(f"out: {out} holds a corpus of another config ({diff}); pass "
                                   "--overwrite to replace it, or choose another directory")
            if foreign:
                raise SyndataError(f"out: {out} also holds files that are not part of a corpus "
                                   f"({', '.join(sorted(foreign)[:5])}); refusing to overwrite")
            for e in CORPUS_ENTRIES:
                p = out / e
                if p.is_dir():
                    shutil.rmtree(p)
                elif p.exists():
                    p.unlink()
        elif old is not None and (out / "manifest.json").exists() and cfg_path.exists():
            return True
    (out / STATE / "shards").mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    if not cfg_path.exists():
        write_json(cfg_path, {"digest": digest, "config": plan.config()})
    for stale in (out / "data").glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return False


def _config_diff(old: dict, new: dict) -> str:
    keys = sorted(set(old) | set(new))
    parts = [f"{k}: {old.get(k)!r} here, {new.get(k)!r} requested" for k in keys if old.get(k) != new.get(k)]
    return "; ".join(parts) or "same settings, different syndata version"


def write_corpus(plan: CorpusPlan, out, *, workers: int = 1, overwrite: bool = False,
                 progress: bool = True) -> GenerateReport:
    """Write (or resume, or confirm) the corpus of ``plan`` in ``out``.

    Parameters
    ----------
    plan : CorpusPlan
        From :func:`syndata.plan.make_plan`.
    out : path
        Corpus directory; created if missing.
    workers : int
        Processes rendering shards in parallel (1 = in this process).
    overwrite : bool
        Replace a corpus of another config in ``out`` (files that are not part of a corpus are
        never removed).
    progress : bool
        Show a progress bar on stderr.
    """
    from syndata.finalize import finalize_corpus

    if not isinstance(workers, (int, np.integer)) or workers < 1:
        raise SyndataError(f"workers: expected a positive integer, got {workers!r}")
    out = Path(out)
    t0 = time.perf_counter()
    if _prepare(out, plan, overwrite):
        return GenerateReport(str(out), "unchanged", plan.n_samples, 0, plan.n_shards,
                              time.perf_counter() - t0)
    todo = [s for s in range(plan.n_shards) if not _shard_record(out, s).exists()]
    skipped = plan.n_shards - len(todo)
    _run_shards(plan, out, todo, workers=workers, progress=progress,
                done=plan.n_samples - sum(len(plan.shard_range(s)) for s in todo))
    finalize_corpus(plan, out)
    return GenerateReport(str(out), "created" if skipped == 0 else "resumed", plan.n_samples,
                          len(todo), skipped, time.perf_counter() - t0)


def _run_shards(plan: CorpusPlan, out: Path, todo: list, *, workers: int, progress: bool, done: int):
    from tqdm.auto import tqdm

    bar = tqdm(total=plan.n_samples, initial=done, unit="clip", disable=not progress,
               desc=f"{plan.generator}", dynamic_ncols=True)
    try:
        if workers == 1 or len(todo) <= 1:
            for s in todo:
                bar.update(write_shard(plan, s, out))
            return
        import concurrent.futures as cf
        import multiprocessing as mp

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(write_shard, plan, s, out) for s in todo]
            for fut in cf.as_completed(futures):
                bar.update(fut.result())
    finally:
        bar.close()


def read_shard_records(out, plan: CorpusPlan) -> dict:
    """``{file_name: sha256}`` of every finished shard, in index order."""
    files = {}
    for s in range(plan.n_shards):
        files.update(read_json(_shard_record(Path(out), s))["files"])
    return files
