import type { CommandSpec } from '@nerflow/core';

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [];
