import type { CommandSpec } from '@nerflow/core';
import { commands as annotateCommands } from '@nerflow/annotate/cli';
import { commands as evalCommands } from '@nerflow/eval/cli';
import { commands as ingestCommands } from '@nerflow/ingest/cli';
import { commands as termsCommands } from '@nerflow/terms/cli';
import { commands as trainCommands } from '@nerflow/train/cli';

/**
 * Every command of the `nerflow` binary, in help order. Each stage contributes its own through its
 * `./cli` export; the CLI only composes them (and owns the cross-stage ones such as `run`).
 */
export function allCommands(): CommandSpec[] {
  return [
    ...ingestCommands,
    ...termsCommands,
    ...annotateCommands,
    ...trainCommands,
    ...evalCommands,
  ];
}
