/**
 * Readers for source specs that are not files: `db:DATASET` and whatever scheme a package adds.
 * `openCorpus` looks a `SCHEME:NAME` spec up here. The readers live in the packages that own the
 * storage (@nerflow/store registers `db` when it is imported; the nerflow CLI imports it), so corpus
 * stays at the bottom and imports none of them. A caller that holds the storage already (annotate's
 * open store) passes its own reader to `openCorpus` instead (`readers: { db: ... }`).
 */
import { CorpusErrors, NerError } from './errors.js';
import type { Example } from './types.js';

export interface SourceReaderOptions {
  /** The database `db:` sources read (a path or postgresql:// URL; default: the reader's own). */
  db?: string;
}

/** Reads the examples a source names (`NAME` of `SCHEME:NAME`). */
export type SourceReader = (name: string, options: SourceReaderOptions) => AsyncIterable<Example>;

const readers = new Map<string, SourceReader>();

/**
 * Registers the reader of `SCHEME:NAME` specs; a second registration of a scheme is refused
 * unless `replace` (so two packages cannot silently fight over `db:`).
 */
export function registerSourceReader(scheme: string, reader: SourceReader, { replace = false } = {}): void {
  if (!/^[a-z][a-z0-9+.-]+$/.test(scheme)) {
    throw new NerError(CorpusErrors.SOURCE_SCHEME, `"${scheme}" is not a source scheme`, { hint: 'Use two or more lower-case letters, e.g. "db".' });
  }
  if (readers.has(scheme) && !replace) {
    throw new NerError(CorpusErrors.SOURCE_SCHEME, `a reader for "${scheme}:" sources is already registered`, { hint: 'Pass { replace: true } to override it on purpose.' });
  }
  readers.set(scheme, reader);
}

/**
 * The scheme of a spec (`db` of `db:marketing`), or undefined for a path. Windows drive letters
 * (`C:\corpus.jsonl`) are paths: a scheme has two or more letters.
 */
export function sourceScheme(spec: string): string | undefined {
  return /^([a-z][a-z0-9+.-]+):(?![\\/])/.exec(spec)?.[1];
}

/** The reader for `scheme`, from `own` first, then the registered ones; a located error when none. */
export function sourceReaderFor(spec: string, scheme: string, own?: Record<string, SourceReader>): SourceReader {
  const reader = own?.[scheme] ?? readers.get(scheme);
  if (reader) return reader;
  const known = [...new Set([...Object.keys(own ?? {}), ...readers.keys()])].sort();
  throw new NerError(CorpusErrors.UNKNOWN_SOURCE, `no reader for "${scheme}:" sources`, {
    file: spec,
    hint: scheme === 'db'
      ? 'db:DATASET is read by @nerflow/store: import it first (the nerflow CLI does), or give a corpus file.'
      : `Registered source schemes: ${known.join(', ') || '(none)'}; otherwise give a corpus file (.jsonl, .jsonl.gz, CoNLL) or - for stdin.`,
  });
}
