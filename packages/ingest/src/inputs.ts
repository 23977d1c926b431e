import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { NerError } from '@nerflow/corpus';
import { IngestErrors } from './errors.js';
import { OUTPUT_FILES } from './run.js'; // used at call time only, so the import cycle is harmless
import { extensionOf, supportedExtensions } from './extractors/registry.js';

/** A file to ingest: its absolute path and the relative path recorded as `source`. */
export interface InputFile {
  file: string;
  source: string;
  /** False for an explicitly named file whose type is not supported (reported, not read). */
  supported: boolean;
}


/**
 * True for a file written by an earlier ingest run (`ingest . --out .` must not read its own
 * output the next time, and then fail every run).
 */
function isIngestOutput(file: string): boolean {
  const name = path.basename(file);
  return [OUTPUT_FILES.docs, OUTPUT_FILES.examples, OUTPUT_FILES.manifest].includes(name as never)
    && existsSync(path.join(path.dirname(file), OUTPUT_FILES.report));
}

/**
 * Expands files, folders (recursively) and globs into a sorted, de-duplicated list of files.
 * `source` is relative to the folder given (or to the glob's fixed prefix, or the file's folder),
 * so that moving the whole collection keeps its ids and sources stable.
 */
export async function expandInputs(paths: string[], cwd = process.cwd()): Promise<InputFile[]> {
  const exts = supportedExtensions().map((e) => e.slice(1));
  const found = new Map<string, InputFile>();
  const add = (file: string, base: string, supported: boolean) => {
    if (!found.has(file)) found.set(file, { file, source: path.relative(base, file).split(path.sep).join('/'), supported });
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const st = await stat(abs).catch(() => undefined);
    if (st?.isDirectory()) {
      const pattern = `**/*.{${exts.join(',')}}`;
      for (const f of await fg(pattern, { cwd: abs, absolute: true, onlyFiles: true, caseSensitiveMatch: false, dot: false })) {
        if (!isIngestOutput(f)) add(f, abs, true);
      }
    } else if (st?.isFile()) {
      add(abs, path.dirname(abs), supportedExtensions().includes(extensionOf(abs)));
    } else if (fg.isDynamicPattern(p)) {
      const base = path.resolve(cwd, fg.generateTasks([p])[0]?.base ?? '.');
      for (const f of await fg(p, { cwd, absolute: true, onlyFiles: true })) add(f, base, supportedExtensions().includes(extensionOf(f)));
    } else {
      throw new NerError('E_FILE_NOT_FOUND', `No such file or folder: ${p}`, { file: p, hint: 'Check the path (it is resolved from the current folder).' });
    }
  }
  if (found.size === 0) {
    throw new NerError(IngestErrors.NO_INPUT, `No files to ingest in ${paths.join(', ')}.`, {
      hint: `nerflow ingest reads ${supportedExtensions().join(', ')} files, in folders recursively or by glob ('docs/**/*.pdf').`,
    });
  }
  return [...found.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.file < b.file ? -1 : 1));
}

/** SHA-256 of a file's bytes (streamed) and its size: the document's identity. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: h.digest('hex'), bytes };
}
