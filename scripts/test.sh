#!/usr/bin/env bash
# Set up and run the tests: the default suite, then the slow ones (-m slow).
#   bash scripts/test.sh            # everything
#   SKIP_SLOW=1 bash scripts/test.sh  # default suite only
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/python -m pytest -q --timeout 900 "$@"
if [ -z "${SKIP_SLOW:-}" ]; then
  .venv/bin/python -m pytest -q --timeout 1800 -m slow "$@"
fi
