import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry } from '@nerflow/core';
import { IngestErrors } from '../errors.js';
import { NerError } from '@nerflow/corpus';
import type { Extractor } from '../types.js';
import { pdfParseExtractor } from './pdf-parse.js';
import { pdftotextBboxExtractor, pdftotextExtractor } from './pdftotext.js';
import { jsonlExtractor, textExtractor } from './text.js';

/**
 * Text extractors by name. Built-ins: 'pdf-parse' (pdf.js, portable default), 'pdftotext' (poppler,
 * used when on the PATH), 'text' (.txt/.md) and 'jsonl'. A plug-in registers its own in a module
 * whose default export is an Extractor or an array of them, passed as `plugins`: each worker thread
 * loads it too (a registration made only in the main thread would not exist in the workers).
 */
export const extractors = new Registry<Extractor>('ingest extractor');
for (const e of [pdfParseExtractor, pdftotextExtractor, pdftotextBboxExtractor, textExtractor, jsonlExtractor]) extractors.register(e.name, e);

/** Extensions nerflow ingest reads (lower case, with the dot). */
export function supportedExtensions(): string[] {
  return [...new Set(extractors.names().flatMap((n) => extractors.get(n).extensions))].sort();
}

/** The extension of a file as the registry sees it ('.jsonl.gz' counts as one). */
export function extensionOf(file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl.gz')) return '.jsonl.gz';
  const dot = lower.lastIndexOf('.');
  return dot > lower.lastIndexOf('/') ? lower.slice(dot) : '';
}

/**
 * Which extractor reads `.pdf` files: `auto` takes pdftotext when it is on the PATH (2-3x faster)
 * and pdf-parse otherwise; a name forces that extractor (an error if it cannot run here).
 */
export function resolvePdfExtractor(requested: string): Extractor {
  if (requested === 'auto') return pdftotextExtractor.available() ? pdftotextExtractor : pdfParseExtractor;
  const e = extractors.get(requested);
  if (!e.available()) {
    throw new NerError(IngestErrors.EXTRACTOR_UNAVAILABLE, `The ${requested} extractor cannot run on this machine.`, {
      hint: requested === 'pdftotext'
        ? 'Install poppler-utils (apt-get install poppler-utils), or use --extractor pdf-parse.'
        : `Available here: ${extractors.names().filter((n) => extractors.get(n).available()).join(', ')}.`,
    });
  }
  return e;
}

/** The extractor for one file, or undefined when its extension is not supported. */
export function extractorFor(file: string, pdfExtractor: string): Extractor | undefined {
  const ext = extensionOf(file);
  if (ext === '.pdf') return extractors.get(pdfExtractor);
  for (const name of extractors.names()) {
    const e = extractors.get(name);
    if (e.extensions.includes(ext) && !e.extensions.includes('.pdf')) return e;
  }
  return undefined;
}

const loadedPlugins = new Map<string, Promise<void>>();

/** A plug-in path or package name as an import specifier that works from any thread. */
export function pluginSpecifier(spec: string, cwd = process.cwd()): string {
  return spec.startsWith('.') || path.isAbsolute(spec) ? pathToFileURL(path.resolve(cwd, spec)).href : spec;
}

/** Imports plug-in modules (once per thread) and registers the extractors they export. */
export async function loadPlugins(specs: string[]): Promise<void> {
  for (const spec of specs) {
    if (!loadedPlugins.has(spec)) {
      loadedPlugins.set(spec, (async () => {
        const mod = (await import(spec)) as { default?: Extractor | Extractor[] };
        const list = Array.isArray(mod.default) ? mod.default : mod.default ? [mod.default] : [];
        if (list.length === 0) {
          throw new NerError(IngestErrors.BAD_PLUGIN, `The plug-in ${spec} exports no extractor.`, {
            hint: 'Its default export must be an Extractor ({name, version, extensions, available, extract}) or an array of them.',
          });
        }
        for (const e of list) extractors.register(e.name, e, { replace: true });
      })());
    }
    await loadedPlugins.get(spec);
  }
}
