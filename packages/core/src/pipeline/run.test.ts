import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quietContext } from '../context.js';
import { pathRef } from '../refs.js';
import { defineStage } from '../stage.js';
import { stages } from '../stages.js';
import { runPipeline } from './run.js';

/** Real little stages over real files: upper-cases text, counts words, joins files. */
const calls: string[] = [];
/** Where the stages are asked to write, relative to the system temp folder (the runner gives absolute paths). */
const where = (p: string) => relative(tmpdir(), p).split('/').slice(1).join('/');
beforeAll(() => {
  stages.register('test.upper', defineStage({
    name: 'test.upper', version: '1', description: 'upper-cases a text file',
    options: z.object({ input: pathRef('text file'), out: pathRef('output') }),
    inputs: (o) => [o.input], outputs: (o) => [o.out],
    async run(o) {
      calls.push(`upper:${where(o.out)}`);
      await writeFile(o.out, (await readFile(o.input, 'utf8')).toUpperCase());
      return { ok: true };
    },
  }), { replace: true });
  stages.register('test.count', defineStage({
    name: 'test.count', version: '1', description: 'counts words',
    options: z.object({ input: pathRef('text file'), out: pathRef('output'), failIf: z.string().optional() }),
    inputs: (o) => [o.input], outputs: (o) => [o.out],
    async run(o) {
      calls.push(`count:${where(o.out)}`);
      const text = await readFile(o.input, 'utf8');
      if (o.failIf && text.includes(o.failIf)) throw new Error(`found ${o.failIf}`);
      await writeFile(o.out, String(text.split(/\s+/).filter(Boolean).length));
    },
  }), { replace: true });
  stages.register('test.join', defineStage({
    name: 'test.join', version: '1', description: 'joins files',
    options: z.object({ inputs: z.array(pathRef('text files')), out: pathRef('output') }),
    inputs: (o) => o.inputs, outputs: (o) => [o.out],
    async run(o) {
      calls.push(`join:${where(o.out)}`);
      await writeFile(o.out, (await Promise.all(o.inputs.map((i) => readFile(i, 'utf8')))).join('\n'));
    },
  }), { replace: true });
});

function project(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-pipe-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/a.txt'), 'La campaña de Google Ads mejoró el CTR.');
  writeFileSync(join(dir, 'data/b.txt'), 'El SEO tarda meses en dar resultados.');
  writeFileSync(join(dir, 'pipeline.yaml'), yaml);
  return { dir, file: join(dir, 'pipeline.yaml') };
}

const PIPE = `vars:
  out: out
steps:
  total:
    use: test.join
    with: { inputs: ["\${out}/a.count", "\${out}/b.count"], out: "\${out}/total.txt" }
  countA:
    use: test.count
    with: { input: "\${out}/A.txt", out: "\${out}/a.count" }
  upperA:
    use: test.upper
    with: { input: data/a.txt, out: "\${out}/A.txt" }
  countB:
    use: test.count
    with: { input: data/b.txt, out: "\${out}/b.count" }
`;

const statuses = (r: Awaited<ReturnType<typeof runPipeline>>) => Object.fromEntries(r.steps.map((s) => [s.name, s.status]));

describe('runPipeline', () => {
  it('runs steps in dependency order, then skips everything, then re-runs exactly what a changed input feeds', async () => {
    const { dir, file } = project(PIPE);
    mkdirSync(join(dir, 'out'));
    calls.length = 0;
    const first = await runPipeline(file, {}, quietContext());
    expect(first.ok).toBe(true);
    expect(first.steps.map((s) => s.name)).toEqual(['upperA', 'countA', 'countB', 'total']);
    expect(readFileSync(join(dir, 'out/total.txt'), 'utf8')).toBe('8\n7');
    const second = await runPipeline(file, {}, quietContext());
    expect(Object.values(statuses(second))).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    writeFileSync(join(dir, 'data/b.txt'), 'El SEO tarda.');
    calls.length = 0;
    const third = await runPipeline(file, {}, quietContext());
    expect(statuses(third)).toEqual({ upperA: 'skipped', countA: 'skipped', countB: 'ran', total: 'ran' });
    expect(third.steps.find((s) => s.name === 'countB')!.reason).toContain('input changed: data/b.txt');
    expect(calls).toEqual(['count:out/b.count', 'join:out/total.txt']);
  });

  it('plans without running (--dry) and says why each step would run', async () => {
    const { file } = project(PIPE);
    calls.length = 0;
    const plan = await runPipeline(file, { dry: true }, quietContext());
    expect(calls).toEqual([]);
    expect(plan.steps.every((s) => s.status === 'would-run')).toBe(true);
    expect(plan.steps[0]!.reason).toBe('never ran');
  });

  it('detects cycles and names them', async () => {
    const { file } = project(`steps:
  one: { use: test.upper, with: { input: x.txt, out: y.txt } }
  two: { use: test.upper, with: { input: y.txt, out: x.txt } }
`);
    await expect(runPipeline(file, {}, quietContext())).rejects.toThrow(/cycle: (one -> two -> one|two -> one -> two)/);
  });

  it('fails a step with a missing input and blocks its dependants, naming the cause', async () => {
    const { file } = project(PIPE.replace('data/b.txt', 'data/nope.txt'));
    const r = await runPipeline(file, {}, quietContext());
    expect(r.ok).toBe(false);
    expect(statuses(r)).toEqual({ upperA: 'ran', countA: 'ran', countB: 'failed', total: 'blocked' });
    expect(r.steps.find((s) => s.name === 'countB')!.reason).toContain('missing input data/nope.txt');
    expect(r.steps.find((s) => s.name === 'total')!.reason).toBe('countB did not finish');
  });

  it('resumes after a failure: finished steps are not run again', async () => {
    const { dir, file } = project(PIPE.replace('out: "${out}/b.count" }', 'out: "${out}/b.count", failIf: SEO }'));
    const r1 = await runPipeline(file, {}, quietContext());
    expect(statuses(r1)).toMatchObject({ countB: 'failed', total: 'blocked' });
    expect(r1.steps.find((s) => s.name === 'countB')!.error!.message).toContain('found SEO');
    writeFileSync(join(dir, 'data/b.txt'), 'Otro texto sin la palabra.');
    calls.length = 0;
    const r2 = await runPipeline(file, {}, quietContext());
    expect(statuses(r2)).toEqual({ upperA: 'skipped', countA: 'skipped', countB: 'ran', total: 'ran' });
  });

  it('loads a custom stage from a module path; one that declares a relative path is refused', async () => {
    const { dir, file } = project(`steps:
  shout: { use: ./my-stage.mjs, with: { input: data/a.txt, out: out.txt } }
`);
    // Not a zod schema: the runner cannot know which options are paths, so it cannot resolve them.
    writeFileSync(join(dir, 'my-stage.mjs'), `import { writeFileSync, readFileSync } from 'node:fs';
export default { name: 'my.shout', version: '1', description: 'adds !', options: { safeParse: (v) => ({ success: true, data: v }) },
  inputs: (o) => [o.input], outputs: (o) => [o.out],
  async run(o) { writeFileSync(o.out, readFileSync(o.input, 'utf8') + '!'); return { n: 1 }; } };
`);
    await expect(runPipeline(file, {}, quietContext())).rejects.toMatchObject({
      code: 'E_PIPELINE_RELATIVE_PATH', line: 2, message: expect.stringContaining('declares the relative path "data/a.txt"'),
    });
    writeFileSync(file, `steps:\n  shout: { use: ./my-stage.mjs, with: { input: ${join(dir, 'data/a.txt')}, out: ${join(dir, 'out.txt')} } }\n`);
    const r = await runPipeline(file, {}, quietContext());
    expect(r.ok).toBe(true);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('La campaña de Google Ads mejoró el CTR.!');
  });

  it('names file, line and column for bad options and unknown stages', async () => {
    const bad = project(`steps:
  ok: { use: test.upper, with: { input: data/a.txt, out: a.txt } }
  broken:
    use: test.count
    with:
      input: 42
      out: b.txt
`);
    await expect(runPipeline(bad.file, {}, quietContext())).rejects.toThrow(/6:\d+: step broken \(test.count\): input:/);
    const unknown = project(`steps:\n  x:\n    use: no.such.stage\n    with: {}\n`);
    await expect(runPipeline(unknown.file, {}, quietContext())).rejects.toMatchObject({ code: 'E_PIPELINE_STAGE', line: 3 });
  });
});

describe('paths without process.chdir (issue 15)', () => {
  it('two pipelines in different folders run at once in one process, each reading and writing its own files', async () => {
    const cwd = process.cwd();
    const one = project(PIPE);
    const two = project(PIPE);
    writeFileSync(join(two.dir, 'data/a.txt'), 'Ana Pérez y Luis Gómez viajaron de Sevilla a Bilbao en tren.');
    mkdirSync(join(one.dir, 'out'));
    mkdirSync(join(two.dir, 'out'));
    const [r1, r2] = await Promise.all([runPipeline(one.file, {}, quietContext()), runPipeline(two.file, {}, quietContext())]);
    expect([r1.ok, r2.ok]).toEqual([true, true]);
    expect(readFileSync(join(one.dir, 'out/total.txt'), 'utf8')).toBe('8\n7');
    expect(readFileSync(join(two.dir, 'out/total.txt'), 'utf8')).toBe('12\n7');
    expect(readFileSync(join(two.dir, 'out/A.txt'), 'utf8')).toBe('ANA PÉREZ Y LUIS GÓMEZ VIAJARON DE SEVILLA A BILBAO EN TREN.');
    expect(process.cwd()).toBe(cwd);
    expect(r1.steps.flatMap((s) => s.outputs).every((o) => o.startsWith(one.dir))).toBe(true);
  });

  it('a step gets absolute paths, and its hash covers the options as written (moving the project reruns nothing)', async () => {
    const { dir, file } = project(PIPE);
    mkdirSync(join(dir, 'out'));
    calls.length = 0;
    await runPipeline(file, { only: ['upperA'] }, quietContext());
    expect(calls).toEqual(['upper:out/A.txt']);
    const lock = JSON.parse(readFileSync(join(dir, 'pipeline.lock.json'), 'utf8')) as { steps: Record<string, { inputs: Record<string, string> }> };
    expect(Object.keys(lock.steps.upperA!.inputs)).toEqual(['data/a.txt']);
    const moved = `${dir}-moved`;
    (await import('node:fs')).renameSync(dir, moved);
    const again = await runPipeline(join(moved, 'pipeline.yaml'), { only: ['upperA'] }, quietContext());
    expect(again.steps[0]).toMatchObject({ status: 'skipped', reason: 'up to date', outputs: [join(moved, 'out/A.txt')] });
  });
});
