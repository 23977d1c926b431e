import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A model argument is a folder, or the name of an installed model package: `es-base` is
 * `@nerflow/model-es-base`, whose `model/` folder ships inside the package (no download). Looked up
 * from the current folder first (a project's own node_modules), then from nerflow's.
 * Anything else is returned as given, so the caller's "missing folder" error names it.
 */
export function resolveModelDir(nameOrPath: string): string {
  if (existsSync(nameOrPath) || !/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) return nameOrPath;
  const spec = `@nerflow/model-${nameOrPath}/package.json`;
  for (const from of [path.join(process.cwd(), 'noop.js'), import.meta.url]) {
    try {
      const pkg = createRequire(from).resolve(spec);
      return path.join(path.dirname(pkg), 'model');
    } catch {
      // not installed there: try the next place
    }
  }
  return nameOrPath;
}
