/**
 * One error path for operating-system errors in the CLI: EACCES, ENOSPC, EISDIR, ENOTDIR... become
 * coded NerErrors naming the path (corpus's toNerError maps them, also when wrapped as a cause),
 * and EPIPE (the reader of stdout went away, as with `| head`) ends quietly with status 0, as
 * Unix tools do. Errors raised outside a command's promise (a stream's 'error' event) take the
 * same path instead of ending in a Node stack trace.
 */
import type { NerError } from '@nerflow/core';

/** True when `err` (or a cause) is a broken pipe. */
export function isBrokenPipe(err: unknown): boolean {
  for (let e = err, d = 0; e && typeof e === 'object' && d < 8; e = (e as { cause?: unknown }).cause, d++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'E_PIPE_CLOSED') return true;
  }
  return false;
}

let installed = false;

/**
 * For the real process only (bin): a broken stdout pipe exits 0 at once; any other error that
 * escapes every promise is printed as one coded line by `print` and exits 1.
 */
export function installProcessErrorHandlers(stdout: NodeJS.WritableStream, print: (err: unknown) => Promise<number>): void {
  if (installed || stdout !== process.stdout) return;
  installed = true;
  process.stdout.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(0);
    void print(err).then((code) => process.exit(code));
  });
  const fatal = (err: unknown) => {
    if (isBrokenPipe(err)) process.exit(0);
    void print(err).then((code) => process.exit(code));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

/**
 * Any thrown value as the NerError to print: operating-system errors mapped to their codes
 * (corpus's toNerError), and the message, file and hint with control characters escaped, since
 * they quote file names, tokens and labels from the user's data. Imported lazily: not on --help's path.
 */
export async function printableError(err: unknown): Promise<NerError> {
  const { toNerError, escapeControl, NerError: Err } = await import('@nerflow/corpus');
  const e = toNerError(err);
  return new Err(e.code, escapeControl(e.message), {
    file: e.file === undefined ? undefined : escapeControl(e.file), line: e.line,
    hint: e.hint === undefined ? undefined : escapeControl(e.hint), cause: e.cause ?? e, detail: e.detail,
  });
}

/** The exit status for an error once printed: EPIPE is success (nothing more to say). */
export function exitStatusFor(err: NerError, usage: number, failure: number): number {
  if (err.code === 'E_PIPE_CLOSED') return 0;
  return err.code === 'E_CLI_USAGE' ? usage : failure;
}
