import type { CommandSpec } from '@nerflow/core';
import { commands as annotateCommands } from '@nerflow/annotate/cli';
import { commands as evalCommands } from '@nerflow/eval/cli';
import { commands as ingestCommands } from '@nerflow/ingest/cli';
import { commands as termsCommands } from '@nerflow/terms/cli';
import { commands as trainCommands } from '@nerflow/train/cli';
import { registerBuiltinStages } from './builtin-stages.js';
import { convertCommand } from './commands/convert.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';

/**
 * Every command of the `nerflow` binary, in help order. Each stage contributes its own through its
 * `./cli` export; the CLI only composes them and owns the cross-stage ones (convert, validate, run).
 */
export function allCommands(): CommandSpec[] {
  registerBuiltinStages();
  return [
    ...ingestCommands,
    ...termsCommands,
    ...annotateCommands,
    ...trainCommands,
    ...evalCommands,
    convertCommand,
    validateCommand,
    runCommand,
  ];
}
