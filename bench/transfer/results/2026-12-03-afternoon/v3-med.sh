#!/usr/bin/env bash
# MEDDOCAN, base arm on the v3 candidate (BiLSTM es-base) at 100 and 250 sentences, 3 seeds.
set -euo pipefail
cd /tmp/lead/v3exp
SETTINGS=${SETTINGS:-'{"maxEpochs":15,"patience":3,"threads":2}'}
echo "settings $SETTINGS"
uptime
node packages/cli/dist/bin.js eval curve --train /tmp/lead/med/train.jsonl --dev /tmp/lead/med/dev.jsonl \
  --arm base --base /tmp/es-base-v3/es-base-v3 --rehearsal /tmp/lead/med/train-raw.txt --sizes ${SIZES:-100} --seeds ${SEEDS:-0,1,2} \
  --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings "$SETTINGS" --out /tmp/lead/med/${TAG:-v3}-models \
  --json /tmp/lead/med/${TAG:-v3}-curve.json
uptime
