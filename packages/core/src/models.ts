import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const MODEL_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The folder of the installed model package a name stands for (`es-base` is
 * `@nerflow/model-es-base`, whose `model/` folder ships inside the package), looked up from `from`
 * first (a project's own node_modules), then from nerflow's. Undefined when `nameOrPath` is an
 * existing folder under `from`, is not a name, or no such package is installed.
 */
export function shippedModelDir(nameOrPath: string, from: string): string | undefined {
  if (existsSync(path.resolve(from, nameOrPath)) || !MODEL_NAME.test(nameOrPath)) return undefined;
  const spec = `@nerflow/model-${nameOrPath}/package.json`;
  for (const base of [path.join(from, 'noop.js'), import.meta.url]) {
    try {
      return path.join(path.dirname(createRequire(base).resolve(spec)), 'model');
    } catch {
      // not installed there: try the next place
    }
  }
  return undefined;
}

/**
 * A model argument is a folder, or the name of an installed model package (see `shippedModelDir`),
 * resolved from the current folder. Anything else is returned as given, so the caller's "missing
 * folder" error names it. The pipeline runner resolves model options against the pipeline's folder
 * instead (`modelRef` in refs.ts); this is the one place names are turned into folders.
 */
export function resolveModelDir(nameOrPath: string): string {
  return shippedModelDir(nameOrPath, process.cwd()) ?? nameOrPath;
}
