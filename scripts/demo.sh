#!/usr/bin/env bash
# The main job: set up, generate the published SynTone grid (32,000 clips), verify it, and write a
# preview of what each factor does.  (Training and the leaderboard join this job when the
# baseline trainers land.)
#   bash scripts/demo.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
OUT=${1:-corpora/syntone}
export PATH="$PWD/.venv/bin:$PATH"
WORKERS=$(nproc 2>/dev/null || echo 2)
echo "== generate: syndata generate syntone --out $OUT --workers $WORKERS"
syndata generate syntone --out "$OUT" --workers "$WORKERS"
echo "== verify: syndata verify $OUT"
syndata verify "$OUT" --quiet
echo "== preview: syndata preview $OUT"
syndata preview "$OUT"
syndata info "$OUT"
echo "== done: open $OUT/preview/factors.png; the dataset card is $OUT/README.md"
