#!/usr/bin/env bash
# Issue 14, afternoon: nerflow's default with --vectors (the vectors tuned on the training words,
# --vectors-tuning tuned) vs the peer, the same 100-d fastText vectors (esp.train + raw-es, as in
# vectors.sh), nerflow then the peer per seed, from a frozen copy of the checkout (EXP).
# Logs go to stderr/stdout of this script; one JSON per run in $OUT/e20-p3-t2-vft100/.
set -euo pipefail
export EXP=${EXP:-/tmp/hB/exp}
cd "$EXP"
OUT=${OUT:-/tmp/hB/vec}
[ -f /tmp/vec/ft100.vec ] || {
  mkdir -p /tmp/vec
  /usr/bin/python3 ../shared/peer/ft_corpus.py ../shared/data/conll2002-es/esp.train ../shared/data/raw-es/*.txt > /tmp/vec/ft_corpus.txt
  fasttext skipgram -input /tmp/vec/ft_corpus.txt -output /tmp/vec/ft100 -dim 100 -epoch 5 -minCount 2 -thread 2
}
# (it ran at 13:04 with this loop written out here; the same loop now lives in bench/train/vs-peer-seeds.sh)
SEEDS=${SEEDS:-1 2} SEEDS_ALL=${SEEDS_ALL:-1,2} OUT=$OUT exec bash bench/train/vs-peer-seeds.sh --vectors /tmp/vec/ft100.vec
