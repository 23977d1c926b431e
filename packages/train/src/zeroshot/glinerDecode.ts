/** A span GLiNER found: word indices (end inclusive), the label's index and the probability. */
export interface GlinerSpan {
  start: number;
  end: number;
  label: number;
  score: number;
}

/**
 * GLiNER's post-processing (flat NER): sigmoid of the logits `[words, maxWidth, classes]` of one
 * text, every span above `threshold` that ends inside the text, then greedily the most probable
 * spans that do not overlap one already taken.
 */
export function decodeGlinerSpans(
  logits: Float32Array, offset: number, words: number, maxWidth: number, classes: number, textLength: number, threshold = 0.5,
): GlinerSpan[] {
  const found: GlinerSpan[] = [];
  for (let i = 0; i < Math.min(words, textLength); i++) {
    for (let k = 0; k < maxWidth && i + k < textLength; k++) {
      for (let c = 0; c < classes; c++) {
        const p = 1 / (1 + Math.exp(-logits[offset + (i * maxWidth + k) * classes + c]!));
        if (p > threshold) found.push({ start: i, end: i + k, label: c, score: p });
      }
    }
  }
  found.sort((a, b) => b.score - a.score || a.start - b.start);
  const taken: GlinerSpan[] = [];
  for (const s of found) if (!taken.some((t) => s.start <= t.end && t.start <= s.end)) taken.push(s);
  return taken.sort((a, b) => a.start - b.start);
}
