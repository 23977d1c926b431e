/**
 * Token-level tags <-> spans, in the two schemes nerflow uses: IOB2 (CoNLL files) and BILUO (spaCy,
 * the CRF head). `-` is spaCy's MISSING tag: the token's label is unknown (partial annotation), which
 * is not the same as `O` (known to be outside every entity).
 */
import { CorpusErrors, NerError } from './errors.js';
import type { Span, TagScheme, Token } from './types.js';
import { MISSING, OUTSIDE } from './types.js';
import { alignCharSpan } from './spans.js';
import { getChunks } from './chunks.js';

/** A chunk over token indices: `[start, end)` (end exclusive). */
export interface Chunk {
  start: number;
  end: number;
  label: string;
}

/** Splits `B-PER` into its prefix and label; `O`/`-` have no label. */
export function parseTag(tag: string): { prefix: string; label: string } {
  if (tag === OUTSIDE || tag === MISSING) return { prefix: tag, label: '' };
  const m = /^([BILUES])-(.+)$/.exec(tag);
  if (!m) throw new NerError(CorpusErrors.BAD_TAG, `'${tag}' is not a tag: expected O, - or PREFIX-LABEL (B-, I-, L-, U-, E-, S-)`);
  return { prefix: m[1]!, label: m[2]! };
}

const ALLOWED: Record<TagScheme, string> = { IOB2: 'BI', BILUO: 'BILU' };

/**
 * Chunks of a tag sequence. Strict (default) throws E_CORPUS_BAD_TAG on the first sequence the
 * scheme forbids (`I-PER` after `O`, a `B-` left open in BILUO...). Lenient reads any of IOB1, IOB2,
 * BILUO and BIOES the way conlleval does: an `I-X` that continues nothing starts an entity; a label
 * change closes the open entity.
 */
export function tagsToChunks(tags: readonly string[], scheme: TagScheme, options: { lenient?: boolean } = {}): Chunk[] {
  const lenient = options.lenient ?? false;
  // Lenient reading is conlleval's: the one chunker (chunks.ts), after the tags are checked to be
  // tags at all and missing values (`-`) are read as outside.
  if (lenient) return getChunks(tags.map((t) => (parseTag(t).prefix === MISSING ? OUTSIDE : t)));
  const chunks: Chunk[] = [];
  let open: Chunk | null = null;
  const fail = (i: number, why: string): never => {
    const context = tags.slice(Math.max(0, i - 2), i + 2).join(' ');
    throw new NerError(CorpusErrors.BAD_TAG, `Invalid ${scheme} sequence at tag ${i} '${tags[i] ?? '(end)'}': ${why} (… ${context} …)`, {
      hint: 'Fix the tags, or read them leniently (an I- that continues nothing starts a new entity).',
      detail: { index: i },
    });
  };
  const close = (end: number) => {
    if (open) { open.end = end; chunks.push(open); open = null; }
  };
  for (let i = 0; i < tags.length; i++) {
    const { prefix, label } = parseTag(tags[i]!);
    if (prefix === OUTSIDE || prefix === MISSING) {
      if (open && !lenient && scheme === 'BILUO') fail(i, `the entity opened at tag ${(open as Chunk).start} is never closed with L-`);
      close(i);
      continue;
    }
    if (!lenient && !ALLOWED[scheme].includes(prefix)) fail(i, `prefix ${prefix}- is not part of ${scheme}`);
    const continues = open !== null && (open as Chunk).label === label;
    if (prefix === 'B' || prefix === 'U' || prefix === 'S') {
      if (open && !lenient && scheme === 'BILUO') fail(i, `the entity opened at tag ${(open as Chunk).start} is never closed with L-`);
      close(i);
      open = { start: i, end: i + 1, label };
      if (prefix !== 'B') close(i + 1);
    } else {
      // I, L, E: continue the open entity of the same label.
      if (!continues) {
        if (!lenient) fail(i, open ? `it continues a ${(open as Chunk).label} entity with label ${label}` : 'it continues no entity');
        close(i);
        open = { start: i, end: i + 1, label };
      }
      if (prefix === 'L' || prefix === 'E') close(i + 1);
    }
  }
  if (open && !lenient && scheme === 'BILUO') fail(tags.length, `the entity opened at tag ${(open as Chunk).start} is never closed with L-`);
  close(tags.length);
  return chunks;
}

/** A span as `spansToTags` needs it: token indices are optional (aligned strictly from offsets when absent). */
export interface LabelledSpan {
  start: number;
  end: number;
  label: string;
  token_start?: number;
  token_end?: number;
}

/** Renders chunks as `length` tags; tokens in no chunk get `fill` (`O`, or `-` for missing). */
export function chunksToTags(chunks: readonly Chunk[], length: number, scheme: TagScheme, fill: string = OUTSIDE): string[] {
  const tags = new Array<string>(length).fill(fill);
  for (const c of chunks) {
    // Checked first: a span past the last token would otherwise look like an overlap there.
    if (c.start < 0 || c.end > length || c.start >= c.end) {
      throw new NerError(CorpusErrors.SPAN_OUT_OF_RANGE, `A ${c.label} span covers tokens ${c.start}..${c.end - 1}, outside the ${length} tokens of the text`, {
        hint: 'Fix its token_start/token_end (token_end is inclusive) or its offsets: `nerflow validate FILE` lists every such span.',
      });
    }
    for (let i = c.start; i < c.end; i++) {
      if (tags[i] !== fill) {
        throw new NerError(CorpusErrors.SPAN_OVERLAP, `Two spans overlap at token ${i} (one labelled ${c.label}): tags cannot express overlapping spans`, {
          hint: 'Remove one of the overlapping spans (see findOverlaps).',
        });
      }
      const single = c.end - c.start === 1;
      if (scheme === 'IOB2') tags[i] = `${i === c.start ? 'B' : 'I'}-${c.label}`;
      else tags[i] = `${single ? 'U' : i === c.start ? 'B' : i === c.end - 1 ? 'L' : 'I'}-${c.label}`;
    }
  }
  return tags;
}

/**
 * Tags for `tokens` from labelled spans (spaCy's `offsets_to_biluo_tags`). Spans without token
 * indices are aligned strictly from their character offsets. With `missing: true` (partial
 * annotations) tokens outside every span get `-` (unknown) instead of `O`.
 */
export function spansToTags(
  tokens: readonly Token[], spans: readonly LabelledSpan[], scheme: TagScheme, options: { missing?: boolean } = {},
): string[] {
  const chunks = spans.map((s): Chunk => {
    const ts = s.token_start;
    const te = s.token_end;
    if (typeof ts === 'number' && typeof te === 'number') return { start: ts, end: te + 1, label: s.label };
    const a = alignCharSpan(tokens, s.start, s.end, { mode: 'strict' });
    return { start: a.token_start, end: a.token_end + 1, label: s.label };
  });
  return chunksToTags(chunks, tokens.length, scheme, options.missing ? MISSING : OUTSIDE);
}

/**
 * Spans (with token and code-point offsets) from one tag per token. Strict by default: an invalid
 * sequence throws E_CORPUS_BAD_TAG naming the tag; `lenient` reads it as conlleval does.
 */
export function tagsToSpans(tokens: readonly Token[], tags: readonly string[], scheme: TagScheme, options: { lenient?: boolean } = {}): Span[] {
  if (tags.length !== tokens.length) {
    throw new NerError(CorpusErrors.BAD_TAG, `${tags.length} tags for ${tokens.length} tokens`, { hint: 'Give exactly one tag per token.' });
  }
  return tagsToChunks(tags, scheme, options).map((c) => ({
    start: tokens[c.start]!.start, end: tokens[c.end - 1]!.end, token_start: c.start, token_end: c.end - 1, label: c.label,
  }));
}

/** BILUO tags -> IOB2 tags (`-` stays `-`). */
export function biluoToIob(tags: readonly string[], options: { lenient?: boolean } = {}): string[] {
  return convertScheme(tags, 'BILUO', 'IOB2', options.lenient);
}

/** IOB2 tags -> BILUO tags (`-` stays `-`). */
export function iobToBiluo(tags: readonly string[], options: { lenient?: boolean } = {}): string[] {
  return convertScheme(tags, 'IOB2', 'BILUO', options.lenient);
}

function convertScheme(tags: readonly string[], from: TagScheme, to: TagScheme, lenient = false): string[] {
  const out = chunksToTags(tagsToChunks(tags, from, { lenient }), tags.length, to);
  tags.forEach((t, i) => { if (t === MISSING) out[i] = MISSING; });
  return out;
}

/** Every tag of a scheme over `labels`: `O` first, then per label B, I (and L, U for BILUO). */
export function tagsFor(labels: readonly string[], scheme: TagScheme): string[] {
  const prefixes = scheme === 'IOB2' ? ['B', 'I'] : ['B', 'I', 'L', 'U'];
  return [OUTSIDE, ...labels.flatMap((l) => prefixes.map((p) => `${p}-${l}`))];
}

/**
 * Whether `next` may follow `prev` in a well-formed sequence (for constrained CRF decoding).
 * `null` stands for the sequence boundary: `prev = null` asks whether `next` may start a sequence,
 * `next = null` whether `prev` may end one.
 */
export function isValidTransition(prev: string | null, next: string | null, scheme: TagScheme): boolean {
  const p = prev === null ? null : parseTag(prev);
  const n = next === null ? null : parseTag(next);
  if (p && p.prefix !== OUTSIDE && p.prefix !== MISSING && !ALLOWED[scheme].includes(p.prefix)) return false;
  if (n && n.prefix !== OUTSIDE && n.prefix !== MISSING && !ALLOWED[scheme].includes(n.prefix)) return false;
  // Is an entity open after prev (so next must continue it)?
  const openAfterPrev = p !== null && (scheme === 'IOB2' ? false : p.prefix === 'B' || p.prefix === 'I');
  const continuesInto = n !== null && (n.prefix === 'I' || n.prefix === 'L');
  if (scheme === 'IOB2') {
    if (!continuesInto) return true;
    return p !== null && (p.prefix === 'B' || p.prefix === 'I') && p.label === n!.label;
  }
  if (openAfterPrev) return continuesInto && p!.label === n!.label;
  return !continuesInto;
}
