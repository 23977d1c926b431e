#!/usr/bin/env bash
# Rebuilds es-base from its inputs, end to end and deterministically (--seed 0 everywhere, one
# fastText thread, one training thread: N training threads sum gradients in another order, equal
# only up to float rounding).
#
# Inputs (licences in ../shared/data/README.md; all allow shipping the model):
#   gold:  AnCora-ES NER (CC BY 4.0), ../shared/data/ner-es-extra/ancora-es-ner, DATE and NUM -> O
#   raw:   the AnCora train split's text; the CC BY / CC BY-SA files of raw-es-news (fake-news corpus,
#          UD GSD and PUD, NTREX, XQuAD); raw-es (Debian manuals, GPL / CC BY-SA / public domain)
# Never: CoNLL-2002, UN News, WikiNEuRal (research-only or non-commercial), nor
#        raw-es-news/ud-es-ancora-devtest.txt: it is AnCora's dev+test text (17% of a sample of the
#        NER test sentences occur in it), so training vectors on it would leak the test set.
#
# Steps: convert AnCora -> static vectors (nerflow vectors train, pruned to the most frequent words)
#        -> nerflow train with its default recipe (character BiLSTM + word BiLSTM + CRF, the vectors
#        as input) to early stopping on AnCora dev -> copy into model/ (+ rehearsal text) -> evaluate
#        on AnCora test and, where present, CoNLL-2002 esp.testa (cross-corpus).
#        v2 (2026-11-30) pretrained a window encoder with `nerflow pretrain` first; the BiLSTM
#        recipe without pretraining scores higher (docs/benchmarks/transfer.md, "es-base v5").
# Usage (repo root, after `npm run build`):
#   bash packages/model-es-base/scripts/build.sh [MAX_EPOCHS]     (env: WORK, ANCORA_DIR, SHARED_DATA)
set -euo pipefail
cd "$(dirname "$0")/../../.."
DATA=${SHARED_DATA:-../shared/data}
ANCORA=${ANCORA_DIR:-$DATA/ner-es-extra/ancora-es-ner}
WORK=${WORK:-/tmp/es-base-build}
EPOCHS=${1:-30}
VECTOR_WORDS=${VECTOR_WORDS:-40000}
N="node packages/cli/dist/bin.js"
mkdir -p "$WORK/raw"

# 1. Gold data.
for s in train dev test; do
  [ -s "$WORK/ancora-$s.jsonl" ] || $N convert "$ANCORA/$s.tsv" "$WORK/ancora-$s.jsonl" --label-map DATE=O,NUM=O
done

# 2. Raw text for the vectors: news-like text, AnCora train's own text and raw-es (three of its files
#    twice: v2 pretrained on them; kept so that the vectors stay those v2 measured).
node -e 'const fs=require("fs");const out=[];for(const l of fs.readFileSync(process.argv[1],"utf8").split("\n"))if(l)out.push(JSON.parse(l).text);fs.writeFileSync(process.argv[2],out.join("\n")+"\n")' \
  "$WORK/ancora-train.jsonl" "$WORK/raw/ancora-train.txt"
NEWS=(spanish-fake-news-corpus-text ud-es-gsd-devtest ud-es-pud ntrex128-newstest2019-ref.spa ntrex128-newstest2019-ref.spa-MX
      ntrex128-newstest2019-ref-2.spa xquad-es-contexts)
PRETRAIN_RAW_ES=(biblia-reina-valera-1909 debian-handbook-es-ES fortunes-es)
for f in "${NEWS[@]}"; do cp "$DATA/raw-es-news/$f.txt" "$WORK/raw/$f.txt"; done
for f in "${PRETRAIN_RAW_ES[@]}"; do cp "$DATA/raw-es/$f.txt" "$WORK/raw/$f.txt"; done
cat "$WORK"/raw/*.txt "$DATA"/raw-es/*.txt > "$WORK/vectors-corpus.txt"

# 3. Static vectors (input features of the encoder), pruned so the model stays under 25 MB.
if [ ! -s "$WORK/vectors.nfv" ]; then
  $N vectors train "$WORK/vectors-corpus.txt" --out "$WORK/vectors-full.nfv" --dim 64 --min-count 3 --threads 1 --seed 0 --no-phrases
  $N vectors load "$WORK/vectors-full.nfv" --out "$WORK/vectors.nfv" --max-words "$VECTOR_WORDS"
fi

# bench/es-base/v3-candidate.sh reuses steps 1-3 and trains another recipe on them.
[ "${STOP_AFTER:-}" = vectors ] && exit 0

# 4. Training on AnCora train, model selection on AnCora dev (patience 3): nerflow train's defaults.
$N train --train "$WORK/ancora-train.jsonl" --dev "$WORK/ancora-dev.jsonl" --out "$WORK/es-base" \
  --vectors "$WORK/vectors.nfv" --max-epochs "$EPOCHS" --patience 3 --seed 0 --threads 1 --overwrite

rm -rf packages/model-es-base/model
cp -r "$WORK/es-base" packages/model-es-base/model
# Rehearsal text shipped with the model (every 5th AnCora train sentence of 6+ words): with
# `nerflow train --base es-base --rehearsal YOUR_TEXT`, es-base also labels a sample of this, so the
# old types are rehearsed on the kind of text they were learned from, not only on the user's.
mkdir -p packages/model-es-base/model/rehearsal
node -e 'const fs=require("fs");const l=fs.readFileSync(process.argv[1],"utf8").trim().split("\n").filter((_,i)=>i%5===0).filter(x=>x.split(" ").length>=6);fs.writeFileSync(process.argv[2],l.join("\n")+"\n")' \
  "$WORK/raw/ancora-train.txt" packages/model-es-base/model/rehearsal/ancora-train-sample.txt
# The spans esBase.test.ts expects of the shipped folder:
node packages/model-es-base/scripts/golden.mjs
# The model card's figures:
$N eval packages/model-es-base/model "$WORK/ancora-test.jsonl" --json "$WORK/ancora-test.eval.json"
# Cross-corpus (evaluation only: CoNLL-2002 is research-only and never trained on).
TESTA="$DATA/conll2002-es/esp.testa"
[ -f "$TESTA" ] && $N eval packages/model-es-base/model "$TESTA" --json "$WORK/esp-testa.eval.json"
exit 0
