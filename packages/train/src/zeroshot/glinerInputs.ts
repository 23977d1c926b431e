/**
 * GLiNER's pre-processing (urchade/GLiNER, span mode): the prompt `<<ENT>> label <<ENT>> label ...
 * <<SEP>> word word ...` as subword ids between [CLS] and [SEP], `words_mask` giving each text word's
 * first piece its 1-based word number, and every span of up to `maxWidth` words as (start, end)
 * word indices with a mask for the spans that end past the text. Batched and padded.
 */

export interface GlinerSpecialIds {
  cls: number;
  sep: number;
  pad: number;
  /** `<<ENT>>` before each label. */
  ent: number;
  /** `<<SEP>>` between the labels and the text. */
  entSep: number;
}

export interface GlinerBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  wordsMask: BigInt64Array;
  textLengths: BigInt64Array;
  spanIdx: BigInt64Array;
  spanMask: Uint8Array;
  /** [batch, pieces] */
  seq: number;
  /** Spans per text: maxWords * maxWidth. */
  spans: number;
  batch: number;
  /** Words of each text actually given to the model (long texts are cut at the piece budget). */
  kept: number[];
}

/**
 * Builds the model inputs for `texts` (each a list of words) and `labels` (as text, e.g. "ciudad").
 * `pieces(word)` gives a word's subword ids. At most `maxPieces` pieces per row: the words that do
 * not fit are left out (and `kept` says how many were used).
 */
export function glinerBatch(
  texts: readonly (readonly string[])[], labels: readonly string[], pieces: (word: string) => number[],
  ids: GlinerSpecialIds, maxWidth: number, maxPieces = 384,
): GlinerBatch {
  const prompt: number[] = [ids.cls];
  for (const l of labels) {
    prompt.push(ids.ent);
    for (const w of l.split(/\s+/).filter(Boolean)) prompt.push(...pieces(w));
  }
  prompt.push(ids.entSep);
  const rows = texts.map((words) => {
    const row = [...prompt];
    const mask = row.map(() => 0);
    let kept = 0;
    for (const w of words) {
      const p = pieces(w);
      if (row.length + p.length + 1 > maxPieces) break;
      kept++;
      p.forEach((id, k) => { row.push(id); mask.push(k === 0 ? kept : 0); });
    }
    row.push(ids.sep);
    mask.push(0);
    return { row, mask, kept };
  });
  const batch = texts.length;
  const seq = Math.max(...rows.map((r) => r.row.length));
  const maxWords = Math.max(1, ...rows.map((r) => r.kept));
  const spans = maxWords * maxWidth;
  const out: GlinerBatch = {
    inputIds: new BigInt64Array(batch * seq).fill(BigInt(ids.pad)), attentionMask: new BigInt64Array(batch * seq),
    wordsMask: new BigInt64Array(batch * seq), textLengths: new BigInt64Array(batch),
    spanIdx: new BigInt64Array(batch * spans * 2), spanMask: new Uint8Array(batch * spans),
    seq, spans, batch, kept: rows.map((r) => r.kept),
  };
  rows.forEach(({ row, mask, kept }, b) => {
    row.forEach((id, t) => {
      out.inputIds[b * seq + t] = BigInt(id);
      out.attentionMask[b * seq + t] = 1n;
      out.wordsMask[b * seq + t] = BigInt(mask[t]!);
    });
    out.textLengths[b] = BigInt(kept);
    for (let i = 0; i < maxWords; i++) {
      for (let k = 0; k < maxWidth; k++) {
        const s = b * spans + i * maxWidth + k;
        // Spans past the text point at word 0 (a valid index) and are masked out.
        const valid = i + k < kept;
        out.spanIdx[2 * s] = BigInt(valid ? i : 0);
        out.spanIdx[2 * s + 1] = BigInt(valid ? i + k : 0);
        out.spanMask[s] = valid ? 1 : 0;
      }
    }
  });
  return out;
}
