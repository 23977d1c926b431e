#!/usr/bin/env bash
# Issue 21, 2026-12-04 night: the base arm with the dropout of es-base v5's own recipe (0.5, a BiLSTM) instead of
# --base's 0.1 (the window encoder's rate, kept when es-base changed arch). Same data, seeds, epochs as curves-es-base-v5.sh.
# Usage: [EXP=checkout] bash dropout.sh CASE...   CASE = coalas-D-SIZES | meddocan-D-SIZES  (e.g. coalas-0.5-500)
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp29} C=${C:-/tmp/lead/coalas} D=${D:-/tmp/lead/med} OUT=${OUT:-/tmp/lead/n29}
cd "$EXP"
N="node packages/cli/dist/bin.js"
OLD=examples/marketing-es/old-types/ancora-test-sample.conll
for what in "$@"; do
  IFS=- read -r corpus drop sizes <<<"$what"
  SET="{\"maxEpochs\":15,\"patience\":3,\"threads\":2,\"dropout\":$drop}"
  uptime
  case "$corpus" in
    coalas) $N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" --arm base --base es-base \
      --sizes "$sizes" --seeds 0,1,2 --new-labels ENG --old-gold $OLD --settings "$SET" \
      --out "$OUT/coalas-d$drop" --json "$OUT/coalas-d$drop-$sizes.json" --report "$OUT/coalas-d$drop-$sizes.html" ;;
    meddocan) $N eval curve --train "$D/train.jsonl" --dev "$D/dev.jsonl" --arm base --base es-base \
      --sizes "$sizes" --seeds 0,1,2 --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
      --old-gold $OLD --settings "$SET" --out "$OUT/meddocan-d$drop" --json "$OUT/meddocan-d$drop-$sizes.json" --report "$OUT/meddocan-d$drop-$sizes.html" ;;
  esac
  uptime
done
