#!/usr/bin/env bash
# The COALAS ENG curve of 2026-12-03 (coalas-curve.sh there) on today's code, both arms (scratch; es-base v2 +
# rehearsal, old types frozen), for the picture in docs/transfer-learning.md. The scratch points of
# coalas-scratch-curve.sh are reused when copied into --out first (same data, sizes, seeds and settings).
# Usage: [EXP=checkout] [C=/tmp/lead/coalas] bash coalas-curve.sh; then
#   node bench/eval/curve-png.mjs $C/curve-1204b.html docs/img/curve-coalas.png
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp16} C=${C:-/tmp/lead/coalas}
cd "$EXP"
uptime
node packages/cli/dist/bin.js eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" \
  --arm scratch,base --base es-base --rehearsal "$C/train-raw.txt" --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out "$C/models-1204b" \
  --json "$C/curve-1204b.json" --report "$C/curve-1204b.html"
uptime
