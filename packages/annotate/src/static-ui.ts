import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NerError } from '@nerflow/corpus';
import { AnnotateErrors } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

export interface StaticFile { body: Buffer; type: string }

/** Where `vite build` of packages/annotate-ui writes the page (see its vite.config.ts). */
export function defaultUiDir(): string {
  return fileURLToPath(new URL('../ui-dist/', import.meta.url));
}

/**
 * Reads the built page into memory once, keyed by URL path. Requests are answered from this map
 * only, so no part of a request ever becomes a file-system path.
 */
export function loadUi(dir = defaultUiDir()): Map<string, StaticFile> {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new NerError(AnnotateErrors.NO_UI, `The annotation page is not built (no ${path.join(dir, 'index.html')}).`, {
      hint: 'Build it with `npx nx build @nerflow/annotate-ui` (or `npm run build`).',
    });
  }
  const files = new Map<string, StaticFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const url = '/' + path.relative(dir, full).split(path.sep).join('/');
        files.set(url, { body: readFileSync(full), type: TYPES[path.extname(name)] ?? 'application/octet-stream' });
      }
    }
  };
  walk(dir);
  files.set('/', files.get('/index.html')!);
  return files;
}
