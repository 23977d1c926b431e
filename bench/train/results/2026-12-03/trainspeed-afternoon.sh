#!/bin/sh
# 1) before (HEAD's train + native, other helpers' uncommitted edits included) vs after, alternating, 2000 sentences, 1 epoch, 2 threads
# 2) after with a larger young generation; 3) the short vs-peer run (3 epochs each)
cd /work/main
OLD=/tmp/c/old/packages/train/dist/index.js
echo "uptime $(uptime)"
for i in 1 2; do
  node bench/train/epoch.mjs --sample 2000 --threads 2 --train-dist $OLD --out /tmp/c/e-old
  node bench/train/epoch.mjs --sample 2000 --threads 2 --out /tmp/c/e-new
done
node --max-semi-space-size=32 bench/train/epoch.mjs --sample 2000 --threads 2 --out /tmp/c/e-new
echo "uptime $(uptime)"
rm -rf /tmp/c/vsp
node bench/train/vs-peer.mjs --max-epochs 3 --patience 3 --threads 2 --seeds 1 --out /tmp/c/vsp
echo "uptime $(uptime)"
