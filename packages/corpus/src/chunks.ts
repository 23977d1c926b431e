import { CorpusErrors, NerError } from './errors.js';
import type { Chunk } from './tags.js';

/**
 * THE chunker: entity chunks (`Chunk`, tags.ts) from per-token tags, with the exact semantics of
 * the scorers the field uses. Eval scores with it, `tagsToChunks` reads leniently with it, and the
 * NER model decodes its tag paths with it, so all three agree on what an entity is:
 * - `default`: seqeval's default mode (`get_entities`), which is conlleval's chunk rules: an `I-X`
 *   after `O` or after another type starts a chunk, `B-` always starts one, a type change ends one.
 *   BILUO tags (`L-`, `U-`) are read as their IOBES twins (`E-`, `S-`), which seqeval handles.
 * - `strict`: seqeval's strict mode (`mode='strict'` with a scheme): only well-formed chunks count
 *   (in IOB2, an `I-X` with no `B-X` before it is no entity at all), and a tag the scheme does not
 *   allow is an error.
 */

export type ChunkMode = 'default' | 'strict';
export type StrictScheme = 'IOB2' | 'IOBES' | 'BILOU';

export interface ChunkOptions {
  mode?: ChunkMode;
  /** Scheme for strict mode; 'auto' picks BILOU if any L-/U- tag, IOBES if any E-/S-, else IOB2. */
  scheme?: StrictScheme | 'auto';
}

/** Extracts the chunks of one sentence's tags. */
export function getChunks(tags: readonly string[], options: ChunkOptions = {}): Chunk[] {
  if (options.mode === 'strict') return strictChunks(tags, resolveScheme(tags, options.scheme ?? 'auto'));
  return defaultChunks(tags);
}

/** Picks the strict scheme from the tags themselves (used when `scheme` is 'auto'). */
export function resolveScheme(tags: readonly string[], scheme: StrictScheme | 'auto'): StrictScheme {
  if (scheme !== 'auto') return scheme;
  let iobes = false;
  for (const t of tags) {
    const p = t[0];
    if (p === 'L' || p === 'U') return 'BILOU';
    if (p === 'E' || p === 'S') iobes = true;
  }
  return iobes ? 'IOBES' : 'IOB2';
}

/** seqeval's split: prefix is the first character, type what follows the first '-' ('_' if none). */
function splitDefault(tag: string): [string, string] {
  let prefix = tag[0] ?? 'O';
  if (prefix === 'L') prefix = 'E';
  else if (prefix === 'U') prefix = 'S';
  const rest = tag.slice(1);
  const dash = rest.indexOf('-');
  const type = (dash === -1 ? rest : rest.slice(dash + 1)) || '_';
  return [prefix, type];
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

function defaultChunks(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const [tag, type] = i < tags.length ? splitDefault(tags[i]!) : ['O', '_'];
    if (endOfChunk(prevTag, tag, prevType, type)) chunks.push({ label: prevType, start: begin, end: i });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return chunks;
}

// ---- strict mode: seqeval.scheme.Tokens, pattern tables copied from its IOB2/IOBES/BILOU classes ----

type Same = 'same' | 'diff' | 'any';
/** [previous prefix ('*' = any), this prefix ('*' = any), type relation]. */
type Pattern = readonly [string, string, Same];

interface SchemeTable {
  allowed: string;
  start: readonly Pattern[];
  inside: readonly Pattern[];
  end: readonly Pattern[];
}

const SCHEMES: Record<StrictScheme, SchemeTable> = {
  IOB2: {
    allowed: 'IOB',
    start: [['*', 'B', 'any']],
    inside: [['B', 'I', 'same'], ['I', 'I', 'same']],
    end: [['I', 'O', 'any'], ['I', 'I', 'diff'], ['I', 'B', 'any'], ['B', 'O', 'any'], ['B', 'I', 'diff'], ['B', 'B', 'any']],
  },
  IOBES: {
    allowed: 'IOBES',
    start: [['*', 'B', 'any'], ['*', 'S', 'any']],
    inside: [['B', 'I', 'same'], ['B', 'E', 'same'], ['I', 'I', 'same'], ['I', 'E', 'same']],
    end: [['S', '*', 'any'], ['E', '*', 'any']],
  },
  BILOU: {
    allowed: 'BILOU',
    start: [['*', 'B', 'any'], ['*', 'U', 'any']],
    inside: [['B', 'I', 'same'], ['B', 'L', 'same'], ['I', 'I', 'same'], ['I', 'L', 'same']],
    end: [['U', '*', 'any'], ['L', '*', 'any']],
  },
};

interface STok { prefix: string; type: string }

function matches(prev: STok, cur: STok, patterns: readonly Pattern[]): boolean {
  const same = prev.type === cur.type;
  return patterns.some(([p, c, s]) =>
    (p === '*' || p === prev.prefix) && (c === '*' || c === cur.prefix) && (s === 'any' || (s === 'same') === same));
}

function strictChunks(tags: readonly string[], scheme: StrictScheme): Chunk[] {
  const table = SCHEMES[scheme];
  const outside: STok = { prefix: 'O', type: '_' };
  const toks: STok[] = tags.map((tag, i) => {
    const prefix = tag[0] ?? '';
    if (!table.allowed.includes(prefix) || prefix === '') {
      throw new NerError(CorpusErrors.BAD_TAG, `Tag "${tag}" at token ${i} is not valid in the ${scheme} scheme (strict mode).`, {
        hint: `Strict ${scheme} allows the prefixes ${[...table.allowed].join(', ')}; pass the right scheme or drop --strict.`,
      });
    }
    const type = tag.slice(1).replace(/^-+|-+$/g, '') || '_';
    return { prefix, type };
  });
  const ext = [...toks, outside];
  const chunks: Chunk[] = [];
  let i = 0;
  let prev = outside;
  while (i < ext.length) {
    const tok = ext[i]!;
    if (matches(prev, tok, table.start)) {
      let end = i + 1;
      let p = tok;
      while (end < ext.length && matches(p, ext[end]!, table.inside)) p = ext[end++]!;
      // `end` always < ext.length: the sentinel O is never "inside".
      if (matches(ext[end - 1]!, ext[end]!, table.end)) chunks.push({ label: tok.type, start: i, end });
      i = end;
    } else {
      i++;
    }
    prev = ext[i - 1]!;
  }
  return chunks;
}
