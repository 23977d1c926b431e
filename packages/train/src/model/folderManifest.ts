/**
 * manifest.json of a model folder: the size and SHA-256 of every weights file, written last, and
 * checked on load, so a truncated, overwritten or half-copied model is refused naming the file
 * (E_MODEL_CORRUPT) instead of predicting garbage. Tensor files are also checked against their
 * index (size) and for NaN/Inf values, which catches damage in folders written before manifests.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { ModelFolderErrors } from './folderErrors.js';

export const MANIFEST_FILE = 'manifest.json';
/** Descriptive files that may be edited by hand (model cards): not checksummed. */
const UNCHECKED = new Set([MANIFEST_FILE, 'meta.json', 'README.md']);

export interface FolderManifest {
  format: 'nerflow.manifest.v1';
  /** false while training writes checkpoints; predict/eval/annotate refuse it without --allow-incomplete. */
  complete: boolean;
  files: Record<string, { bytes: number; sha256: string }>;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/** Builds the manifest of every file now in `dir` (except descriptive ones). */
export async function buildManifest(dir: string, complete: boolean): Promise<FolderManifest> {
  const files: FolderManifest['files'] = {};
  for (const rel of await listFiles(dir)) {
    if (UNCHECKED.has(rel)) continue;
    const buf = await readFile(path.join(dir, rel));
    files[rel] = { bytes: buf.length, sha256: sha256(buf) };
  }
  return { format: 'nerflow.manifest.v1', complete, files };
}

/** The folder's manifest, or null for folders written before manifests existed. */
export async function readManifest(dir: string): Promise<FolderManifest | null> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(await readFile(file, 'utf8')) as FolderManifest;
    if (m.format !== 'nerflow.manifest.v1' || typeof m.files !== 'object') throw new Error(`unknown manifest format ${String(m.format)}`);
    return m;
  } catch (cause) {
    throw new NerError(ModelFolderErrors.CORRUPT, `${file} is damaged: ${(cause as Error).message}`, { file, cause, hint: 'Copy the model again or retrain it.' });
  }
}

const corrupt = (file: string, what: string) => new NerError(ModelFolderErrors.CORRUPT, `${file} ${what}`, {
  file, hint: 'The model folder is damaged (a truncated copy, a disk error, an edited file): copy it again or retrain it.',
});

/**
 * Checks every file the manifest lists: present, same size, same SHA-256. Returns the bytes it
 * read, so the tensor checks that follow do not read the same files again.
 */
export async function verifyManifest(dir: string, manifest: FolderManifest): Promise<Map<string, Buffer>> {
  const read = new Map<string, Buffer>();
  for (const [rel, want] of Object.entries(manifest.files)) {
    const file = path.join(dir, rel);
    if (!existsSync(file)) throw corrupt(file, 'is missing (listed in manifest.json)');
    const buf = await readFile(file);
    if (buf.length !== want.bytes) throw corrupt(file, `has ${buf.length} bytes; manifest.json says ${want.bytes}`);
    if (sha256(buf) !== want.sha256) throw corrupt(file, 'does not match its checksum in manifest.json');
    read.set(rel, buf);
  }
  return read;
}

/**
 * Checks the float32 tensor files (`*.json` index + `*.bin`) under `dir`: the .bin holds exactly
 * the values the index describes, and none is NaN or infinite (such a model predicts nothing).
 */
export async function verifyTensorFiles(dir: string, alreadyRead: ReadonlyMap<string, Buffer> = new Map()): Promise<void> {
  const load = async (rel: string) => alreadyRead.get(rel) ?? readFile(path.join(dir, rel));
  for (const rel of await listFiles(dir)) {
    if (!rel.endsWith('.json')) continue;
    const binRel = `${rel.slice(0, -'.json'.length)}.bin`;
    const bin = path.join(dir, binRel);
    if (!existsSync(bin)) continue;
    let index: { format?: string; tensors?: { name: string; shape: number[]; offset: number }[] };
    try {
      index = JSON.parse((await load(rel)).toString('utf8'));
    } catch (cause) {
      throw corrupt(path.join(dir, rel), `is not valid JSON (${(cause as Error).message})`);
    }
    if (index.format !== 'nerflow.tensors.v1' || !Array.isArray(index.tensors)) continue;
    const values = index.tensors.reduce((a, t) => Math.max(a, t.offset + t.shape.reduce((x, y) => x * y, 1)), 0);
    let buf = await load(binRel);
    if (buf.byteOffset % 4) buf = Buffer.from(buf); // Float32Array needs an aligned view
    if (buf.length !== values * 4) throw corrupt(bin, `has ${buf.length} bytes; its index ${path.basename(rel)} needs ${values * 4} (truncated or from another model)`);
    const f = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    for (let i = 0; i < f.length; i++) {
      if (!Number.isFinite(f[i]!)) {
        const t = index.tensors.find((x) => i >= x.offset && i < x.offset + x.shape.reduce((a, b) => a * b, 1));
        throw corrupt(bin, `holds ${String(f[i])} in tensor ${t?.name ?? '?'}: the weights are not usable (training diverged or the file is damaged)`);
      }
    }
  }
}
