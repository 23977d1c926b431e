#!/usr/bin/env bash
# es-base v3 candidate (issue 21 #4): the inputs and steps 1-3 of packages/model-es-base/scripts/build.sh (AnCora,
# raw text, 40k x 64 fastText vectors), then no pretraining and the default recipe of nerflow train (--arch bilstm,
# char BiLSTM 25, width 128, dropout 0.5) with the vectors as input, to early stopping; scored on AnCora test and
# CoNLL-2002 esp.testa (cross-corpus). Usage (repo root, after npm run build): bash bench/es-base/v3-candidate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHARED_DATA:-../shared/data}
WORK=${WORK:-/tmp/es-base-v3}
N="node packages/cli/dist/bin.js"
# Steps 1-3 of the build script (AnCora converted, the raw text gathered, the 64-d vectors), in $WORK.
WORK="$WORK" SHARED_DATA="$DATA" STOP_AFTER=vectors bash packages/model-es-base/scripts/build.sh
uptime
$N train --train "$WORK/ancora-train.jsonl" --dev "$WORK/ancora-dev.jsonl" --out "$WORK/es-base-v3" \
  --vectors "$WORK/vectors.nfv" --max-epochs 30 --patience 3 --seed 0 --threads 2 --overwrite
uptime
$N eval "$WORK/es-base-v3" "$WORK/ancora-test.jsonl" --json "$WORK/ancora-test.eval.json" --top-errors 0
$N eval "$WORK/es-base-v3" "$DATA/conll2002-es/esp.testa" --json "$WORK/esp-testa.eval.json" --top-errors 0
du -sh "$WORK/es-base-v3"
