#!/usr/bin/env bash
# Issue 14, afternoon: nerflow's default with --vectors (the vectors tuned on the training words,
# --vectors-tuning tuned) vs the peer, the same 100-d fastText vectors (esp.train + raw-es, as in
# vectors.sh), nerflow then the peer per seed, from a frozen copy of the checkout (EXP).
# Logs go to stderr/stdout of this script; one JSON per run in $OUT/e20-p3-t2-vft100/.
set -euo pipefail
cd "${EXP:-/tmp/hB/exp}"
OUT=${OUT:-/tmp/hB/vec}
[ -f /tmp/vec/ft100.vec ] || {
  mkdir -p /tmp/vec
  /usr/bin/python3 ../shared/peer/ft_corpus.py ../shared/data/conll2002-es/esp.train ../shared/data/raw-es/*.txt > /tmp/vec/ft_corpus.txt
  fasttext skipgram -input /tmp/vec/ft_corpus.txt -output /tmp/vec/ft100 -dim 100 -epoch 5 -minCount 2 -thread 2
}
F="--max-epochs 20 --patience 3 --threads 2 --out $OUT --vectors /tmp/vec/ft100.vec"
git log --oneline -1
for seed in ${SEEDS:-1 2}; do
  uptime
  nice -n 10 node bench/train/vs-peer.mjs $F --only nerflow --seeds $seed
  uptime
  nice -n 10 node bench/train/vs-peer.mjs $F --only peer --seeds $seed
done
uptime
node bench/train/vs-peer.mjs $F --seeds ${SEEDS_ALL:-1,2} --summary
