#!/usr/bin/env bash
# The bundled example as `npm start` runs it (es-base v5, rehearsal on es-base's own AnCora text, ratio 8), then the
# same 56 training sentences from scratch (the command of docs/transfer-learning.md), both scored on the 9 held-out
# documents and compared with a paired bootstrap. Usage (repo root, after npm run build):
#   bash bench/transfer/results/2026-12-04-evening/example.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
OUT=${1:-/tmp/example-1204e}
N="node packages/cli/dist/bin.js"
uptime
$N run examples/marketing-es/pipeline.yaml --var out="$OUT"
$N train --train "$OUT/gold/train.jsonl" --out "$OUT/scratch" --max-epochs 30 --batch-words 200 --warmup-steps 20 --holdout 0 --seed 0 --overwrite
$N eval "$OUT/scratch" "$OUT/gold/test.jsonl" --labels PLATAFORMA,METRICA --json "$OUT/scratch.json" --bootstrap 500
$N eval compare "$OUT/scratch.json" "$OUT/eval/results.json" --json "$OUT/compare.json"
uptime
