#!/usr/bin/env bash
# Issue 14: nerflow's default recipe vs the peer, both with the same 100-d fastText vectors
# (esp.train + raw-es, as the peer's README makes them), then both trained one after the other; SEEDS='1 2' SEEDS_ALL=1,2 for two seeds (default: seed 1).
set -euo pipefail
cd "${EXP:-/tmp/lead/exp}"   # a frozen copy of the checkout (rebuilds elsewhere do not touch it)
mkdir -p /tmp/vec
[ -f /tmp/vec/ft100.vec ] || {
  /usr/bin/python3 ../shared/peer/ft_corpus.py ../shared/data/conll2002-es/esp.train ../shared/data/raw-es/*.txt > /tmp/vec/ft_corpus.txt
  fasttext skipgram -input /tmp/vec/ft_corpus.txt -output /tmp/vec/ft100 -dim 100 -epoch 5 -minCount 2 -thread 2
}
# (it ran with this loop written out here; the same loop now lives in bench/train/vs-peer-seeds.sh)
export EXP=${EXP:-/tmp/lead/exp}
OUT=/tmp/lead/vec exec bash bench/train/vs-peer-seeds.sh --vectors /tmp/vec/ft100.vec
