#!/usr/bin/env bash
# Rebuilds es-base from its inputs, deterministically (--seed 0, one wasm thread).
# Inputs: the AnCora-ES NER corpus (CC BY 4.0), in ../shared/data/ner-es-extra/ancora-es-ner,
# with DATE and NUM mapped to O. Never CoNLL-2002, UN News or WikiNEuRal (research-only / NC).
# Usage (repo root, after `npm run build`): bash packages/model-es-base/scripts/build.sh [MAX_EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA=${ANCORA_DIR:-../shared/data/ner-es-extra/ancora-es-ner}
WORK=${WORK:-/tmp/es-base-build}
EPOCHS=${1:-6}
N="node packages/cli/dist/bin.js"
mkdir -p "$WORK"
for s in train dev test; do
  $N convert "$DATA/$s.tsv" "$WORK/ancora-$s.jsonl" --label-map DATE=O,NUM=O
done
$N train --train "$WORK/ancora-train.jsonl" --dev "$WORK/ancora-dev.jsonl" --out "$WORK/es-base" \
  --max-epochs "$EPOCHS" --patience 2 --seed 0
rm -rf packages/model-es-base/model
cp -r "$WORK/es-base" packages/model-es-base/model
# The model card's figures:
$N eval packages/model-es-base/model "$WORK/ancora-test.jsonl" --json "$WORK/ancora-test.eval.json"
