#!/bin/sh
# issue 14 #3 figure run (bench/train/results/2026-12-03/tagging.log): after = this checkout; before =
# a worktree at 10bd8eb (the commit before this work) with its own native build, tagging the same model folder
# The before worktree was made with: git worktree add --detach /tmp/c/before 10bd8eb; a node_modules
# of symlinks to this checkout's, except @nerflow/* -> the worktree's packages; corpus, core and store
# dist copied from this checkout; packages/native built there (node scripts/build.mjs, tsc) and
# packages/train compiled there (tsc -p tsconfig.build.json). Run under the lock:
#   flock /tmp/cpu.lock sh bench/train/results/2026-12-03/tagging-run.sh
cd /work/main
R=bench/train/results/2026-12-03
D=/work/shared/data/conll2002-es
A=$(git rev-parse --short HEAD)
step() { echo "## $1 ($(date -u +%H:%M:%S), git $2)"; uptime; }
after() { nice -n 10 node bench/train/tagging.mjs "$@"; uptime; }
before() { (cd /tmp/c/before && nice -n 10 node bench/train/tagging.mjs --data $D --peer /work/shared/peer "$@"); uptime; }
after0() { NERFLOW_NATIVE=0 nice -n 10 node bench/train/tagging.mjs "$@"; uptime; }
before0() { (cd /tmp/c/before && NERFLOW_NATIVE=0 nice -n 10 node bench/train/tagging.mjs --data $D --peer /work/shared/peer "$@"); uptime; }
{
step "after: both halves (the issue figure), both trained 1 epoch now, 2 threads" $A; after --out /tmp/c/tagging --retrain
step "before, 2 threads (its bench: worker caches stay warm between passes)" 10bd8eb; before --only nerflow --out /tmp/c/tagging
step "after, 1 thread" $A; after --only nerflow --out /tmp/c/tagging --threads 1
step "before, 1 thread (same method on both: the one thread's cache cleared each pass)" 10bd8eb; before --only nerflow --out /tmp/c/tagging --threads 1
step "peer again, 2 threads" -; after --only peer --out /tmp/c/tagging
step "after again, 2 threads" $A; after --only nerflow --out /tmp/c/tagging
step "after, pure-npm path (NERFLOW_NATIVE=0), 1 thread" $A; after0 --only nerflow --out /tmp/c/tagging --threads 1
step "before, pure-npm path (NERFLOW_NATIVE=0), 1 thread" 10bd8eb; before0 --only nerflow --out /tmp/c/tagging --threads 1
echo "## done $(date -u +%H:%M:%S)"; uptime
} 2>&1 | tee $R/tagging.log
