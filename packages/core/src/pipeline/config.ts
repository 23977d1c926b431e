import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import { z } from 'zod';
import { NerError } from '@nerflow/corpus';
import { CoreErrors } from '../errors.js';

/** One step of a pipeline file. */
export interface StepConfig {
  name: string;
  /** A registered stage name ('ingest'), a module path ('./stages/min-length.mjs') or an npm package. */
  use: string;
  /** The stage's options, validated by the stage's own schema. */
  with: Record<string, unknown>;
  /** Steps that must run first, besides those inferred from inputs and outputs. */
  needs: string[];
}

export interface PipelineConfig {
  file: string;
  dir: string;
  vars: Record<string, unknown>;
  steps: StepConfig[];
  /** Line and column of a YAML path, for error messages. */
  locate(path: (string | number)[]): { line: number; col: number } | undefined;
}

const StepSchema = z.object({
  use: z.string().min(1).describe('stage name, module path or npm package'),
  with: z.record(z.string(), z.unknown()).default({}),
  needs: z.array(z.string()).default([]),
}).strict();

const PipelineSchema = z.object({
  vars: z.record(z.string(), z.unknown()).default({}),
  steps: z.record(z.string(), StepSchema),
}).strict();

/** Replaces `${vars.name}` (and `${name}`) in every string of a value. */
export function interpolate(value: unknown, vars: Record<string, unknown>, where: () => string): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{(?:vars\.)?([\w.-]+)\}$/.exec(value);
    if (whole) return lookup(whole[1]!, vars, where); // keep non-string types for a whole-value reference
    return value.replace(/\$\{(?:vars\.)?([\w.-]+)\}/g, (_, name: string) => String(lookup(name, vars, where)));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, where)]));
  }
  return value;
}

function lookup(name: string, vars: Record<string, unknown>, where: () => string): unknown {
  if (!(name in vars)) {
    throw new NerError(CoreErrors.PIPELINE_VAR, `unknown variable \${${name}} (${where()})`, { hint: `Define it under vars:. Defined: ${Object.keys(vars).join(', ') || '(none)'}.` });
  }
  return vars[name];
}

function located(doc: Document, counter: LineCounter, path: (string | number)[]) {
  for (let p = path; p.length >= 0; p = p.slice(0, -1)) {
    const node = (p.length ? doc.getIn(p, true) : doc.contents) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
    if (p.length === 0) break;
  }
  return undefined;
}

/** Reads and validates a pipeline file; every error names file:line:col. */
export async function loadPipeline(file: string, overrides: Record<string, unknown> = {}): Promise<PipelineConfig> {
  const text = await readFile(file, 'utf8').catch((cause) => {
    throw new NerError(CoreErrors.PIPELINE_NOT_FOUND, `Cannot read pipeline file ${file}`, { file, cause, hint: 'Check the path.' });
  });
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    // linePos is only filled with prettyErrors: compute it from the offset otherwise.
    const pos = e.linePos?.[0] ?? (e.pos ? counter.linePos(e.pos[0]) : undefined);
    throw new NerError(CoreErrors.PIPELINE_YAML, `${pos ? `${pos.line}:${pos.col}: ` : ''}${e.message.split('\n')[0]}`, { file, line: pos?.line, hint: 'Fix the YAML syntax.' });
  }
  if (!isMap(doc.contents)) throw new NerError(CoreErrors.PIPELINE_SCHEMA, 'a pipeline file must be a mapping with `steps:`', { file, line: 1 });
  const locate = (path: (string | number)[]) => located(doc, counter, path);
  const parsed = PipelineSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as (string | number)[];
    const pos = locate(path);
    throw new NerError(CoreErrors.PIPELINE_SCHEMA, `${pos ? `${pos.line}:${pos.col}: ` : ''}${path.join('.') || '(top)'}: ${issue.message}`, {
      file, line: pos?.line, hint: 'A pipeline file has `vars:` (optional) and `steps:`, each step with `use:`, `with:` and optional `needs:`.',
    });
  }
  const vars = { ...parsed.data.vars, ...overrides };
  const steps = Object.entries(parsed.data.steps).map(([name, s]) => ({
    name,
    use: s.use,
    needs: s.needs,
    with: interpolate(s.with, vars, () => { const p = locate(['steps', name, 'with']); return `${file}${p ? `:${p.line}` : ''}, step ${name}`; }) as Record<string, unknown>,
  }));
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) || '/' : '.';
  return { file, dir, vars, steps, locate };
}
