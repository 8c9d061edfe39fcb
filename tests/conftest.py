import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def syndata_cmd(*args, check=False, timeout=600, **kw):
    """Run the installed ``syndata`` command (as a user would); returns CompletedProcess."""
    exe = shutil.which("syndata", path=str(Path(sys.executable).parent)) or "syndata"
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          check=check, **kw)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory):
    """waveform x amplitude (80 clips of 0.25 s) in 5 shards, written once per session; tests copy it to mutate."""
    import syndata

    out = tmp_path_factory.mktemp("corpora") / "small"
    syndata.generate("syntone", out=out, factors=["waveform", "amplitude"], fixed={"duration": 0.25},
                     shard_size=16, progress=False)
    return out


@pytest.fixture
def corpus_copy(small_corpus, tmp_path):
    dst = tmp_path / "copy"
    shutil.copytree(small_corpus, dst)
    return dst
