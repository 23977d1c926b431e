import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

/**
 * True when a command-line tool runs here (`pdftotext -v`, `pdftoppm -v`): asked once per process
 * and remembered, since ingest asks for every file.
 */
export function toolRuns(command: string, args: string[] = ['-v']): boolean {
  const key = `${command} ${args.join(' ')}`;
  if (!found.has(key)) found.set(key, spawnSync(command, args, { stdio: 'ignore' }).status === 0);
  return found.get(key)!;
}
