import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM tool without types
import { checkBoundaries } from '../../../tools/boundaries.mjs';

describe('module boundaries', () => {
  it('hold in this workspace (stages never import each other; deps declared; no deep imports)', () => {
    expect(checkBoundaries(resolve(import.meta.dirname, '../../..'))).toEqual([]);
  });

  it('catch a stage importing another stage, undeclared deps and deep imports', () => {
    const root = mkdtempSync(join(tmpdir(), 'nerflow-bounds-'));
    const pkg = (name: string, tag: string, deps: Record<string, string>, src: string) => {
      mkdirSync(join(root, 'packages', name, 'src'), { recursive: true });
      writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify({ name: `@nerflow/${name}`, nx: { tags: [tag] }, dependencies: deps }));
      writeFileSync(join(root, 'packages', name, 'src', 'index.ts'), src);
    };
    pkg('corpus', 'type:data', {}, 'export const x = 1;\n');
    pkg('train', 'type:stage', { '@nerflow/corpus': '*' }, "export const t = 1;\n");
    pkg('eval', 'type:stage', { '@nerflow/corpus': '*' },
      "import { t } from '@nerflow/train';\nimport { x } from '@nerflow/corpus/src/index.js';\nimport y from '../../train/src/index.js';\n");
    const problems: string[] = checkBoundaries(root);
    expect(problems.some((p) => p.includes('may not depend on @nerflow/train'))).toBe(true);
    expect(problems.some((p) => p.includes('does not declare it'))).toBe(true);
    expect(problems.some((p) => p.includes('deep import'))).toBe(true);
    expect(problems.some((p) => p.includes('leaves the package'))).toBe(true);
  });
});
