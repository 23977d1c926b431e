import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Cached content hashes, keyed by path, valid while size and mtime are unchanged. */
export type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

async function fileHash(path: string, size: number, mtimeMs: number, cache: HashCache): Promise<string> {
  const hit = cache[path];
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.sha256;
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  const sha256 = h.digest('hex');
  cache[path] = { size, mtimeMs, sha256 };
  return sha256;
}

/**
 * Content fingerprint of a file or folder (recursively: names and contents), or null when missing.
 * Contents are hashed, not timestamps, so touching a file without changing it re-runs nothing;
 * the cache avoids re-reading unchanged files (same size and mtime).
 */
export async function fingerprint(path: string, cache: HashCache): Promise<string | null> {
  const st = await stat(path).catch(() => null);
  if (!st) return null;
  if (st.isFile()) return fileHash(path, st.size, st.mtimeMs, cache);
  if (!st.isDirectory()) return null;
  const h = createHash('sha256');
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
  for (const name of names) {
    const sub = await fingerprint(join(path, name), cache);
    if (sub !== null) h.update(`${name}\0${sub}\n`);
  }
  return h.digest('hex');
}

/** Hash of a JSON-able value with sorted keys (so option order does not matter). */
export function stableHash(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}
