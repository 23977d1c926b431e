#!/usr/bin/env bash
# Issue 14: the default recipe from scratch vs the peer, one script, after this session's native
# kernels (prediction-only BiLSTM, vectorised gate loops, packed matrix product): seed 1.
set -euo pipefail
cd /tmp/lead/exp2   # a frozen copy of the checkout at 3788886, native addon rebuilt there
F="--max-epochs 20 --patience 3 --threads 2 --out /tmp/lead/s1"
uptime
nice -n 10 node bench/train/vs-peer.mjs $F --only nerflow --seeds 1
uptime
nice -n 10 node bench/train/vs-peer.mjs $F --only peer --seeds 1
uptime
node bench/train/vs-peer.mjs $F --seeds 1 --summary
