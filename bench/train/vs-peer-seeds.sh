#!/usr/bin/env bash
# nerflow then the peer for each seed (bench/train/vs-peer.mjs, nice -n 10, uptime around each run), then the summary of all
# seeds, from a frozen copy of the checkout so that edits elsewhere cannot change the code under the bench.
# Usage: EXP=COPY OUT=DIR SEEDS='1 2' SEEDS_ALL=1,2 bash bench/train/vs-peer-seeds.sh [more vs-peer.mjs flags, e.g. --vectors V]
set -euo pipefail
cd "${EXP:?a built copy of the checkout}"
F="--max-epochs 20 --patience 3 --threads 2 --out ${OUT:?a results folder} $*"
git log --oneline -1
for seed in ${SEEDS:-1}; do
  uptime
  nice -n 10 node bench/train/vs-peer.mjs $F --only nerflow --seeds $seed
  uptime
  nice -n 10 node bench/train/vs-peer.mjs $F --only peer --seeds $seed
done
uptime
node bench/train/vs-peer.mjs $F --seeds ${SEEDS_ALL:-1} --summary
