#!/usr/bin/env bash
# MEDDOCAN: 4 new types (FECHAS, EDAD_SUJETO_ASISTENCIA, SEXO_SUJETO_ASISTENCIA, CORREO_ELECTRONICO) added to es-base,
# scratch vs es-base (old types frozen, the default) + rehearsal, 3 seeds.
# /tmp/lead/med: train.jsonl = `nerflow convert ../shared/data/newtypes/meddocan/train.txt train.jsonl --label-map <the other 17 types>=O`;
# dev.jsonl = the first 3,000 sentences of dev.txt, converted the same way; train-raw.txt = the train sentences as text (rehearsal).
set -euo pipefail
cd /tmp/lead/exp
uptime
node packages/cli/dist/bin.js eval curve --train /tmp/lead/med/train.jsonl --dev /tmp/lead/med/dev.jsonl \
  --arm scratch,base --base es-base --rehearsal /tmp/lead/med/train-raw.txt --sizes 100,250,500 --seeds 0,1,2 \
  --new-labels FECHAS,EDAD_SUJETO_ASISTENCIA,SEXO_SUJETO_ASISTENCIA,CORREO_ELECTRONICO \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out /tmp/lead/med/models \
  --json /tmp/lead/med/curve.json --report /tmp/lead/med/curve.html
uptime
