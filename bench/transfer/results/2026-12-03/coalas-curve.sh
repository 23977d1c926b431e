#!/usr/bin/env bash
# COALAS ENG learning curve, scratch vs es-base (old types frozen, the default) + rehearsal, 3 seeds.
# /tmp/lead/coalas: train/dev.jsonl = `nerflow convert ../shared/data/newtypes/coalas/{train,dev}.txt X.jsonl --label-map OTHER=O`;
# train-raw.txt = the train sentences as text (rehearsal). Run from a checkout copy (/tmp/lead/exp) so rebuilds do not touch it.
set -euo pipefail
cd /tmp/lead/exp
uptime
node packages/cli/dist/bin.js eval curve --train /tmp/lead/coalas/train.jsonl --dev /tmp/lead/coalas/dev.jsonl \
  --arm scratch,base --base es-base --rehearsal /tmp/lead/coalas/train-raw.txt --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out /tmp/lead/coalas/models \
  --json /tmp/lead/coalas/curve.json --report /tmp/lead/coalas/curve.html
uptime
