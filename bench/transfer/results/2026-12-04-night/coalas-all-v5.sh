#!/usr/bin/env bash
# Issue 21 goal "ENG >= 0.80 with all training data", base arm on es-base v5 with today's --base defaults (rehearsal on
# the base's own AnCora text, ratio 1; the user's words get rows; old types frozen): all 8,216 COALAS train sentences,
# scored on all 2,025 dev sentences (306 ENG spans), seed 0, early stopping as coalas-all.sh of 2026-12-04 (patience 3,
# at most 30 epochs, 2 threads), whose scratch rows (69.26, 72.01 with ft100.vec) it is compared with.
# Usage: [EXP=checkout] [C=/tmp/lead/coalas] [OUT=/tmp/lead/n29/coalas-all] bash coalas-all-v5.sh
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp29} C=${C:-/tmp/lead/coalas} OUT=${OUT:-/tmp/lead/n29/coalas-all}
cd "$EXP"; mkdir -p "$OUT"
N="node packages/cli/dist/bin.js"
echo "== base-v5: $(uptime)"
/usr/bin/time -v $N train --train "$C/train.jsonl" --dev "$C/dev.jsonl" --seed 0 --threads 2 --max-epochs 30 --patience 3 \
  --overwrite --base es-base --out "$OUT/base-v5" 2> "$OUT/base-v5.time"
grep -E "Elapsed|Maximum resident" "$OUT/base-v5.time"
$N eval "$OUT/base-v5" "$C/dev.jsonl" --labels ENG --json "$OUT/base-v5.eval.json" --top-errors 0 | tail -5
echo "== base-v5 done: $(uptime)"
