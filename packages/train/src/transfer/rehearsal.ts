import { tokensFromWords, type Example } from '@nerflow/corpus';
import { Rng } from '../tf/rng.js';
import type { NerModel } from '../model/nerModel.js';
import { rawTextFiles, readRawSentences } from '../pretrain/rawText.js';

export interface RehearsalOptions {
  /** How many pseudo-labelled sentences to make. */
  count: number;
  seed: number;
  /** Read at most this many words of the raw text (a seeded sample is drawn from them). */
  maxWords?: number;
  /**
   * Lower-cased texts the user marked with a new label ("instagram" as PLATAFORMA). A base
   * prediction that is one of them, or holds one as whole words, is dropped: rehearsing
   * "Instagram" as ORG would teach the opposite of the user's answer. Its tokens are then O for
   * the old labels and unknown for the new ones.
   */
  protect?: Set<string>;
}

/** The lower-cased texts of the spans of `labels` in `examples` (what rehearsal must not contradict). */
export function protectedTexts(examples: { text: string; spans?: { start: number; end: number; label: string }[] }[], labels: string[]): Set<string> {
  const want = new Set(labels);
  const out = new Set<string>();
  for (const ex of examples) {
    const chars = [...ex.text];
    for (const s of ex.spans ?? []) if (want.has(s.label)) out.add(chars.slice(s.start, s.end).join('').replace(/\s+/g, ' ').trim().toLowerCase());
  }
  return out;
}

function contradicts(words: string[], protect: Set<string>): boolean {
  const lower = words.map((w) => w.toLowerCase());
  for (let i = 0; i < lower.length; i++) {
    let text = '';
    for (let j = i; j < lower.length; j++) {
      text = j === i ? lower[i]! : `${text} ${lower[j]}`;
      if (protect.has(text)) return true;
    }
  }
  return false;
}

/**
 * Rehearsal examples against catastrophic forgetting (spaCy's `rehearse`, "pseudo-rehearsal"): the
 * BASE model, before any update, labels sentences of the user's raw text with its old types; mixed
 * into training, they keep pulling the model towards its old predictions while it learns new types.
 * Sentences are a seeded uniform sample (reservoir) of the raw text, so runs repeat. Each example is
 * marked `_rehearsal: true`; it is complete for the old labels only (see `openLabelEvidence`).
 */
export async function rehearsalExamples(base: NerModel, inputs: string[], o: RehearsalOptions): Promise<Example[]> {
  if (o.count <= 0) return [];
  const rng = new Rng(o.seed + 31337);
  const sample: string[][] = [];
  let seen = 0;
  for await (const words of readRawSentences(rawTextFiles(inputs), { maxWords: o.maxWords ?? 2_000_000 })) {
    seen++;
    if (sample.length < o.count) sample.push(words);
    else {
      const j = rng.int(seen);
      if (j < o.count) sample[j] = words;
    }
  }
  const out: Example[] = [];
  for (let at = 0; at < sample.length; at += 200) {
    const chunk = sample.slice(at, at + 200).map((words) => ({ words }));
    const decoded = base.decode(chunk, { scores: false });
    chunk.forEach((d, i) => {
      const { text, tokens } = tokensFromWords(d.words);
      const spans = decoded[i]!.spans.filter((s) => !o.protect?.size || !contradicts(d.words.slice(s.tokenStart, s.tokenEnd + 1), o.protect)).map((s) => ({
        start: tokens[s.tokenStart]!.start, end: tokens[s.tokenEnd]!.end, token_start: s.tokenStart, token_end: s.tokenEnd, label: s.label,
      }));
      out.push({ text, tokens, spans, _rehearsal: true } as Example);
    });
  }
  return out;
}
