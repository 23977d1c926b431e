#!/usr/bin/env bash
# MEDDOCAN, the base arm on BASE (es-base, or the v3 candidate's folder) at SIZES sentences (100), 3 seeds, from a copy
# of the checkout in EXP.
set -euo pipefail
cd "${EXP:?a built copy of the checkout}"
SETTINGS=${SETTINGS:-'{"maxEpochs":15,"patience":3,"threads":2}'}
echo "settings $SETTINGS"
uptime
node packages/cli/dist/bin.js eval curve --train /tmp/lead/med/train.jsonl --dev /tmp/lead/med/dev.jsonl \
  --arm base --base "${BASE:-es-base}" --rehearsal /tmp/lead/med/train-raw.txt --sizes ${SIZES:-100} --seeds ${SEEDS:-0,1,2} \
  --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings "$SETTINGS" --out /tmp/lead/med/${TAG:-v3}-models \
  --json /tmp/lead/med/${TAG:-v3}-curve.json
uptime
