#!/usr/bin/env bash
# The scratch arm of the COALAS ENG curve (bench/transfer/results/2026-12-03/coalas-curve.sh) again, with the
# fresh-encoder recipe of 5cee2e9 (NORM + SHAPE hash tables beside the character BiLSTM): same sizes, seeds and
# settings. The base arm is not re-run: `--base` keeps es-base's own encoder, so its code path is unchanged.
# Usage: [EXP=checkout] [C=/tmp/lead/coalas] bash coalas-scratch-curve.sh
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp15} C=${C:-/tmp/lead/coalas}
cd "$EXP"
uptime
node packages/cli/dist/bin.js eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" \
  --arm scratch --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out "$C/models-scratch-1204" \
  --json "$C/curve-scratch-1204.json" --report "$C/curve-scratch-1204.html"
uptime
