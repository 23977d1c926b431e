#!/usr/bin/env bash
# Does a BiLSTM es-base (today's fresh recipe: char BiLSTM, NORM + SHAPE tables, es-base's 40k x 64 vectors, width 200)
# transfer better to COALAS ENG than the shipped window-encoder es-base? Trains the candidate on AnCora from the inputs
# bench/es-base/v3-candidate.sh prepares (W), gives it es-base's rehearsal text, scores it on AnCora test, then runs the
# base arm of the COALAS curve with it (same sizes, seeds and settings as coalas-curve.sh of 2026-12-03).
# Usage: [EXP=checkout] [W=/tmp/es-base-v3] [C=/tmp/lead/coalas] [M=/tmp/lead/es-base-v4] bash es-base-v4-coalas.sh
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp16} W=${W:-/tmp/es-base-v3} C=${C:-/tmp/lead/coalas} M=${M:-/tmp/lead/es-base-v4}
cd "$EXP"
N="node packages/cli/dist/bin.js"
uptime
[ -f "$M/config.json" ] || $N train --train "$W/ancora-train.jsonl" --dev "$W/ancora-dev.jsonl" --out "$M" \
  --vectors "$W/vectors.nfv" --max-epochs 30 --patience 3 --seed 0 --threads 2 --overwrite
[ -d "$M/rehearsal" ] || cp -r packages/model-es-base/model/rehearsal "$M/rehearsal"
uptime
$N eval "$M" "$W/ancora-test.jsonl" --json "$M.ancora-test.eval.json" --top-errors 0 | tail -4
$N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" \
  --arm base --base "$M" --rehearsal "$C/train-raw.txt" --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out "$C/models-v4" \
  --json "$C/curve-v4.json" --report "$C/curve-v4.html"
uptime
