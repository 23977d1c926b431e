#!/usr/bin/env bash
# Issue 14 ablation: do fastText subword vectors for words the .vec file lacks help nerflow? Writes a .vec
# with every row of VEC plus, for each word of TRAIN and DEV (CoNLL columns; lowercased, digits -> 0, the
# key ft_corpus.py builds) that VEC lacks, the vector fastText composes from its character n-grams
# (`fasttext print-word-vectors BIN`: what a subword-aware lookup would give at run time, computed ahead).
# Usage: bash bench/train/subword-vectors.sh VEC BIN TRAIN DEV OUT.vec   (needs Debian's `fasttext`)
# then:  nice -n 10 node bench/train/vs-peer.mjs --max-epochs 20 --patience 3 --vectors OUT.vec --only nerflow --seeds 1
set -euo pipefail
VEC=$1 BIN=$2 TRAIN=$3 DEV=$4 OUT=$5
TMP=$(mktemp -d)
tail -n +2 "$VEC" | cut -d' ' -f1 | sort -u > "$TMP/known"
python3 -c 'import re, sys
print("\n".join(sorted({re.sub(r"\d", "0", l.split()[0].lower()) for f in sys.argv[1:] for l in open(f, encoding="utf-8") if l.strip()})))' "$TRAIN" "$DEV" \
  | LC_ALL=C sort -u | LC_ALL=C comm -23 - <(LC_ALL=C sort -u "$TMP/known") > "$TMP/missing"
fasttext print-word-vectors "$BIN" < "$TMP/missing" > "$TMP/missing.vec"
{ tail -n +2 "$VEC"; cat "$TMP/missing.vec"; } > "$TMP/body"
{ echo "$(wc -l < "$TMP/body") $(head -1 "$VEC" | cut -d' ' -f2)"; cat "$TMP/body"; } > "$OUT"
echo "$OUT: $(wc -l < "$TMP/missing") words added to $(wc -l < "$TMP/known") (their vectors from $BIN's n-grams)" >&2
rm -r "$TMP"
