"""The tables, dataset card and manifest written once every shard is finished.

``metadata.jsonl`` (Hugging Face ``audiofolder``), ``factors.csv`` (people, pandas),
``factors.npz`` (the dSprites layout, no pickles), ``README.md`` (the card) and, last,
``manifest.json``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import platform
import sys
import time
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np

from syndata.jsonio import atomic_write_bytes, atomic_write_text, dumps, write_json
from syndata.plan import CorpusPlan

__all__ = ["finalize_corpus", "metadata_rows", "canonical_command", "SCHEMA_VERSION", "data_digest"]

SCHEMA_VERSION = 1
_PACKAGES = ("numpy", "scipy", "soundfile", "scikit-learn", "torch", "pyttsx3", "librosa")


def metadata_rows(plan: CorpusPlan) -> list:
    """One dict per sample: file_name, index, then ``<factor>`` and ``<factor>_class`` per varying factor."""
    cols = []
    for k, f in enumerate(plan.space):
        c = plan.classes[:, k]
        vals = np.asarray(f.values, dtype=object)[c]
        cols.append((f.name, vals.tolist(), c.tolist()))
    rows = []
    for i in range(plan.n_samples):
        row = {"file_name": plan.file_name(i), "index": i}
        for name, vals, cls in cols:
            row[name] = vals[i]
            row[f"{name}_class"] = cls[i]
        rows.append(row)
    return rows


def canonical_command(plan: CorpusPlan, out) -> str:
    """The ``syndata generate`` command that reproduces this corpus."""
    parts = ["syndata", "generate", plan.generator]
    if plan.preset:
        parts += ["--preset", plan.preset]
    parts += ["--factors", ",".join(plan.factors)]
    if plan.n is not None:
        parts += ["--n", str(plan.n)]
    parts += ["--seed", str(plan.seed)]
    gen = plan.gen
    preset_opts = gen.presets.get(plan.preset, {}).get("options", {}) if plan.preset else {}
    for key, value in plan.options.items():
        if value != preset_opts.get(key, gen.options[key][0]):
            parts += ["--set", f"{key}={value}"]
    for name, lvl in plan.held.items():
        f = plan.full_space[name]
        if lvl != f.default:
            parts += ["--fix", f"{name}={f.values[lvl]}"]
    parts += ["--out", str(out)]
    return " ".join(parts)


def data_digest(files: dict) -> str:
    """sha256 over ``name sha256`` lines in name order: one hash for the media content."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name} {files[name]}\n".encode())
    return h.hexdigest()


def _package_versions() -> dict:
    out = {"python": platform.python_version()}
    for p in _PACKAGES:
        try:
            out[p] = importlib_metadata.version(p)
        except importlib_metadata.PackageNotFoundError:
            pass
    return out


def finalize_corpus(plan: CorpusPlan, out) -> dict:
    """Write the tables, the card and the manifest; return the manifest."""
    from syndata import __version__
    from syndata.card import dataset_card
    from syndata.writer import read_shard_records

    out = Path(out)
    files = read_shard_records(out, plan)
    rows = metadata_rows(plan)
    atomic_write_text(out / "metadata.jsonl", "".join(dumps(r) + "\n" for r in rows))

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(out / "factors.csv", buf.getvalue())

    npz = io.BytesIO()
    np.savez_compressed(npz, latents_classes=plan.classes.astype(np.int64),
                        latents_values=plan.space.values_of(plan.classes),
                        factor_names=np.array(plan.space.names, dtype=np.str_),
                        factor_sizes=np.array(plan.space.sizes, dtype=np.int64))
    atomic_write_bytes(out / "factors.npz", npz.getvalue())

    gen = plan.gen
    total_bytes = sum((out / name).stat().st_size for name in files)
    command = canonical_command(plan, out)
    card = dataset_card(plan, command=command, total_bytes=total_bytes)
    atomic_write_text(out / "README.md", card)

    tables = {name: hashlib.sha256((out / name).read_bytes()).hexdigest()
              for name in ("metadata.jsonl", "factors.csv", "factors.npz")}
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "generator": plan.generator,
        "syndata_version": __version__,
        "digest": plan.digest(),
        "config": plan.config(),
        "seed": plan.seed,
        "command": command,
        "factor_space": plan.space.to_list(),
        "held_factors": {name: plan.full_space[name].values[lvl] for name, lvl in plan.held.items()},
        "all_factors": plan.full_space.to_list(),
        "n_samples": plan.n_samples,
        "sampling": "grid" if plan.n is None else "random",
        "media": gen.media_info(plan.options),
        "data_digest": data_digest(files),
        "total_bytes": total_bytes,
        "tables": tables,
        "files": files,
        "package_versions": _package_versions(),
        "platform": {"system": platform.system(), "machine": platform.machine(),
                     "python": sys.version.split()[0]},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    write_json(out / "manifest.json", manifest, indent=1)
    return manifest


