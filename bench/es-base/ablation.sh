#!/usr/bin/env bash
# What pretraining + static vectors buy es-base: the same fine-tuning (AnCora train, dev for model
# selection, 10-epoch schedule, patience 3, seed 0) from a randomly initialised encoder without
# vectors, both scored on AnCora test in one run. Needs the WORK folder of
# packages/model-es-base/scripts/build.sh (the converted AnCora files).
# Usage (repo root, after `npm run build` and build.sh): bash bench/es-base/ablation.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/es-base-build}
N="node packages/cli/dist/bin.js"
[ -d "$WORK/es-base-scratch" ] || $N train --train "$WORK/ancora-train.jsonl" --dev "$WORK/ancora-dev.jsonl" \
  --out "$WORK/es-base-scratch" --max-epochs 10 --patience 3 --seed 0
for m in "$WORK/es-base-scratch" packages/model-es-base/model; do
  $N eval "$m" "$WORK/ancora-test.jsonl" --top-errors 0
done
