import type { Readable, Writable } from 'node:stream';
import type { z } from 'zod';
import type { StageContext } from './context.js';

/** A positional argument of a command, stored under `key` in the options object. */
export interface ArgSpec {
  name: string;
  key: string;
  description: string;
  variadic?: boolean;
  required?: boolean;
}

/** What a command's handler gets besides its options: the stage context plus the terminal. */
export interface CommandContext extends StageContext {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  verbose: boolean;
  /** True when stdout is a terminal (progress bars and colours are allowed). */
  isTTY: boolean;
}

/**
 * A CLI command contributed by a package's `./cli` export. The `nerflow` binary derives its flags
 * from `options` (a zod object: key `maxEpochs` -> flag `--max-epochs`; `.describe()` -> help text;
 * `.default()` -> default), so a command file holds no flag parsing of its own.
 */
export interface CommandSpec<S extends z.ZodObject = z.ZodObject> {
  /** Space-separated path: 'ingest', 'vectors train', 'db export'. */
  name: string;
  summary: string;
  /** Longer help shown under the usage line (examples welcome). */
  help?: string;
  args?: ArgSpec[];
  options: S;
  /** Short flags: { out: 'o' } gives -o/--out. */
  short?: Partial<Record<keyof z.output<S> & string, string>>;
  /** Does the work through the library API; returns a process exit code (default 0). */
  run(options: z.output<S>, ctx: CommandContext): Promise<number | void>;
}

/** Identity helper that keeps the option type inferred from the schema. */
export function defineCommand<S extends z.ZodObject>(spec: CommandSpec<S>): CommandSpec {
  return spec as unknown as CommandSpec;
}
