#!/usr/bin/env bash
# es-base v3 candidate (issue 21 #4): the inputs and steps 1-3 of packages/model-es-base/scripts/build.sh (AnCora,
# raw text, 40k x 64 fastText vectors), then no pretraining and the default recipe of nerflow train (--arch bilstm,
# char BiLSTM 25, width 128, dropout 0.5) with the vectors as input, to early stopping; scored on AnCora test and
# CoNLL-2002 esp.testa (cross-corpus). Usage (repo root, after npm run build): bash bench/es-base/v3-candidate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHARED_DATA:-../shared/data}
ANCORA=$DATA/ner-es-extra/ancora-es-ner
WORK=${WORK:-/tmp/es-base-v3}
N="node packages/cli/dist/bin.js"
mkdir -p "$WORK/raw"
for s in train dev test; do
  [ -s "$WORK/ancora-$s.jsonl" ] || $N convert "$ANCORA/$s.tsv" "$WORK/ancora-$s.jsonl" --label-map DATE=O,NUM=O
done
node -e 'const fs=require("fs");const out=[];for(const l of fs.readFileSync(process.argv[1],"utf8").split("\n"))if(l)out.push(JSON.parse(l).text);fs.writeFileSync(process.argv[2],out.join("\n")+"\n")' \
  "$WORK/ancora-train.jsonl" "$WORK/raw/ancora-train.txt"
NEWS=(spanish-fake-news-corpus-text ud-es-gsd-devtest ud-es-pud ntrex128-newstest2019-ref.spa ntrex128-newstest2019-ref.spa-MX
      ntrex128-newstest2019-ref-2.spa xquad-es-contexts)
PRETRAIN_RAW_ES=(biblia-reina-valera-1909 debian-handbook-es-ES fortunes-es)
for f in "${NEWS[@]}"; do cp "$DATA/raw-es-news/$f.txt" "$WORK/raw/$f.txt"; done
for f in "${PRETRAIN_RAW_ES[@]}"; do cp "$DATA/raw-es/$f.txt" "$WORK/raw/$f.txt"; done
cat "$WORK"/raw/*.txt "$DATA"/raw-es/*.txt > "$WORK/vectors-corpus.txt"
if [ ! -s "$WORK/vectors.nfv" ]; then
  time $N vectors train "$WORK/vectors-corpus.txt" --out "$WORK/vectors-full.nfv" --dim 64 --min-count 3 --threads 1 --seed 0 --no-phrases
  $N vectors load "$WORK/vectors-full.nfv" --out "$WORK/vectors.nfv" --max-words 40000
fi
uptime
$N train --train "$WORK/ancora-train.jsonl" --dev "$WORK/ancora-dev.jsonl" --out "$WORK/es-base-v3" \
  --vectors "$WORK/vectors.nfv" --max-epochs 30 --patience 3 --seed 0 --threads 2 --overwrite
uptime
$N eval "$WORK/es-base-v3" "$WORK/ancora-test.jsonl" --json "$WORK/ancora-test.eval.json" --top-errors 0
$N eval "$WORK/es-base-v3" "$DATA/conll2002-es/esp.testa" --json "$WORK/esp-testa.eval.json" --top-errors 0
du -sh "$WORK/es-base-v3"
