"""A real SIGKILL near half-way; the rerun ends with the checksums of an uninterrupted run."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import syndata_cmd

ARGS = ["generate", "syntone", "--factors", "waveform,frequency", "--shard-size", "40", "--quiet"]


def test_sigkill_midway_then_resume_matches_uninterrupted(tmp_path):
    ref = tmp_path / "ref"
    assert syndata_cmd(*ARGS, "--out", ref).returncode == 0
    killed = tmp_path / "killed"
    exe = Path(sys.executable).parent / "syndata"
    proc = subprocess.Popen([str(exe), *ARGS, "--out", str(killed)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    records = killed / ".syndata" / "shards"
    deadline = time.time() + 120
    while time.time() < deadline:
        if records.exists() and len(list(records.glob("*.json"))) >= 20:  # 20 of 40 shards
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n_done = len(list(records.glob("*.json")))
    assert 20 <= n_done < 40, f"kill landed at {n_done}/40 shards"
    assert not (killed / "manifest.json").exists()
    r = syndata_cmd(*ARGS, "--out", killed)
    assert r.returncode == 0, r.stderr
    a = json.loads((ref / "manifest.json").read_text())
    b = json.loads((killed / "manifest.json").read_text())
    assert a["files"] == b["files"] and a["data_digest"] == b["data_digest"]
    assert not list((killed / "data").glob(".tmp-*"))
