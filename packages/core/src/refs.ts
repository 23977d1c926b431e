import { isAbsolute, resolve } from 'node:path';
import { sourceScheme } from '@nerflow/corpus';
import { z } from 'zod';
import { shippedModelDir } from './models.js';

/**
 * Options that name files, corpus sources or models are declared with these types instead of a
 * bare `z.string()`, so whoever runs a stage away from the user's shell (the pipeline runner, which
 * reads paths relative to the pipeline file) resolves them once, the same way, before the stage
 * sees them (issue 15: no `process.chdir`). Flags and help text are unchanged: each is a string.
 *
 * - `pathRef`: a file or folder; `-` (stdin/stdout) is kept.
 * - `sourceRef`: a path, `-`, or a `scheme:` reference kept as given (`db:DATASET`,
 *   `postgresql://...`).
 * - `modelRef`: a model folder, or the name of a shipped model (`es-base`, see `resolveModelDir`).
 * - `datasetRef`: a dataset name, or an exported dataset file (`.jsonl`, `.jsonl.gz`).
 */
export type RefKind = 'path' | 'source' | 'model' | 'dataset';

const refKinds = z.registry<{ kind: RefKind }>();

const ref = (kind: RefKind, description: string) => z.string().min(1).describe(description).register(refKinds, { kind });

/** A file or folder option (`-` = stdin/stdout). Give the description here: `.describe()` would drop the mark. */
export const pathRef = (description: string) => ref('path', description);
/** A corpus source: a path, `-`, or `db:DATASET` (any `scheme:` reference is kept as given). */
export const sourceRef = (description: string) => ref('source', description);
/** A model folder or the name of a shipped model (es-base). */
export const modelRef = (description: string) => ref('model', description);
/** A dataset name, or a dataset exported to a `.jsonl(.gz)` file. */
export const datasetRef = (description: string) => ref('dataset', description);

type Inner = { _zod: { def: { type: string; innerType?: Inner; element?: Inner } } };

/** The reference kind of an option schema (through optional/default/nullable, and array elements). */
export function refKindOf(schema: z.ZodType): RefKind | undefined {
  let s = schema as unknown as Inner;
  for (;;) {
    const kind = refKinds.get(s as unknown as z.ZodType)?.kind;
    if (kind) return kind;
    const def = s._zod.def;
    if (def.innerType) s = def.innerType;
    else if (def.type === 'array' && def.element) s = def.element;
    else return undefined;
  }
}

/** `scheme://...` (a database URL); `db:NAME`-style sources are corpus's `sourceScheme`. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]+:\/\//i;

/** One reference made absolute against `baseDir` (kept as given where it is not a path). */
export function resolveRef(kind: RefKind, value: string, baseDir: string): string {
  if (value === '-') return value;
  if (kind === 'source' && (sourceScheme(value) !== undefined || URL_SCHEME.test(value))) return value;
  if (kind === 'dataset' && !/\.jsonl(\.gz)?$/.test(value)) return value;
  if (kind === 'model' && !isAbsolute(value)) return shippedModelDir(value, baseDir) ?? resolve(baseDir, value);
  return resolve(baseDir, value);
}

/**
 * The options with every reference the schema declares (see `pathRef`) resolved against
 * `baseDir`; other keys are returned as they are. Idempotent: absolute paths stay.
 * @example
 * resolveRefs(z.object({ out: pathRef('output') }), { out: 'model' }, '/proj') // { out: '/proj/model' }
 */
export function resolveRefs<O extends Record<string, unknown>>(schema: z.ZodType, options: O, baseDir: string): O {
  if (!(schema instanceof z.ZodObject)) return options;
  const out: Record<string, unknown> = { ...options };
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const kind = refKindOf(field);
    const value = out[key];
    if (!kind || value === undefined || value === null) continue;
    if (typeof value === 'string') out[key] = resolveRef(kind, value, baseDir);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? resolveRef(kind, v, baseDir) : v));
  }
  return out as O;
}

/**
 * The paths among a step's inputs that are files the runner can hash: not `-` (stdin), not a
 * `db:DATASET`-style source or URL, not unset. For a stage's `inputs()`.
 */
export function fileRefs(paths: (string | undefined)[]): string[] {
  return paths.filter((p): p is string => !!p && p !== '-' && sourceScheme(p) === undefined && !URL_SCHEME.test(p));
}
