"""``python -m build`` makes a wheel and an sdist; the wheel in a fresh venv runs the CLI. ``-m slow``."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_build_wheel_and_sdist_then_install_in_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    r = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    wheels = list(dist.glob("syndata-*.whl"))
    sdists = list(dist.glob("syndata-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheels[0])], capture_output=True,
                       text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    out = subprocess.run([str(env / "bin" / "syndata"), "list"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "syntone:" in out.stdout
    imp = subprocess.run([str(py), "-c", "import metrics, sys; print('torch' in sys.modules)"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert imp.returncode == 0 and imp.stdout.strip() == "False", imp.stderr
