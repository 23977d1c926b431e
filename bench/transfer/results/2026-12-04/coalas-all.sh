#!/usr/bin/env bash
# Issue 21 goal "ENG >= 0.80 with all training data": COALAS ENG trained on all 8,216 train sentences, scored
# on all 2,025 dev sentences (306 ENG spans), one seed per arm, to early stopping (patience 3, at most 30 epochs):
#   scratch           nerflow train's default recipe (BiLSTM, char BiLSTM, NORM + SHAPE tables)
#   scratch-vectors   the same with 100-d fastText vectors from esp.train + raw-es (VEC; width 200 by default)
#   base              --base es-base --rehearsal on the train text (old types frozen, the default)
#   base-dropout05    the same with --dropout 0.5 (the fresh BiLSTM recipe's rate; --base keeps 0.1 by default)
# $C/train.jsonl, dev.jsonl and train-raw.txt as in bench/transfer/results/2026-12-03/coalas-curve.sh.
# Usage: [EXP=checkout] [C=/tmp/lead/coalas] [VEC=ft100.vec] [OUT=/tmp/lead/coalas-all] bash coalas-all.sh [ARM...]
set -euo pipefail
EXP=${EXP:-/tmp/lead/exp16} C=${C:-/tmp/lead/coalas} VEC=${VEC:-/tmp/vec/ft100.vec} OUT=${OUT:-/tmp/lead/coalas-all}
cd "$EXP"
N="node packages/cli/dist/bin.js"
COMMON=(--train "$C/train.jsonl" --dev "$C/dev.jsonl" --seed 0 --threads 2 --max-epochs 30 --patience 3 --overwrite)
for arm in "${@:-scratch scratch-vectors base}"; do
  for a in $arm; do
    echo "== $a: $(uptime)"
    case $a in
      scratch) /usr/bin/time -v $N train "${COMMON[@]}" --out "$OUT/$a" 2> "$OUT/$a.time" ;;
      scratch-vectors) /usr/bin/time -v $N train "${COMMON[@]}" --vectors "$VEC" --out "$OUT/$a" 2> "$OUT/$a.time" ;;
      base) /usr/bin/time -v $N train "${COMMON[@]}" --base es-base --rehearsal "$C/train-raw.txt" --out "$OUT/$a" 2> "$OUT/$a.time" ;;
      base-dropout05) /usr/bin/time -v $N train "${COMMON[@]}" --base es-base --rehearsal "$C/train-raw.txt" --dropout 0.5 --out "$OUT/$a" 2> "$OUT/$a.time" ;;
    esac
    grep -E "Elapsed|Maximum resident" "$OUT/$a.time"
    $N eval "$OUT/$a" "$C/dev.jsonl" --labels ENG --json "$OUT/$a.eval.json" --top-errors 0 | tail -5
    echo "== $a done: $(uptime)"
  done
done
