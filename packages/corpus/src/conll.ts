/**
 * CoNLL / IOB column files <-> examples. Reads `TOKEN [...] TAG` lines (space- or tab-separated,
 * blank line between sentences, `-DOCSTART-` skipped) and the `INDEX TOKEN TAG` form (WikiNEuRal),
 * streaming. The raw tags are kept in `_conll_tags` whenever the spans alone would not give them
 * back (invalid IOB such as an I- after O, or another scheme), so CoNLL -> JSONL -> CoNLL is exact.
 */
import type { Readable, Writable } from 'node:stream';
import { CorpusErrors, NerError } from './errors.js';
import { withHashes } from './hash.js';
import { chunksToTags, parseTag, spansToTags, tagsToChunks } from './tags.js';
import { openText, textLines, TextWriter } from './text-lines.js';
import { tokensFromWords } from './tokenizer.js';
import type { Example, TagScheme } from './types.js';
import { OUTSIDE } from './types.js';

/** Label renames applied while reading; mapping a label to `O` (or '') removes its entities. */
export type LabelMap = Record<string, string>;

export interface ReadConllOptions {
  labelMap?: LabelMap;
  /** Throw on tag sequences invalid in IOB2 instead of reading them as conlleval does (default false). */
  strict?: boolean;
  /** Add `_input_hash`/`_task_hash` (default true). */
  hashes?: boolean;
  /** Stream to read when the path is '-'. */
  stdin?: Readable;
}

/** An example read from CoNLL: always tokenized, with the raw tags when they differ from the spans'. */
export interface ConllExample extends Example {
  _conll_tags?: string[];
}

/** Parses `DATE=O,NUM=O,PERS=PER` (the CLI's `--label-map`). */
export function parseLabelMap(spec: string): LabelMap {
  const map: LabelMap = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.*)$/.exec(part);
    if (!m) throw new NerError('E_CORPUS_LABEL_MAP', `'${part}' is not FROM=TO`, { hint: 'Write the map as FROM=TO pairs, e.g. DATE=O,NUM=O.' });
    map[m[1]!.trim()] = m[2]!.trim();
  }
  return map;
}

function mapTag(tag: string, labelMap: LabelMap | undefined): string {
  if (!labelMap) return tag;
  const { prefix, label } = parseTag(tag);
  if (!label || !(label in labelMap)) return tag;
  const to = labelMap[label]!;
  return to === '' || to === OUTSIDE ? OUTSIDE : `${prefix}-${to}`;
}

/** One sentence's lines, as read (before conversion). */
interface RawSentence {
  words: string[];
  tags: string[];
  firstLine: number;
}

/** Splits a column line: on tabs when it has any (tokens may then hold spaces), else on spaces. */
function columns(text: string): string[] {
  return text.includes('\t') ? text.split('\t').map((c) => c.trim()) : text.trim().split(/\s+/);
}

/** True when the first column numbers the lines of the sentence (0- or 1-based): `INDEX TOKEN TAG`. */
function isIndexed(rows: string[][]): boolean {
  if (rows.length === 0 || rows.some((r) => r.length < 3)) return false;
  const base = Number(rows[0]![0]);
  return (base === 0 || base === 1) && rows.every((r, i) => r[0] === String(base + i));
}

async function* rawSentences(path: string, options: ReadConllOptions): AsyncGenerator<RawSentence> {
  const file = path === '-' ? '<stdin>' : path;
  let rows: string[][] = [];
  let firstLine = 0;
  let indexed: boolean | null = null; // decided once, on the first sentence
  const flush = (): RawSentence | null => {
    if (rows.length === 0) return null;
    indexed ??= isIndexed(rows);
    const col = indexed ? 1 : 0;
    const s = { words: rows.map((r) => r[col]!), tags: rows.map((r) => r[r.length - 1]!), firstLine };
    rows = [];
    return s;
  };
  for await (const { text, line } of textLines(openText(path, options.stdin), file)) {
    if (text.trim() === '' || text.startsWith('-DOCSTART-')) {
      const s = flush();
      if (s) yield s;
      continue;
    }
    const cols = columns(text);
    if (cols.length < 2 || cols.some((c) => c === '')) {
      throw new NerError(CorpusErrors.CONLL_FORMAT, `expected "TOKEN TAG" columns, got ${JSON.stringify(text)}`, {
        file, line, hint: 'Each line holds a token and its tag separated by spaces or a tab; sentences end with a blank line.',
      });
    }
    const tag = cols[cols.length - 1]!;
    if (!/^(O|-|[BIELSU]-.+)$/.test(tag)) {
      throw new NerError(CorpusErrors.BAD_TAG, `'${tag}' is not a tag (expected O or B-/I-/L-/U-/E-/S-LABEL)`, {
        file, line, hint: 'The tag must be the last column of the line.',
      });
    }
    if (rows.length === 0) firstLine = line;
    rows.push(cols);
  }
  const s = flush();
  if (s) yield s;
}

/**
 * Streams the sentences of a CoNLL/IOB file as examples: `text` is the tokens joined by single
 * spaces, `tokens` carry `ws`, `spans` come from the tags (read leniently unless `strict`),
 * `meta` says where the sentence came from. Errors name `file:line`.
 */
export async function* readConll(path: string, options: ReadConllOptions = {}): AsyncGenerator<ConllExample> {
  const file = path === '-' ? '<stdin>' : path;
  for await (const raw of rawSentences(path, options)) {
    const tags = raw.tags.map((t) => mapTag(t, options.labelMap));
    let chunks;
    try {
      chunks = tagsToChunks(tags, 'IOB2', { lenient: !options.strict });
    } catch (err) {
      const e = err as NerError;
      const at = (e.detail as { index?: number } | undefined)?.index ?? 0;
      throw new NerError(e.code, e.message, { file, line: raw.firstLine + at, hint: e.hint, cause: err });
    }
    const { text, tokens } = tokensFromWords(raw.words);
    const spans = chunks.map((c) => ({
      start: tokens[c.start]!.start, end: tokens[c.end - 1]!.end, token_start: c.start, token_end: c.end - 1, label: c.label,
    }));
    let example: ConllExample = { text, tokens, spans, answer: 'accept', meta: { source: file, line: raw.firstLine } };
    const canonical = chunksToTags(chunks, tags.length, 'IOB2');
    if (canonical.some((t, i) => t !== tags[i])) example._conll_tags = tags;
    if (options.hashes ?? true) example = withHashes(example);
    yield example;
  }
}

export interface ConllFormatOptions {
  /**
   * Tags to write: `preserve` (default) writes `_conll_tags` when they still describe the spans and
   * IOB2 otherwise; `IOB2`/`BILUO` always derive the tags from the spans.
   */
  scheme?: 'preserve' | TagScheme;
  /** Column separator (default one space, as CoNLL-2002). */
  separator?: ' ' | '\t';
  /** Tag for tokens outside the spans: `-` writes partial annotations as unknown (default `O`). */
  missing?: boolean;
}

/** True when raw tags, read leniently, give exactly the example's spans. */
function tagsMatchSpans(tags: readonly string[], example: Example): boolean {
  const spans = example.spans ?? [];
  let chunks;
  try { chunks = tagsToChunks(tags, 'IOB2', { lenient: true }); } catch { return false; }
  return chunks.length === spans.length && chunks.every((c, i) => {
    const s = spans[i]!;
    return s.token_start === c.start && s.token_end === c.end - 1 && s.label === c.label;
  });
}

/**
 * One example as CoNLL lines (`TOKEN TAG\n` each, no blank line). Whitespace-only tokens are left
 * out (a column file cannot hold them). Needs tokens; spans without token indices are aligned strictly.
 */
export function formatConll(example: Example, options: ConllFormatOptions = {}): string {
  const tokens = example.tokens;
  if (!tokens) throw new NerError(CorpusErrors.TOKENS_MISMATCH, 'the example has no tokens', { hint: 'Tokenize it first.' });
  const scheme = options.scheme ?? 'preserve';
  const raw = (example as ConllExample)._conll_tags;
  const sep = options.separator ?? ' ';
  // A span answered reject/ignore (binary annotation) says what the entity is NOT: no tag for it.
  const spans = (example.spans ?? []).filter((s) => s.answer !== 'reject' && s.answer !== 'ignore').sort((a, b) => a.start - b.start);
  const tags = scheme === 'preserve' && Array.isArray(raw) && raw.length === tokens.length && tagsMatchSpans(raw, { ...example, spans })
    ? raw
    : spansToTags(tokens, spans, scheme === 'BILUO' ? 'BILUO' : 'IOB2', { missing: options.missing });
  let out = '';
  tokens.forEach((t, i) => {
    if (/^\s*$/u.test(t.text)) return;
    if (t.text.includes(sep) || t.text.includes('\n')) {
      throw new NerError(CorpusErrors.CONLL_FORMAT, `token ${i} ${JSON.stringify(t.text)} holds the column separator`, {
        hint: sep === ' ' ? 'Write with tab-separated columns (--separator tab).' : 'Split the token.',
      });
    }
    out += `${t.text}${sep}${tags[i]}\n`;
  });
  return out;
}

/**
 * Writes examples as a CoNLL file (`-` = stdout): `TOKEN TAG` lines, one blank line between
 * sentences, none after the last (as CoNLL-2002). Returns how many sentences were written.
 */
export async function writeConll(
  path: string, examples: AsyncIterable<Example> | Iterable<Example>, options: ConllFormatOptions & { stdout?: Writable } = {},
): Promise<number> {
  const out = await TextWriter.open(path, options.stdout);
  let n = 0;
  try {
    for await (const ex of examples) {
      const lines = formatConll(ex, options);
      if (lines === '') continue;
      await out.write(n === 0 ? lines : `\n${lines}`);
      n++;
    }
  } catch (err) {
    await out.abort(); // the previous file stays as it was
    throw err;
  }
  await out.close();
  return n;
}
