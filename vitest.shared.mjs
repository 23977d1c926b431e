// Shared vitest settings: tests run on source, so `@nerflow/x` resolves to packages/x/src
// (no build needed between editing a package and testing its dependants).
import { defineConfig } from 'vitest/config';
import path from 'node:path';

const root = import.meta.dirname;

export function nerflowVitest(projectDir, extra = {}) {
  return defineConfig({
    resolve: {
      alias: [
        { find: /^@nerflow\/([a-z-]+)\/cli$/, replacement: path.join(root, 'packages/$1/src/cli.ts') },
        { find: /^@nerflow\/([a-z-]+)$/, replacement: path.join(root, 'packages/$1/src/index.ts') },
      ],
    },
    test: {
      root: projectDir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      globalSetup: [path.join(root, 'vitest.tmpdir.mjs')],
      ...extra,
    },
  });
}
