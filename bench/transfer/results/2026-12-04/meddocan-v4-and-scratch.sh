#!/usr/bin/env bash
# MEDDOCAN (FECHAS, EDAD_SUJETO_ASISTENCIA, SEXO_SUJETO_ASISTENCIA, CORREO_ELECTRONICO), the curve of
# bench/transfer/results/2026-12-03/meddocan-curve.sh again with today's code: the scratch arm (the 12-04 fresh
# recipe) and the base arm on the BiLSTM es-base candidate v4 (es-base-v4-coalas.sh builds it in $M).
# Usage: [EXP=checkout] [D=/tmp/lead/med] [M=/tmp/lead/es-base-v4] bash meddocan-v4-and-scratch.sh
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp16} D=${D:-/tmp/lead/med} M=${M:-/tmp/lead/es-base-v4}
cd "$EXP"
uptime
node packages/cli/dist/bin.js eval curve --train "$D/train.jsonl" --dev "$D/dev.jsonl" \
  --arm scratch,base --base "$M" --rehearsal "$D/train-raw.txt" --sizes 100,250,500 --seeds 0,1,2 \
  --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out "$D/models-1204" \
  --json "$D/curve-1204.json" --report "$D/curve-1204.html"
uptime
