// Module boundaries, the equivalent of nx's enforce-module-boundaries lint rule without ESLint:
// each package may import only the @nerflow packages its tag allows, must declare them in its
// package.json, and may not reach into another package's files (deep or relative imports).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Which tags each tag may depend on (docs/architecture.md). */
export const ALLOWED = {
  'type:data': [],
  // optional compiled kernels (@nerflow/native): depend on nothing, used by stages
  'type:native': [],
  'type:store': ['type:data'],
  'type:core': ['type:data'],
  'type:stage': ['type:core', 'type:data', 'type:store', 'type:native'],
  'type:app': ['type:stage', 'type:data'],
  'type:cli': ['type:stage', 'type:core', 'type:data', 'type:store', 'type:native'],
};
/** Tags whose packages another tag may import only with `import type`. */
const TYPE_ONLY = { 'type:app': ['type:stage'] };

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== '__fixtures__') yield* sourceFiles(p);
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
  }
}

/** Returns a list of human-readable violations for the workspace at `root`. */
export function checkBoundaries(root) {
  const pkgsDir = join(root, 'packages');
  const pkgs = new Map();
  for (const dir of readdirSync(pkgsDir)) {
    const pj = JSON.parse(readFileSync(join(pkgsDir, dir, 'package.json'), 'utf8'));
    pkgs.set(pj.name, { dir: join(pkgsDir, dir), tags: pj.nx?.tags ?? [], deps: { ...pj.dependencies, ...pj.peerDependencies, ...pj.devDependencies } });
  }
  const problems = [];
  const importRe = /(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const [name, pkg] of pkgs) {
    const tag = pkg.tags.find((t) => t in ALLOWED);
    if (!tag) { problems.push(`${name}: no known type:* tag in package.json nx.tags`); continue; }
    if (!existsSync(join(pkg.dir, 'src'))) continue; // data-only packages (a shipped model)
    for (const file of sourceFiles(join(pkg.dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        const spec = m[2] ?? m[3];
        const typeOnly = Boolean(m[1]);
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          const target = resolve(file, '..', spec);
          if (!target.startsWith(pkg.dir)) problems.push(`${where}: relative import "${spec}" leaves the package; import the package by name`);
          continue;
        }
        if (!spec.startsWith('@nerflow/')) continue;
        const [, target, ...sub] = spec.split('/');
        const targetName = `@nerflow/${target}`;
        if (sub.length && !(sub.length === 1 && sub[0] === 'cli')) problems.push(`${where}: deep import "${spec}" (use the package's public exports)`);
        const dep = pkgs.get(targetName);
        if (!dep) { problems.push(`${where}: unknown package ${targetName}`); continue; }
        if (targetName === name) continue;
        if (!(targetName in pkg.deps)) problems.push(`${where}: imports ${targetName} but ${name}'s package.json does not declare it`);
        const depTag = dep.tags.find((t) => t in ALLOWED);
        if (!ALLOWED[tag].includes(depTag)) problems.push(`${where}: ${name} (${tag}) may not depend on ${targetName} (${depTag})`);
        else if (TYPE_ONLY[tag]?.includes(depTag) && !typeOnly) problems.push(`${where}: ${name} (${tag}) may import only types from ${targetName}`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkBoundaries(resolve(import.meta.dirname, '..'));
  for (const p of problems) console.error(p);
  console.log(problems.length ? `${problems.length} boundary violation(s)` : 'module boundaries: ok');
  process.exitCode = problems.length ? 1 : 0;
}
