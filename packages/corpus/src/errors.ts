/**
 * The error base class every nerflow package throws. It lives in corpus (the bottom package)
 * so that corpus errors are NerErrors too; @nerflow/core re-exports it.
 * A message says what happened; `hint` says what to do; `file`/`line` say where.
 */
export interface NerErrorOptions {
  hint?: string;
  file?: string;
  line?: number;
  cause?: unknown;
  /** Extra structured detail (e.g. the JSON path of a schema problem). */
  detail?: unknown;
}

export class NerError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly detail?: unknown;

  constructor(code: string, message: string, options: NerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NerError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.detail = options.detail;
  }

  /** `file:line: message` (or just the message), the form editors and CI logs understand. */
  get located(): string {
    if (!this.file) return this.message;
    return this.line === undefined ? `${this.file}: ${this.message}` : `${this.file}:${this.line}: ${this.message}`;
  }
}

/** Normalise anything thrown into a NerError (unknown errors get code E_INTERNAL). */
export function toNerError(err: unknown): NerError {
  if (err instanceof NerError) return err;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      return new NerError('E_FILE_NOT_FOUND', `No such file or folder: ${e.path ?? '(unknown)'}`, {
        hint: 'Check the path (it is resolved from the current folder).', file: e.path, cause: err,
      });
    }
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      return new NerError('E_FILE_ACCESS', `Permission denied: ${e.path ?? '(unknown)'}`, { file: e.path, cause: err });
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return new NerError('E_INTERNAL', message, { cause: err, hint: 'This is probably a bug in nerflow: rerun with --verbose and report it.' });
}

/** Error codes owned by the corpus package. */
export const CorpusErrors = {
  BAD_JSON: 'E_CORPUS_BAD_JSON',
  SCHEMA: 'E_CORPUS_SCHEMA',
  ENCODING: 'E_CORPUS_ENCODING',
  SPAN_OUT_OF_RANGE: 'E_CORPUS_SPAN_OUT_OF_RANGE',
  SPAN_MISALIGNED: 'E_CORPUS_SPAN_MISALIGNED',
  SPAN_OVERLAP: 'E_CORPUS_SPAN_OVERLAP',
  TOKENS_MISMATCH: 'E_CORPUS_TOKENS_MISMATCH',
  BAD_TAG: 'E_CORPUS_BAD_TAG',
  CONLL_FORMAT: 'E_CORPUS_CONLL_FORMAT',
  UNKNOWN_FORMAT: 'E_CORPUS_UNKNOWN_FORMAT',
} as const;
