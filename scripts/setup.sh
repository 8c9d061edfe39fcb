#!/usr/bin/env bash
# Set up everything syndata needs on a fresh Debian machine with Python >= 3.10:
# system packages (espeak-ng, for SynSpeech), a virtual environment in .venv, and the package
# with its extras. Safe to rerun: it only installs what is missing.
#   bash scripts/setup.sh            # runtime + training + test extras
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "setup: $PY not found; install Python 3.11 (apt-get install python3 python3-venv)" >&2
  exit 1
fi
"$PY" - <<'PYCHECK' || { echo "setup: Python >= 3.10 is required" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)
PYCHECK

# --- system packages ------------------------------------------------------------------------
need_apt=()
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
"$PY" -c "import venv, ensurepip" >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "setup: installing ${need_apt[*]} with sudo apt-get"
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: the system packages ${need_apt[*]} are missing and installing them needs root." >&2
    echo "       Run:  sudo apt-get install -y ${need_apt[*]}   then rerun this command." >&2
    case " ${need_apt[*]} " in *" python3-venv "*) exit 1;; esac
    echo "setup: continuing without espeak-ng (SynTone and the metrics do not need it)." >&2
  fi
fi

# --- python environment ---------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# torch is pinned: a CPU build of 2.13.0 is available on these machines; an unpinned install
# pulls several GB of CUDA packages.
.venv/bin/python -m pip install -q "torch==2.13.0" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import syndata, metrics, torch" || { echo "setup: installation failed" >&2; exit 1; }
echo "setup: ready (.venv, syndata $(.venv/bin/python -c 'import syndata; print(syndata.__version__)'))"
