import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { IngestErrors } from '../errors.js';
import { parseTesseractTsv, type OcrPage } from './tsv.js';

/** What an OCR engine needs to know: Tesseract language codes (`spa`, `spa+eng`) and where their models are. */
export interface OcrEngineOptions {
  lang: string;
  /** A folder with `<lang>.traineddata` (or `.traineddata.gz`); default: the engine's own. */
  langPath?: string;
}

/** One file's OCR session: open once, recognise its pages, close. */
export interface OcrSession {
  recognize(png: Uint8Array, timeoutMs?: number): Promise<OcrPage>;
  close(): Promise<void>;
}

/** An OCR engine: Tesseract's binary or tesseract.js, same model family, same TSV output. */
export interface OcrEngine {
  name: 'tesseract' | 'tesseract.js';
  /** Why it cannot run here, or undefined when it can. */
  unavailable(options: OcrEngineOptions): string | undefined;
  open(options: OcrEngineOptions): Promise<OcrSession>;
}

const langs = (o: OcrEngineOptions) => o.lang.split('+').filter(Boolean);
let installedLangs: Map<string, Set<string> | null> | undefined;

/** Languages the `tesseract` binary has (null when the binary is not on the PATH). */
function tesseractLangs(langPath?: string): Set<string> | null {
  installedLangs ??= new Map();
  const key = langPath ?? '';
  if (!installedLangs.has(key)) {
    const r = spawnSync('tesseract', [...(langPath ? ['--tessdata-dir', langPath] : []), '--list-langs'], { encoding: 'utf8' });
    installedLangs.set(key, r.status === 0 ? new Set(r.stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean)) : null);
  }
  return installedLangs.get(key)!;
}

/**
 * Tesseract's own binary (Debian/Ubuntu: `apt-get install tesseract-ocr tesseract-ocr-spa`), one
 * process per page. One OpenMP thread each: ingest already runs one file per core.
 */
export const tesseractCli: OcrEngine = {
  name: 'tesseract',
  unavailable(o) {
    const have = tesseractLangs(o.langPath);
    if (!have) return 'the tesseract binary is not on the PATH';
    const missing = langs(o).filter((l) => !have.has(l));
    return missing.length ? `tesseract has no model for ${missing.join(', ')} (apt-get install ${missing.map((l) => `tesseract-ocr-${l}`).join(' ')})` : undefined;
  },
  async open(o) {
    const args = [...(o.langPath ? ['--tessdata-dir', o.langPath] : []), 'stdin', 'stdout', '-l', o.lang, 'tsv'];
    return {
      recognize: (png, timeoutMs = 0) => new Promise<OcrPage>((resolve, reject) => {
        const child = execFile('tesseract', args, {
          encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        }, (err, stdout, stderr) => (err ? reject(new Error(`tesseract failed: ${String(stderr || err.message).trim().split('\n')[0]}`)) : resolve(parseTesseractTsv(stdout))));
        child.stdin!.end(png);
      }),
      close: async () => {},
    };
  },
};

/** The folder holding `lang`'s model for tesseract.js: `--ocr-lang-path`, else the npm package `@tesseract.js-data/<lang>`. */
function jsLangPath(lang: string, langPath?: string): { dir: string; gzip: boolean } | undefined {
  const has = (dir: string) => existsSync(path.join(dir, `${lang}.traineddata.gz`)) ? { dir, gzip: true }
    : existsSync(path.join(dir, `${lang}.traineddata`)) ? { dir, gzip: false } : undefined;
  if (langPath) return has(langPath);
  try {
    const pkg = createRequire(import.meta.url)(`@tesseract.js-data/${lang}`) as { langPath: string };
    return has(pkg.langPath);
  } catch {
    return undefined;
  }
}

/**
 * tesseract.js (Tesseract compiled to WebAssembly, from npm): the path that works without any
 * system package. The Spanish model ships in the npm package @tesseract.js-data/spa; nothing is
 * downloaded (a language without a local model is refused, never fetched).
 */
export const tesseractJs: OcrEngine = {
  name: 'tesseract.js',
  unavailable(o) {
    const missing = langs(o).filter((l) => !jsLangPath(l, o.langPath));
    if (!missing.length) return undefined;
    return o.langPath
      ? `no ${missing.map((l) => `${l}.traineddata`).join(', ')} in ${o.langPath}`
      : `no model for ${missing.join(', ')} (npm install @tesseract.js-data/${missing[0]}, or --ocr-lang-path FOLDER)`;
  },
  async open(o) {
    const paths = langs(o).map((l) => jsLangPath(l, o.langPath)!);
    const { createWorker } = await import('tesseract.js');
    // One folder and one gzip setting per worker: tesseract.js takes them per worker, not per language.
    const worker = await createWorker(langs(o), 1, {
      langPath: paths[0]!.dir, gzip: paths[0]!.gzip, cacheMethod: 'none', logger: () => {}, errorHandler: () => {},
    });
    return {
      recognize: async (png) => parseTesseractTsv((await worker.recognize(Buffer.from(png), {}, { tsv: true })).data.tsv ?? ''),
      close: async () => { await worker.terminate(); },
    };
  },
};

/** The engine for `--ocr-engine`: `auto` takes the binary when it has the languages, else tesseract.js. */
export function resolveOcrEngine(requested: string, o: OcrEngineOptions): OcrEngine {
  const engines = [tesseractCli, tesseractJs];
  const chosen = requested === 'auto' ? engines.find((e) => !e.unavailable(o)) : engines.find((e) => e.name === requested);
  if (!chosen) {
    const why = requested === 'auto' ? engines.map((e) => `${e.name}: ${e.unavailable(o)}`).join('; ') : `unknown engine "${requested}"`;
    throw new NerError(IngestErrors.OCR_UNAVAILABLE, `No OCR engine can read ${o.lang} here (${why}).`, {
      hint: 'Install tesseract-ocr and tesseract-ocr-spa, or point --ocr-lang-path at a folder with the .traineddata files, or use --ocr off.',
    });
  }
  const why = chosen.unavailable(o);
  if (why) throw new NerError(IngestErrors.OCR_UNAVAILABLE, `The ${chosen.name} OCR engine cannot run: ${why}.`, { hint: 'Use --ocr-engine auto, or --ocr off.' });
  return chosen;
}
