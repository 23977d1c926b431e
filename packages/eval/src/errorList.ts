import type { Chunk } from '@nerflow/corpus';
import type { ScoredPair } from './score.js';
import { chunkKey } from '@nerflow/corpus';
import type { TaggedSentence } from './sentence.js';

/**
 * What went wrong with one entity, in the terms people use for NER error analysis:
 * missed (gold, nothing overlapping predicted), spurious (predicted, nothing overlapping in gold),
 * type (same tokens, wrong label), boundary (overlap, right label, wrong extent), boundary+type,
 * and taken: a gold entity of a scored label whose tokens the model gave to a label that is not
 * scored (`--labels PLATAFORMA`: "Instagram" predicted ORG by a model that also knows the base's
 * old types): the conflict between old and new types, shown as "taken by ORG".
 */
export type ErrorKind = 'missed' | 'spurious' | 'type' | 'boundary' | 'boundary+type' | 'taken';
export const ERROR_KINDS: readonly ErrorKind[] = ['missed', 'spurious', 'type', 'boundary', 'boundary+type', 'taken'];

export interface EntityRef {
  label: string;
  /** First token (inclusive) and last token (inclusive), as a corpus Span's token_start/token_end. */
  token_start: number;
  token_end: number;
  text: string;
}

export interface ErrorItem {
  kind: ErrorKind;
  /** The label the error is filed under: the gold label, or the predicted one for spurious. */
  label: string;
  /** 0-based index of the sentence in the gold file, and where it is. */
  sentence: number;
  where: string;
  gold?: EntityRef;
  pred?: EntityRef;
  /** For `taken`: the unscored label the model gave the gold entity's tokens. */
  takenBy?: string;
  /** Plain text around the entity (untrusted: escape it wherever it is shown). */
  left: string;
  focus: string;
  right: string;
}

const CONTEXT_TOKENS = 8;

/** How an error kind reads in tables: `taken by PER` names the label that took the entity. */
export function kindName(e: { kind: ErrorKind; takenBy?: string }): string {
  return e.kind === 'taken' ? `taken by ${e.takenBy ?? '?'}` : e.kind;
}

/**
 * Lists every false positive and false negative with its kind and context, in corpus order.
 * `unscored[i]`: the chunks of sentence i's prediction with labels that are not scored (removed
 * by `--labels`); a missed gold entity overlapping one of them is `taken` by that label.
 */
export function listErrors(pairs: readonly ScoredPair[], unscored?: readonly Chunk[][]): ErrorItem[] {
  const out: ErrorItem[] = [];
  pairs.forEach((pair, s) => {
    const goldKeys = new Set(pair.goldChunks.map(chunkKey));
    const predKeys = new Set(pair.predChunks.map(chunkKey));
    const fn = pair.goldChunks.filter((g) => !predKeys.has(chunkKey(g)));
    const fp = pair.predChunks.filter((p) => !goldKeys.has(chunkKey(p)));
    const paired = new Set<Chunk>();
    const item = (kind: ErrorKind, g: Chunk | undefined, p: Chunk | undefined): ErrorItem => {
      const from = Math.min(g?.start ?? Infinity, p?.start ?? Infinity);
      const to = Math.max(g?.end ?? -Infinity, p?.end ?? -Infinity);
      return {
        kind, label: (g ?? p)!.label, sentence: s, where: pair.gold.where,
        gold: g && ref(pair.gold, g), pred: p && ref(pair.gold, p),
        left: join(pair.gold, Math.max(0, from - CONTEXT_TOKENS), from),
        focus: join(pair.gold, from, to),
        right: join(pair.gold, to, Math.min(pair.gold.tokens.length, to + CONTEXT_TOKENS)),
      };
    };
    for (const p of fp) {
      // Prefer a gold entity on the same tokens (a pure type error), then any overlapping one.
      const g = fn.find((c) => c.start === p.start && c.end === p.end)
        ?? fn.find((c) => c.start < p.end && p.start < c.end);
      if (!g) { out.push(item('spurious', undefined, p)); continue; }
      paired.add(g);
      const sameSpan = g.start === p.start && g.end === p.end;
      out.push(item(sameSpan ? 'type' : g.label === p.label ? 'boundary' : 'boundary+type', g, p));
    }
    for (const g of fn) {
      if (paired.has(g)) continue;
      // Prefer an unscored prediction on the same tokens, then any overlapping one.
      const other = unscored?.[s] ?? [];
      const t = other.find((c) => c.start === g.start && c.end === g.end) ?? other.find((c) => c.start < g.end && g.start < c.end);
      out.push(t ? { ...item('taken', g, t), takenBy: t.label } : item('missed', g, undefined));
    }
  });
  return out;
}

export interface ErrorGroup {
  label: string;
  kind: ErrorKind;
  /** For `taken`: the label that took them (one group per taker). */
  takenBy?: string;
  count: number;
  /** The most frequent entity texts in this group, with counts (what to fix first). */
  top: { text: string; count: number }[];
  items: ErrorItem[];
}

/** Groups errors by label and kind, biggest groups first. */
export function groupErrors(errors: readonly ErrorItem[], topN = 5): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of errors) {
    const k = `${e.label}\u0000${e.kind}\u0000${e.takenBy ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { label: e.label, kind: e.kind, ...(e.takenBy ? { takenBy: e.takenBy } : {}), count: 0, top: [], items: [] }));
    g.count++;
    g.items.push(e);
  }
  for (const g of groups.values()) {
    const freq = new Map<string, number>();
    for (const e of g.items) {
      const t = (e.gold ?? e.pred)!.text;
      freq.set(t, (freq.get(t) ?? 0) + 1);
    }
    g.top = [...freq].map(([text, count]) => ({ text, count }))
      .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1)).slice(0, topN);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
    || ERROR_KINDS.indexOf(a.kind) - ERROR_KINDS.indexOf(b.kind));
}

function ref(sent: TaggedSentence, c: Chunk): EntityRef {
  return { label: c.label, token_start: c.start, token_end: c.end - 1, text: join(sent, c.start, c.end) };
}

/** Tokens [from, to) as text, with the original spacing when offsets are known. */
function join(sent: TaggedSentence, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) {
    s += sent.tokens[i];
    if (i < to - 1) s += !sent.offsets || sent.offsets[i + 1]!.start > sent.offsets[i]!.end ? ' ' : '';
  }
  return s;
}
