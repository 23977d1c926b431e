#!/usr/bin/env bash
# Issue 21, 2026-12-04 night: the base arm with one train setting changed (KEY = VALUE in --settings); otherwise as
# curves-es-base-v5.sh (sizes given, seeds 0-2, at most 15 epochs, patience 3, 2 threads).
# dropout-1.log was made by an earlier copy of this script that took the dropout alone (`dropout.sh coalas-0.5-500
# meddocan-0.5-100`, folders coalas-d0.5, meddocan-d0.5): the same runs as `setting.sh coalas-dropout-0.5-500 meddocan-dropout-0.5-100`.
# Run on 5a93525 (EXP, a frozen copy), where --base's rehearsal ratio defaulted to 1; it is 4 since 8bdbf83.
# Usage: [EXP=checkout] bash setting.sh CASE...   CASE = coalas-KEY-VALUE-SIZES | meddocan-KEY-VALUE-SIZES (e.g. coalas-rehearsalRatio-0-500)
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp29} C=${C:-/tmp/lead/coalas} D=${D:-/tmp/lead/med} OUT=${OUT:-/tmp/lead/n29}
cd "$EXP"
N="node packages/cli/dist/bin.js"
OLD=examples/marketing-es/old-types/ancora-test-sample.conll
for what in "$@"; do
  IFS=- read -r corpus key val sizes <<<"$what"
  SET="{\"maxEpochs\":15,\"patience\":3,\"threads\":2,\"$key\":$val}"
  uptime
  case "$corpus" in
    coalas) $N eval curve --train "$C/train.jsonl" --dev "$C/dev.jsonl" --arm base --base es-base \
      --sizes "$sizes" --seeds 0,1,2 --new-labels ENG --old-gold $OLD --settings "$SET" \
      --out "$OUT/coalas-$key$val" --json "$OUT/coalas-$key$val-$sizes.json" --report "$OUT/coalas-$key$val-$sizes.html" ;;
    meddocan) $N eval curve --train "$D/train.jsonl" --dev "$D/dev.jsonl" --arm base --base es-base \
      --sizes "$sizes" --seeds 0,1,2 --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
      --old-gold $OLD --settings "$SET" --out "$OUT/meddocan-$key$val" --json "$OUT/meddocan-$key$val-$sizes.json" --report "$OUT/meddocan-$key$val-$sizes.html" ;;
  esac
  uptime
done
