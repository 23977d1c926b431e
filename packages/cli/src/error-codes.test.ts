import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Error codes are stable identifiers that scripts, CI and docs match on (spaCy's test_errors.py):
 * every `E_*` code defined anywhere in packages/ is collected here, from the error catalogues
 * (`{ KEY: 'E_...' }` objects in errors.ts files) and from codes written inline in `new NerError(...)`.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGES = join(ROOT, 'packages');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'dist', '__fixtures__', 'ui-dist'].includes(e.name) ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const files = readdirSync(PACKAGES).flatMap((pkg) => {
  try { return sources(join(PACKAGES, pkg, 'src')).map((file) => ({ pkg, file, text: readFileSync(file, 'utf8') })); } catch { return []; }
});

/**
 * Catalogue entries of an errors file: `KEY: 'E_...'` (a code per meaning), and the codes of a
 * mapping such as corpus's operating-system errors (`EPERM: (p) => ({ code: 'E_FILE_ACCESS', ... })`,
 * where several causes share one code: counted once per file).
 */
const catalogued = files.filter((f) => /errors?\.ts$/i.test(f.file)).flatMap((f) => [
  ...[...f.text.matchAll(/^\s+([A-Z][A-Z0-9_]*): '(E_[A-Z0-9_]+)',/gm)].map((m) => ({ code: m[2]!, where: `${relative(ROOT, f.file)} ${m[1]}`, pkg: f.pkg })),
  ...[...new Set([...f.text.matchAll(/\bcode: '(E_[A-Z0-9_]+)'/g)].map((m) => m[1]!))].map((code) => ({ code, where: relative(ROOT, f.file), pkg: f.pkg })),
]);

/** Codes written inline where the error is thrown: new NerError('E_...', ...). */
const inline = files.flatMap((f) =>
  [...f.text.matchAll(/NerError\(\s*'(E_[A-Z0-9_]+)'/g)].map((m) => ({ code: m[1]!, where: relative(ROOT, f.file), pkg: f.pkg })));

describe('error codes', () => {
  it('finds the catalogues of every package that has one', () => {
    expect(new Set(catalogued.map((c) => c.pkg))).toEqual(new Set(['annotate', 'core', 'corpus', 'eval', 'ingest', 'store', 'terms', 'train']));
    expect(catalogued.length).toBeGreaterThan(60);
  });

  it('are declared once: no code means two things in two catalogues (or twice in one)', () => {
    const by = new Map<string, string[]>();
    for (const c of catalogued) by.set(c.code, [...(by.get(c.code) ?? []), c.where]);
    expect([...by].filter(([, w]) => w.length > 1)).toEqual([]);
  });

  it('written inline are used by one package only (a code two packages invent is two meanings)', () => {
    const declared = new Set(catalogued.map((c) => c.code));
    const by = new Map<string, Set<string>>();
    for (const c of inline.filter((x) => !declared.has(x.code))) by.set(c.code, (by.get(c.code) ?? new Set()).add(c.pkg));
    expect([...by].filter(([, pkgs]) => pkgs.size > 1).map(([code, pkgs]) => `${code}: ${[...pkgs].join(', ')}`)).toEqual([]);
  });

  it('all look like E_<AREA>_<WHAT> in capitals', () => {
    expect([...catalogued, ...inline].filter((c) => !/^E_[A-Z0-9]+(_[A-Z0-9]+)*$/.test(c.code)).map((c) => `${c.code} (${c.where})`)).toEqual([]);
  });
});
