import * as annotate from '@nerflow/annotate';
import { stages, type Stage } from '@nerflow/core';
import * as evaluation from '@nerflow/eval';
import * as ingest from '@nerflow/ingest';
import * as terms from '@nerflow/terms';
import * as train from '@nerflow/train';

function isStage(x: unknown): x is Stage {
  return !!x && typeof x === 'object' && typeof (x as Stage).run === 'function' && typeof (x as Stage).name === 'string'
    && typeof (x as Stage).version === 'string' && typeof (x as Stage).inputs === 'function' && typeof (x as Stage).outputs === 'function';
}

/**
 * Registers every stage the stage packages export (any exported Stage object), so pipeline files
 * can `use:` them by name. Importing the packages also registers train's model loader and trainer
 * in core's services registries, which annotate and eval look up.
 */
export function registerBuiltinStages(): string[] {
  for (const mod of [ingest, terms, annotate, train, evaluation] as Record<string, unknown>[]) {
    for (const value of Object.values(mod)) {
      if (isStage(value) && !stages.has(value.name)) stages.register(value.name, value);
    }
  }
  return stages.names();
}
