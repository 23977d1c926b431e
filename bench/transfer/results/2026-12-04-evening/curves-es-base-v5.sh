#!/usr/bin/env bash
# es-base v5 (the BiLSTM rebuild of packages/model-es-base/scripts/build.sh, shipped 2026-12-04 evening) as the
# base for COALAS ENG and 4 MEDDOCAN types: the base arm of the curves of 2026-12-04 (same sizes, seeds, settings),
# rehearsal as `nerflow train --base` now does it by default (es-base's own AnCora sentences only, no --rehearsal),
# then COALAS once more with the old way (--rehearsal on the training text as well). The scratch arm is unchanged
# code since 2026-12-04 (coalas-scratch-curve.sh, meddocan-v4-and-scratch.sh there): its points are not rerun.
# Data: C=/tmp/lead/coalas (train.jsonl, dev.jsonl: `nerflow convert .../coalas/{train,dev}.txt --label-map OTHER=O`;
# train-raw.txt: the train sentences as text), D=/tmp/lead/med (meddocan-curve.sh of 2026-12-03 says how).
# SUFFIX names the output folders of a rerun on other code (the points of a folder are reused: code changes do not count).
# coalas-both, meddocan-both: the scratch arm beside the base points already in the folder (for the picture in docs/transfer-learning.md).
# Usage (a built checkout, default this one; these runs used a frozen copy): [EXP=checkout] bash curves-es-base-v5.sh [coalas|meddocan|coalas-text]...
set -euo pipefail
EXP=${EXP:-$(cd "$(dirname "$0")/../../../.." && pwd)} C=${C:-/tmp/lead/coalas} D=${D:-/tmp/lead/med}
cd "$EXP"
N="node packages/cli/dist/bin.js"
OLD=examples/marketing-es/old-types/ancora-test-sample.conll
SET='{"maxEpochs":15,"patience":3,"threads":2}'
for what in "$@"; do
  uptime
  case "$what" in
    coalas) $N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" --arm base --base es-base \
      --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG --old-gold $OLD --settings "$SET" \
      --out "$C/models-v5${SUFFIX:-}" --json "$C/curve-v5${SUFFIX:-}.json" --report "$C/curve-v5${SUFFIX:-}.html" ;;
    coalas-text) $N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" --arm base --base es-base \
      --rehearsal "$C/train-raw.txt" --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG --old-gold $OLD --settings "$SET" \
      --out "$C/models-v5-text${SUFFIX:-}" --json "$C/curve-v5-text${SUFFIX:-}.json" --report "$C/curve-v5-text${SUFFIX:-}.html" ;;
    coalas-both) $N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" --arm scratch,base --base es-base \
      --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG --old-gold $OLD --settings "$SET" \
      --out "$C/models-v5${SUFFIX:-}" --json "$C/curve-v5-both${SUFFIX:-}.json" --report "$C/curve-v5-both${SUFFIX:-}.html" ;;
    meddocan) $N eval curve --train "$D/train.jsonl" --dev "$D/dev.jsonl" --arm base --base es-base \
      --sizes 100,250,500 --seeds 0,1,2 --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
      --old-gold $OLD --settings "$SET" --out "$D/models-v5${SUFFIX:-}" --json "$D/curve-v5${SUFFIX:-}.json" --report "$D/curve-v5${SUFFIX:-}.html" ;;
    meddocan-both) $N eval curve --train "$D/train.jsonl" --dev "$D/dev.jsonl" --arm scratch,base --base es-base \
      --sizes 100,250,500 --seeds 0,1,2 --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
      --old-gold $OLD --settings "$SET" --out "$D/models-v5${SUFFIX:-}" --json "$D/curve-v5-both${SUFFIX:-}.json" --report "$D/curve-v5-both${SUFFIX:-}.html" ;;
    *) echo "unknown: $what" >&2; exit 2 ;;
  esac
  uptime
done
