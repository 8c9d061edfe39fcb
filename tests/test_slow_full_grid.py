"""The full published grid (32,000 clips, 1 GB): written, a no-op rerun, verified. ``-m slow``."""

import json

import pytest

from conftest import syndata_cmd


@pytest.mark.slow
def test_full_syntone_grid(tmp_path):
    out = tmp_path / "syntone"
    r = syndata_cmd("generate", "syntone", "--out", out, "--workers", "2", "--quiet", timeout=1200)
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["n_samples"] == 32000 and len(m["files"]) == 32000
    assert sum(1 for _ in (out / "data").rglob("*.wav")) == 32000
    assert len((out / "metadata.jsonl").read_text().splitlines()) == 32000
    before = (out / "manifest.json").stat().st_mtime_ns
    again = syndata_cmd("generate", "syntone", "--out", out, "--workers", "2")
    assert again.returncode == 0 and "already complete" in again.stdout
    assert (out / "manifest.json").stat().st_mtime_ns == before
    v = syndata_cmd("verify", out, "--quiet", timeout=1200)
    assert v.returncode == 0 and "OK: no problems found" in v.stdout, v.stdout[-2000:]
