#!/usr/bin/env bash
set -euo pipefail
cd /tmp/lead/exp
uptime
node packages/cli/dist/bin.js eval curve --train /tmp/lead/coalas/train.jsonl --dev /tmp/lead/coalas/dev.jsonl \
  --arm scratch,base --base es-base --rehearsal /tmp/lead/coalas/train-raw.txt --sizes 100,250,500 --seeds 0,1,2 --new-labels ENG \
  --old-gold examples/marketing-es/old-types/ancora-test-sample.conll \
  --settings '{"maxEpochs":15,"patience":3,"threads":2}' --out /tmp/lead/coalas/models \
  --json /tmp/lead/coalas/curve.json --report /tmp/lead/coalas/curve.html
uptime
