import type { ArgSpec, CommandSpec } from '@nerflow/core';
import { commandFlags, type FlagInfo } from './flags.js';

/**
 * What the program needs to show a command in --help and to parse its argv: plain data, so that it
 * can be stored in the manifest (dist/commands.json) and read without importing the command's stage.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  help?: string;
  args?: ArgSpec[];
  flags: FlagInfo[];
  short?: Record<string, string>;
  /** Key of the source in `commandSources` that provides the command. */
  source: string;
}

/** A command whose implementation (and its stage's dependencies) is imported only when it runs. */
export interface LazyCommand extends CommandEntry {
  load(): Promise<CommandSpec>;
}

/** The manifest data of a loaded command. */
export function entryOf(spec: CommandSpec, source: string): CommandEntry {
  return {
    name: spec.name,
    summary: spec.summary,
    ...(spec.help ? { help: spec.help } : {}),
    ...(spec.args?.length ? { args: spec.args } : {}),
    flags: commandFlags(spec.options, spec.args),
    ...(spec.short && Object.keys(spec.short).length ? { short: spec.short as Record<string, string> } : {}),
    source,
  };
}

/** A command already in memory (tests, library users) as a lazy one. */
export function lazyOf(spec: CommandSpec | LazyCommand, source = 'inline'): LazyCommand {
  if ('load' in spec) return spec;
  return { ...entryOf(spec, source), load: async () => spec };
}
