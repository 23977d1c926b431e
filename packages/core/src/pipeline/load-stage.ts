import { NerError } from '@nerflow/corpus';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Stage } from '../stage.js';
import { stages } from '../stages.js';
import { CoreErrors } from '../errors.js';

function isStage(x: unknown): x is Stage {
  return !!x && typeof x === 'object' && typeof (x as Stage).run === 'function' && typeof (x as Stage).name === 'string'
    && typeof (x as Stage).inputs === 'function' && typeof (x as Stage).outputs === 'function' && !!(x as Stage).options;
}

/**
 * Resolves a step's `use:`: a registered stage name, a module path (relative to the pipeline file)
 * or an installed npm package. A module exports the stage as `default` or `stage`.
 */
export async function loadStage(use: string, baseDir: string): Promise<Stage> {
  if (stages.has(use)) return stages.get(use);
  const isPath = use.startsWith('.') || isAbsolute(use);
  let url: string;
  try {
    url = isPath
      ? pathToFileURL(resolve(baseDir, use)).href
      : pathToFileURL(createRequire(resolve(baseDir, 'package.json')).resolve(use)).href;
  } catch (cause) {
    throw new NerError(CoreErrors.PIPELINE_STAGE, `unknown stage "${use}"`, {
      cause, hint: `Use a built-in stage (${stages.names().join(', ')}), a module path like ./my-stage.mjs, or an installed npm package that exports a stage.`,
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    throw new NerError(CoreErrors.PIPELINE_STAGE, `cannot load stage module "${use}": ${(cause as Error).message}`, { cause });
  }
  const stage = [mod.default, mod.stage].find(isStage);
  if (!stage) {
    throw new NerError(CoreErrors.PIPELINE_STAGE, `module "${use}" does not export a stage`, {
      hint: 'Export `default` (or `stage`) = { name, version, options (zod schema), inputs(), outputs(), run() }; see docs/pipeline.md.',
    });
  }
  return stage;
}
