/**
 * `openCorpus(spec)`: the one reader every stage uses, so every command accepts the same inputs
 * and reports bad ones the same way (`file:line`, an `E_CORPUS_*` code, what to do):
 * corpus or Prodigy JSONL (`.jsonl`, `.jsonl.gz`), CoNLL/IOB column files (by extension or content:
 * the CoNLL-2002 files are `esp.train`), `-` for stdin (format sniffed), `SCHEME:NAME` sources
 * such as `db:DATASET` (sources.ts), and, when the caller asks for it, plain text (one example per
 * non-empty line).
 */
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { readConll, type LabelMap } from './conll.js';
import { CorpusErrors, NerError, toNerError } from './errors.js';
import { formatFromPath, peekStream, readHead, sniffFormat, type CorpusFormat } from './formats.js';
import { withHashes } from './hash.js';
import { readJsonlLines, type OnBadLine } from './jsonl.js';
import { readProdigyLines } from './prodigy.js';
import { sourceReaderFor, sourceScheme, type SourceReader } from './sources.js';
import type { AlignmentMode } from './spans.js';
import { openText, textLines } from './text-lines.js';
import type { Example } from './types.js';
import { validateExample } from './validate.js';

/** The formats `openCorpus` reads: the corpus formats, and plain text lines. */
export type SourceFormat = CorpusFormat | 'text';

/** An example with where it came from, for error messages that name `source:line`. */
export interface LocatedExample {
  example: Example;
  /** The file (`<stdin>` for `-`) or the source spec (`db:marketing`). */
  source: string;
  /** 1-based line (a CoNLL sentence's first line); absent for database sources. */
  line?: number;
}

export interface OpenCorpusOptions {
  /** The format; otherwise from the extension, else from the first bytes. */
  format?: SourceFormat;
  /**
   * Accept plain text: `.txt`/`.md`/`.text` files, and files whose content is neither JSONL nor
   * CoNLL, are read one example per non-empty line (pretraining, vectors, `predict` input).
   */
  plainText?: boolean;
  /**
   * Check every example as `nerflow validate` does (schema, offsets, token alignment, overlaps).
   * Without it only what every stage needs is checked: a record must have a `text` string.
   */
  validate?: boolean;
  /** A bad record stops the reading (default) or is skipped after being reported to `onSkip`. */
  onError?: OnBadLine;
  onSkip?: (error: NerError) => void;
  /** Label renames for CoNLL and Prodigy input (`{ DATE: 'O' }` drops DATE). */
  labelMap?: LabelMap;
  /** Prodigy input: how spans without token indices are aligned (default strict). */
  align?: AlignmentMode;
  /** Options for source readers: the database `db:` reads (else the store's default). */
  db?: string;
  /** Readers to use before the registered ones, e.g. `{ db: ... }` over a store already open. */
  readers?: Record<string, SourceReader>;
  /** The stream `-` reads (default process.stdin). */
  stdin?: Readable;
}

const TEXT_EXT = /\.(txt|text|md)(\.gz)?$/i;
/** A whole CoNLL file read as one sentence this long means its blank separator lines are missing. */
export const ONE_SENTENCE_FILE_TOKENS = 300;

/**
 * Streams the examples of a source with where each came from.
 * @param spec - a file path, `-` (stdin) or `SCHEME:NAME` (`db:DATASET`).
 * @returns an async iterable of `{ example, source, line }`.
 * @example for await (const { example, line } of openCorpus('esp.testa')) console.log(line, example.text);
 */
export async function* openCorpus(spec: string, options: OpenCorpusOptions = {}): AsyncGenerator<LocatedExample> {
  const scheme = sourceScheme(spec);
  if (scheme) {
    yield* fromReader(spec, sourceReaderFor(spec, scheme, options.readers), spec.slice(scheme.length + 1), options);
    return;
  }
  const source = spec === '-' ? '<stdin>' : spec;
  const { format, stdin } = await resolveFormat(spec, options);
  const opts = { ...options, stdin };
  if (format === 'conll') yield* fromConll(spec, source, opts);
  else if (format === 'text') yield* fromText(spec, source, stdin);
  else if (format === 'prodigy') yield* fromProdigy(spec, opts);
  else yield* fromJsonl(spec, source, opts);
}

/**
 * The format of a file (or of stdin, `-`): `format` when given, else the extension, else a look at
 * the first bytes (an empty input is JSONL); `SCHEME:NAME` sources hold records (`jsonl`). A path
 * that does not exist is E_CORPUS_NOT_FOUND. For `-` the bytes looked at are put back: read the
 * returned `stdin`.
 */
export async function resolveFormat(
  spec: string, options: Pick<OpenCorpusOptions, 'format' | 'plainText' | 'stdin'> = {},
): Promise<{ format: SourceFormat; stdin?: Readable }> {
  let stdin = options.stdin;
  if (sourceScheme(spec)) return { format: 'jsonl', stdin }; // stored records (db:), not a file to look at
  if (spec !== '-' && !existsSync(spec)) {
    throw new NerError(CorpusErrors.NOT_FOUND, `no such file: ${spec}`, {
      file: spec,
      hint: `Give a corpus JSONL (.jsonl, .jsonl.gz), a CoNLL/IOB file, db:DATASET or - for stdin${options.plainText ? ', or a .txt file' : ''} (paths are resolved from the current folder).`,
    });
  }
  const known = options.format ?? (options.plainText && TEXT_EXT.test(spec) ? 'text' : formatFromPath(spec));
  if (known) return { format: known, stdin };
  let head: Uint8Array;
  if (spec === '-') {
    const peeked = await peekStream(stdin ?? process.stdin);
    stdin = peeked.stream;
    head = peeked.head;
  } else {
    head = await readHead(spec).catch((err) => { throw toNerError(err); });
  }
  return { format: head.length === 0 ? 'jsonl' : sniff(spec === '-' ? '<stdin>' : spec, head, options.plainText), stdin };
}

/** The examples of a source without their locations (what a stage streams on to a writer or store). */
export async function* openExamples(spec: string, options: OpenCorpusOptions = {}): AsyncGenerator<Example> {
  for await (const { example } of openCorpus(spec, options)) yield example;
}

/** Every example of a source in memory (small corpora: training and dev sets, gold files). */
export async function readCorpus(spec: string, options: OpenCorpusOptions = {}): Promise<LocatedExample[]> {
  const out: LocatedExample[] = [];
  for await (const x of openCorpus(spec, options)) out.push(x);
  return out;
}

function sniff(source: string, head: Uint8Array, plainText?: boolean): SourceFormat {
  try {
    return sniffFormat(source, head);
  } catch (err) {
    if (plainText && (err as NerError).code === CorpusErrors.UNKNOWN_FORMAT) return 'text';
    throw err;
  }
}

/**
 * The check every record gets: a `text` string (or, with `validate`, every problem validation
 * finds). Returns the error for a bad record, undefined for a good one.
 */
function problemOf(record: unknown, source: string, line: number | undefined, validate: boolean | undefined): NerError | undefined {
  if (validate) {
    const [first, ...rest] = validateExample(record, { file: source, line });
    if (!first) return undefined;
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    return new NerError(first.code, `${first.path ? `[${first.path}] ` : ''}${first.message}${more}`, {
      file: source, line, detail: [first, ...rest], hint: 'Run `nerflow validate FILE` to list every problem.',
    });
  }
  const text = (record as { text?: unknown } | null)?.text;
  if (typeof text === 'string') return undefined;
  return new NerError(CorpusErrors.SCHEMA, `the record has no "text" string${text === undefined ? '' : ` (text is ${JSON.stringify(text)})`}`, {
    file: source, line, hint: 'Every corpus record is an example with at least {"text": "..."}; `nerflow validate FILE` lists every problem.',
  });
}

/** Reports a bad record: stops (throws) or, with `onError: 'skip'`, tells `onSkip` and goes on. */
function fail(err: NerError, options: OpenCorpusOptions): void {
  if (options.onError !== 'skip') throw err;
  options.onSkip?.(err);
}

async function* fromJsonl(spec: string, source: string, options: OpenCorpusOptions): AsyncGenerator<LocatedExample> {
  for await (const { value, line } of readJsonlLines<Example>(spec, { onError: options.onError, onSkip: options.onSkip, stdin: options.stdin })) {
    const bad = problemOf(value, source, line, options.validate);
    if (bad) fail(bad, options);
    else yield { example: value, source, line };
  }
}

async function* fromProdigy(spec: string, options: OpenCorpusOptions): AsyncGenerator<LocatedExample> {
  const source = spec === '-' ? '<stdin>' : spec;
  const lines = readProdigyLines(spec, { labelMap: options.labelMap, align: options.align, validate: options.validate, onError: options.onError, onSkip: options.onSkip, stdin: options.stdin });
  for await (const { value, line } of lines) yield { example: value, source, line };
}

async function* fromConll(spec: string, source: string, options: OpenCorpusOptions): AsyncGenerator<LocatedExample> {
  // The first sentence waits until a second one shows the file has blank lines between sentences.
  let first: LocatedExample | undefined;
  let count = 0;
  // A malformed line always stops (what follows it cannot be split into sentences safely).
  for await (const example of readConll(spec, { labelMap: options.labelMap, stdin: options.stdin })) {
    const x: LocatedExample = { example, source, line: example.meta?.line as number };
    const bad = options.validate ? problemOf(example, source, x.line, true) : undefined;
    if (bad) { fail(bad, options); continue; }
    if (count++ === 0 && (example.tokens?.length ?? 0) > ONE_SENTENCE_FILE_TOKENS) { first = x; continue; }
    if (first) { yield first; first = undefined; }
    yield x;
  }
  if (first && count === 1) {
    fail(new NerError(CorpusErrors.CONLL_FORMAT, `the whole file is one sentence of ${first.example.tokens!.length} tokens: CoNLL sentences are separated by blank lines, and this file has none`, {
      file: source, line: 1, hint: 'Put an empty line after each sentence (CoNLL-2002 layout), or convert the file with `nerflow convert`.',
      detail: { sentences: 1 },
    }), options);
  } else if (first) {
    yield first;
  }
}

async function* fromText(spec: string, source: string, stdin: Readable | undefined): AsyncGenerator<LocatedExample> {
  for await (const { text, line } of textLines(openText(spec, stdin), source)) {
    if (text.trim() !== '') yield { example: withHashes({ text }), source, line };
  }
}

async function* fromReader(spec: string, reader: SourceReader, name: string, options: OpenCorpusOptions): AsyncGenerator<LocatedExample> {
  try {
    for await (const example of reader(name, { db: options.db })) {
      const bad = problemOf(example, spec, undefined, options.validate);
      if (bad) fail(bad, options);
      else yield { example, source: spec, line: undefined };
    }
  } catch (err) {
    const e = toNerError(err);
    if (e.file || e.code === 'E_INTERNAL') throw e;
    throw new NerError(e.code, e.message, { file: spec, hint: e.hint, cause: err, detail: e.detail });
  }
}
