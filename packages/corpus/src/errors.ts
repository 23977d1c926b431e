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

/** Operating-system errors every command can meet, as coded errors naming the path and what to do. */
const SYSTEM_ERRORS: Record<string, (path: string) => { code: string; message: string; hint: string }> = {
  ENOENT: (p) => ({ code: 'E_FILE_NOT_FOUND', message: `No such file or folder: ${p}`, hint: 'Check the path (it is resolved from the current folder).' }),
  EACCES: (p) => ({ code: 'E_FILE_ACCESS', message: `Permission denied: ${p}`, hint: 'Choose a path you can read/write, or fix its permissions.' }),
  EPERM: (p) => ({ code: 'E_FILE_ACCESS', message: `Operation not permitted: ${p}`, hint: 'Choose a path you can read/write, or fix its permissions.' }),
  EROFS: (p) => ({ code: 'E_FILE_ACCESS', message: `Read-only file system: ${p}`, hint: 'Write the output somewhere writable.' }),
  ENOSPC: (p) => ({ code: 'E_DISK_FULL', message: `No space left on the device writing ${p}`, hint: 'Free some disk space (or write to another disk) and rerun: outputs are replaced only when complete, so the previous ones were kept.' }),
  EDQUOT: (p) => ({ code: 'E_DISK_FULL', message: `Disk quota exceeded writing ${p}`, hint: 'Free some space or raise the quota, then rerun.' }),
  EISDIR: (p) => ({ code: 'E_FILE_IS_DIR', message: `${p} is a folder; a file is expected`, hint: 'Name a file (inside that folder, for an output).' }),
  ENOTDIR: (p) => ({ code: 'E_FILE_NOT_DIR', message: `${p}: part of this path is a file, not a folder`, hint: 'Check the path: a folder is expected where a file is.' }),
  EEXIST: (p) => ({ code: 'E_FILE_EXISTS', message: `${p} already exists`, hint: 'Choose another path, or remove it first.' }),
  EMFILE: (p) => ({ code: 'E_TOO_MANY_FILES', message: `Too many open files (at ${p})`, hint: 'Raise the limit (ulimit -n) or process fewer files at once.' }),
  ENFILE: (p) => ({ code: 'E_TOO_MANY_FILES', message: `Too many open files in the system (at ${p})`, hint: 'Close other programs or raise the limit.' }),
  // SQLite (better-sqlite3) reports a full disk with its own code.
  SQLITE_FULL: (p) => ({ code: 'E_DISK_FULL', message: `No space left on the device for the database ${p}`, hint: 'Free some disk space and retry: answers already acknowledged are stored.' }),
  EPIPE: (p) => ({ code: 'E_PIPE_CLOSED', message: `The reader of the output went away (${p})`, hint: 'The next program in the pipe stopped reading (e.g. head).' }),
};

/** The operating-system error inside `err` (itself or any `cause`), if there is one. */
export function systemErrorOf(err: unknown): NodeJS.ErrnoException | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (!(e instanceof NerError) && typeof code === 'string' && code in SYSTEM_ERRORS) return e as NodeJS.ErrnoException;
  }
  return undefined;
}

/**
 * Normalise anything thrown into a NerError. Operating-system errors (ENOENT, EACCES, ENOSPC,
 * EISDIR, ENOTDIR, EPIPE...) get their own codes naming the path, also when wrapped as a cause;
 * only what is left (real bugs) is E_INTERNAL.
 */
export function toNerError(err: unknown): NerError {
  if (err instanceof NerError && err.code !== 'E_INTERNAL') return err;
  const sys = systemErrorOf(err);
  if (sys) {
    const path = sys.path ?? (sys as { dest?: string }).dest ?? (err instanceof NerError ? err.file : undefined);
    const m = SYSTEM_ERRORS[sys.code!]!(path ?? 'a file');
    return new NerError(m.code, m.message, { hint: m.hint, file: path, cause: err });
  }
  if (err instanceof NerError) return err;
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
  BAD_LABEL: 'E_CORPUS_BAD_LABEL',
  CONLL_FORMAT: 'E_CORPUS_CONLL_FORMAT',
  UNKNOWN_FORMAT: 'E_CORPUS_UNKNOWN_FORMAT',
  /** A corpus path that does not exist (openCorpus). */
  NOT_FOUND: 'E_CORPUS_NOT_FOUND',
  /** A `SCHEME:NAME` source whose scheme no package registered (db: without @nerflow/store). */
  UNKNOWN_SOURCE: 'E_CORPUS_UNKNOWN_SOURCE',
  /** A bad source-reader registration (a scheme registered twice, a malformed scheme). */
  SOURCE_SCHEME: 'E_CORPUS_SOURCE_SCHEME',
  /** A patterns file with no pattern in it. */
  NO_PATTERNS: 'E_CORPUS_NO_PATTERNS',
} as const;
