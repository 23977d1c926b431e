import type { CommandSpec } from '@nerflow/core';
import { loadAllCommands } from './sources.js';

/**
 * Every command of the `nerflow` binary, loaded, in help order. Each stage contributes its own
 * through its `./cli` export; the CLI only composes them and owns the cross-stage ones (convert,
 * validate, run, predict from documents). Imports every stage: the bin uses the manifest instead.
 */
export async function allCommands(): Promise<CommandSpec[]> {
  return (await loadAllCommands()).map((c) => c.spec);
}
