import { NerError, toNerError } from '@nerflow/corpus';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { StageContext } from '../context.js';
import { resolveRefs } from '../refs.js';
import type { Stage } from '../stage.js';
import { loadPipeline, type PipelineConfig } from './config.js';
import { dependencies, topoOrder } from './dag.js';
import { fingerprint, stableHash, type HashCache } from './fingerprint.js';
import { loadStage } from './load-stage.js';
import { readLock, writeLock, type StepLock } from './lock.js';
import { assertDistinctOutputs, markedIncomplete } from './outputs.js';
import { closestKey, optionKeys, unknownOptionKeys } from './strict-options.js';
import { CoreErrors } from '../errors.js';

export type StepStatus = 'ran' | 'skipped' | 'would-run' | 'failed' | 'blocked' | 'waiting';

export interface StepReport {
  name: string;
  stage: string;
  status: StepStatus;
  /** Why it ran, was skipped or did not run. */
  reason: string;
  seconds?: number;
  error?: NerError;
  summary?: unknown;
  /** Absolute paths the step writes. */
  outputs: string[];
}

export interface RunPipelineOptions {
  /** Run only these steps (and the steps they depend on, which are skipped when up to date). */
  only?: string[];
  /** Print the plan, run nothing. */
  dry?: boolean;
  /** Run every selected step even when up to date. */
  force?: boolean;
  /** Override `vars:` of the pipeline file. */
  vars?: Record<string, unknown>;
  /** May interactive steps (annotate) wait for a person now? Default false. */
  interactive?: boolean;
}

export interface PipelineResult {
  ok: boolean;
  lockFile: string;
  steps: StepReport[];
}

interface Planned {
  name: string;
  use: string;
  stage: Stage;
  /** The options as the file gives them (relative paths, model names): what the step's hash covers. */
  written: Record<string, unknown>;
  /** The options the stage runs with: every path and model reference absolute (core's refs.ts). */
  options: Record<string, unknown>;
  inputs: string[];
  outputs: string[];
  needs: string[];
}

async function planSteps(config: PipelineConfig): Promise<Planned[]> {
  const out: Planned[] = [];
  const baseDir = resolve(config.dir);
  for (const step of config.steps) {
    const stage = await loadStage(step.use, config.dir).catch((e) => {
      const pos = config.locate(['steps', step.name, 'use']);
      const err = toNerError(e);
      throw new NerError(err.code, `${pos ? `${pos.line}:${pos.col}: ` : ''}step ${step.name}: ${err.message}`, { file: config.file, line: pos?.line, hint: err.hint, cause: err });
    });
    const unknown = unknownOptionKeys(stage.options, step.with);
    if (unknown.length) {
      const key = unknown[0]!;
      const pos = config.locate(['steps', step.name, 'with', key]);
      const near = closestKey(key, optionKeys(stage.options));
      throw new NerError(CoreErrors.PIPELINE_OPTIONS, `${pos ? `${pos.line}:${pos.col}: ` : ''}step ${step.name} (${stage.name}): unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}`, {
        file: config.file, line: pos?.line, hint: `Options of ${stage.name}: ${optionKeys(stage.options).join(', ')}. See \`nerflow ${stage.name.replace('.', ' ')} --help\`.`,
      });
    }
    const parsed = stage.options.safeParse(step.with);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['steps', step.name, 'with', ...(issue.path as (string | number)[])];
      const pos = config.locate(path);
      throw new NerError(CoreErrors.PIPELINE_OPTIONS, `${pos ? `${pos.line}:${pos.col}: ` : ''}step ${step.name} (${stage.name}): ${issue.path.join('.') || 'with'}: ${issue.message}`, {
        file: config.file, line: pos?.line, hint: `See \`nerflow ${stage.name.replace('.', ' ')} --help\` for the options of this stage.`,
      });
    }
    const written = parsed.data as Record<string, unknown>;
    // Relative to the pipeline file, resolved here once: the process never changes folder, so two
    // pipelines (or tests) in one process cannot resolve each other's paths.
    const options = resolveRefs(stage.options, written, baseDir);
    const inputs = stage.inputs(options);
    const outputs = stage.outputs(options);
    const relativePath = [...inputs, ...outputs].find((p) => !isAbsolute(p));
    if (relativePath !== undefined) {
      const pos = config.locate(['steps', step.name, 'use']);
      throw new NerError(CoreErrors.PIPELINE_RELATIVE_PATH, `${pos ? `${pos.line}:${pos.col}: ` : ''}step ${step.name} (${stage.name}) declares the relative path "${relativePath}", which the runner cannot place`, {
        file: config.file, line: pos?.line,
        hint: 'Declare the stage\'s path options with pathRef/sourceRef/modelRef from @nerflow/core instead of z.string(): the runner then resolves them against the pipeline\'s folder (docs/pipeline.md).',
      });
    }
    out.push({ name: step.name, use: step.use, stage, written, options, needs: step.needs, inputs, outputs });
  }
  return out;
}

/**
 * Runs a pipeline file: steps in dependency order, each skipped when its stage version, options and
 * input contents are unchanged since it last finished and its outputs exist. The lock file
 * (`<pipeline>.lock.json`) is written after every step, so an interrupted run resumes at the step
 * that did not finish. A failed step blocks its dependants; independent steps still run.
 * Relative paths in the file are relative to the file's folder: the runner resolves the options
 * a stage declares as references (`pathRef`, `sourceRef`, `modelRef`) before it runs; the process
 * stays in its folder.
 */
export async function runPipeline(file: string, options: RunPipelineOptions, ctx: StageContext): Promise<PipelineResult> {
  const config = await loadPipeline(file, options.vars);
  const planned = await planSteps(config);
  assertDistinctOutputs(planned, config.file, config.locate);
  const byName = new Map(planned.map((p) => [p.name, p]));
  const deps = dependencies(planned);
  let order = topoOrder(planned, deps);
  if (options.only?.length) {
    for (const name of options.only) {
      if (!byName.has(name)) throw new NerError(CoreErrors.PIPELINE_UNKNOWN_STEP, `no step named "${name}" in ${config.file}`, { hint: `Steps: ${order.join(', ')}.` });
    }
    const keep = new Set<string>();
    const add = (n: string) => { if (!keep.has(n)) { keep.add(n); for (const d of deps.get(n) ?? []) add(d); } };
    options.only.forEach(add);
    order = order.filter((n) => keep.has(n));
  }
  const lockFile = resolve(config.dir, `${basename(config.file).replace(/\.ya?ml$/, '')}.lock.json`);
  const lock = await readLock(lockFile);
  const reports = new Map<string, StepReport>();
  const baseDir = resolve(config.dir);
  const rel = (p: string) => relative(baseDir, p) || '.';

  for (const name of order) {
    const step = byName.get(name)!;
    const report: StepReport = { name, stage: step.stage.name, status: 'ran', reason: '', outputs: step.outputs };
    reports.set(name, report);
    const badDep = [...(deps.get(name) ?? [])].find((d) => ['failed', 'blocked', 'waiting'].includes(reports.get(d)?.status ?? ''));
    if (badDep) {
      Object.assign(report, { status: 'blocked', reason: `${badDep} ${reports.get(badDep)!.status === 'waiting' ? 'is waiting for a person' : 'did not finish'}` });
      continue;
    }
    const upstreamWillRun = [...(deps.get(name) ?? [])].some((d) => ['ran', 'would-run'].includes(reports.get(d)!.status));
    const inputs: Record<string, string | null> = {};
    for (const p of step.inputs) inputs[rel(p)] = await fingerprint(p, lock.fileHashes);
    const missing = Object.entries(inputs).filter(([p, h]) => h === null && !(options.dry && upstreamWillRun) && !producedUpstream(resolve(config.dir, p), name, deps, byName));
    if (missing.length) {
      Object.assign(report, {
        status: 'failed', reason: `missing input ${missing.map(([p]) => p).join(', ')}`,
        error: new NerError(CoreErrors.PIPELINE_MISSING_INPUT, `step ${name}: missing input ${missing.map(([p]) => p).join(', ')}`, { file: config.file, hint: 'Create it, fix the path, or add the step that produces it.' }),
      });
      continue;
    }
    const optionsHash = stableHash(step.written);
    const hash = stableHash({ stage: step.stage.name, version: step.stage.version, optionsHash, inputs });
    const prev: StepLock | undefined = lock.steps[name];
    const missingOutputs = step.outputs.filter((o) => !existsSync(o)).map(rel);
    const reasons = whyRun(prev, step, optionsHash, inputs, missingOutputs);
    if (prev && !step.stage.interactive && reasons.length === 0) reasons.push(...(await outputsChanged(prev, step.outputs, rel, lock.fileHashes)));
    if (step.stage.interactive && missingOutputs.length === 0 && !options.force) {
      Object.assign(report, { status: 'skipped', reason: 'satisfied by existing output' });
      continue;
    }
    if (!options.force && reasons.length === 0 && !(options.dry && upstreamWillRun)) {
      Object.assign(report, { status: 'skipped', reason: 'up to date' });
      continue;
    }
    const reason = options.force ? 'forced' : reasons.length ? reasons.join('; ') : 'an upstream step will run';
    if (step.stage.interactive && !options.interactive) {
      Object.assign(report, { status: 'waiting', reason: `needs a person (${step.stage.description}); run it by hand, then rerun the pipeline` });
      continue;
    }
    if (options.dry) {
      Object.assign(report, { status: 'would-run', reason });
      continue;
    }
    ctx.log.info(`▶ ${name} (${step.stage.name}): ${reason}`);
    const started = Date.now();
    try {
      for (const o of step.outputs) await mkdir(dirname(o), { recursive: true });
      // Forget the step's last success first: if this run is killed, the next one cannot take
      // what it leaves half-written for "up to date".
      if (lock.steps[name]) { delete lock.steps[name]; await writeLock(lockFile, lock); }
      report.summary = await step.stage.run(step.options, {
        ...ctx,
        progress: (e) => ctx.progress({ ...e, phase: e.phase ? `${name}: ${e.phase}` : name }),
      });
      report.seconds = (Date.now() - started) / 1000;
      Object.assign(report, { status: 'ran', reason });
      // What the step left, so that an output edited later is noticed (outputs are not part of the hash).
      const outputs: Record<string, string | null> = {};
      for (const o of step.outputs) outputs[rel(o)] = await fingerprint(o, lock.fileHashes);
      lock.steps[name] = { stage: step.stage.name, stageVersion: step.stage.version, optionsHash, inputs, outputs, hash, finishedAt: new Date().toISOString(), seconds: report.seconds };
      await writeLock(lockFile, lock);
    } catch (err) {
      const e = toNerError(err);
      // Where: the error's own file:line when it has one, and the step in the pipeline file.
      const at = config.locate(['steps', name]);
      const reason = `[${e.code}] ${e.located}${at ? ` (step at ${config.file}:${at.line})` : ''}`;
      Object.assign(report, { status: 'failed', reason, error: e, seconds: (Date.now() - started) / 1000 });
      if (ctx.signal.aborted) break;
    }
  }
  const steps = order.map((n) => reports.get(n) ?? { name: n, stage: byName.get(n)!.stage.name, status: 'blocked' as const, reason: 'interrupted', outputs: byName.get(n)!.outputs });
  return { ok: steps.every((s) => s.status === 'ran' || s.status === 'skipped' || s.status === 'would-run'), lockFile, steps };
}

function producedUpstream(path: string, name: string, deps: Map<string, Set<string>>, steps: Map<string, Planned>): boolean {
  return [...(deps.get(name) ?? [])].some((d) => steps.get(d)!.outputs.some((o) => o === path || path.startsWith(`${o}/`) || o.startsWith(`${path}/`)));
}

/** Outputs that are not what the step left: marked incomplete, or changed since (lock fingerprints). */
async function outputsChanged(prev: StepLock, outputs: string[], rel: (p: string) => string, cache: HashCache): Promise<string[]> {
  const incomplete = outputs.filter(markedIncomplete).map(rel);
  if (incomplete.length) return [`output incomplete (an interrupted run): ${incomplete.join(', ')}`];
  if (!prev.outputs) return []; // a lock from before output fingerprints
  const changed: string[] = [];
  for (const o of outputs) {
    if (prev.outputs[rel(o)] !== undefined && prev.outputs[rel(o)] !== (await fingerprint(o, cache))) changed.push(rel(o));
  }
  return changed.length ? [`output changed since the step made it: ${changed.join(', ')}`] : [];
}

function whyRun(prev: StepLock | undefined, step: Planned, optionsHash: string, inputs: Record<string, string | null>, missingOutputs: string[]): string[] {
  if (!prev) return ['never ran'];
  const reasons: string[] = [];
  if (prev.stage !== step.stage.name || prev.stageVersion !== step.stage.version) reasons.push(`stage ${step.stage.name} is now v${step.stage.version}`);
  if (prev.optionsHash !== optionsHash) reasons.push('options changed');
  const changed = Object.keys(inputs).filter((p) => prev.inputs[p] !== inputs[p]);
  if (changed.length) reasons.push(`input changed: ${changed.join(', ')}`);
  if (missingOutputs.length) reasons.push(`output missing: ${missingOutputs.join(', ')}`);
  return reasons;
}
