import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quietContext } from '../context.js';
import { pathRef } from '../refs.js';
import { defineStage } from '../stage.js';
import { stages } from '../stages.js';
import { runPipeline } from './run.js';

/** A "trainer" that writes a folder like a model: weights, then meta.json; dies on request half-way. */
beforeAll(() => {
  stages.register('test.fold', defineStage({
    name: 'test.fold', version: '1', description: 'writes a model-like folder',
    options: z.object({ input: pathRef('training text'), out: pathRef('model folder'), maxEpochs: z.number().int().default(30), dieAfterWeights: z.boolean().default(false) }),
    inputs: (o) => [o.input], outputs: (o) => [o.out],
    async run(o) {
      mkdirSync(o.out, { recursive: true });
      await writeFile(join(o.out, 'weights.txt'), `${(await readFile(o.input, 'utf8')).length} x ${o.maxEpochs}`);
      await writeFile(join(o.out, 'meta.json'), JSON.stringify({ complete: false }));
      if (o.dieAfterWeights || process.env.NERFLOW_TEST_DIE === '1') throw new Error('killed');
      await writeFile(join(o.out, 'meta.json'), JSON.stringify({ complete: true }));
    },
  }), { replace: true });
});

function project(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-trust-'));
  writeFileSync(join(dir, 'train.txt'), 'Ana Pérez vive en Madrid.');
  writeFileSync(join(dir, 'pipeline.yaml'), yaml);
  return { dir, file: join(dir, 'pipeline.yaml') };
}
const PIPE = `steps:
  train:
    use: test.fold
    with: { input: train.txt, out: model }
`;
const status = async (file: string) => (await runPipeline(file, {}, quietContext())).steps[0]!;

describe('the pipeline cache verifies what it skips (issue 17 #4)', () => {
  it('a run killed after its input changed and was restored is not "up to date"', async () => {
    const { dir, file } = project(PIPE);
    expect((await status(file)).status).toBe('ran');
    writeFileSync(join(dir, 'train.txt'), 'Otro texto: Sevilla.');
    process.env.NERFLOW_TEST_DIE = '1';
    try {
      expect((await status(file)).status).toBe('failed');
    } finally {
      delete process.env.NERFLOW_TEST_DIE;
    }
    writeFileSync(join(dir, 'train.txt'), 'Ana Pérez vive en Madrid.'); // the input as it was
    const s = await status(file);
    expect(s.status).toBe('ran');
    expect(readFileSync(join(dir, 'model/meta.json'), 'utf8')).toContain('"complete":true');
    expect((await status(file)).status).toBe('skipped');
  });

  it('an output marked complete: false, or changed since, is made again', async () => {
    const { dir, file } = project(PIPE);
    await status(file);
    writeFileSync(join(dir, 'model/meta.json'), JSON.stringify({ complete: false }));
    const a = await status(file);
    expect(a).toMatchObject({ status: 'ran', reason: expect.stringContaining('output incomplete') });
    writeFileSync(join(dir, 'model/weights.txt'), 'garbage');
    const b = await status(file);
    expect(b).toMatchObject({ status: 'ran', reason: expect.stringContaining('output changed') });
    expect((await status(file)).status).toBe('skipped');
  });
});

describe('output fingerprints with a relative pipeline path', () => {
  it('an edited output is noticed when the pipeline is given as sub/pipeline.yaml', async () => {
    const { dir } = project(PIPE);
    const cwd = process.cwd();
    process.chdir(join(dir, '..'));
    try {
      const rel = join(dir.split('/').at(-1)!, 'pipeline.yaml');
      expect((await status(rel)).status).toBe('ran');
      writeFileSync(join(dir, 'model/weights.txt'), 'basura');
      expect(await status(rel)).toMatchObject({ status: 'ran', reason: expect.stringContaining('output changed since the step made it: model') });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('pipeline files are strict (issue 17 #5, #12)', () => {
  it('an unknown option key is an error with line, column and the nearest key', async () => {
    const { file } = project(`steps:
  train:
    use: test.fold
    with:
      input: train.txt
      out: model
      maxEpoch: 1
`);
    await expect(runPipeline(file, {}, quietContext())).rejects.toMatchObject({
      code: 'E_PIPELINE_OPTIONS', line: 7, message: expect.stringMatching(/^7:\d+: step train \(test.fold\): unknown option "maxEpoch" \(did you mean "maxEpochs"\?\)/),
    });
  });

  it('a YAML syntax error and a failing step name their line (issue 17 #11)', async () => {
    const yaml = project('steps:\n  train:\n    use: test.fold\n    with: { input: train.txt, out: model\n');
    await expect(runPipeline(yaml.file, {}, quietContext())).rejects.toMatchObject({ code: 'E_PIPELINE_YAML', line: expect.any(Number) });
    const failing = project('steps:\n  train:\n    use: test.fold\n    with: { input: train.txt, out: model, dieAfterWeights: true }\n');
    const [step] = (await runPipeline(failing.file, {}, quietContext())).steps;
    expect(step!.reason).toMatch(/killed \(step at .*pipeline\.yaml:3\)/);
  });

  it('two steps writing one output are refused', async () => {
    const { file } = project(`steps:
  a: { use: test.fold, with: { input: train.txt, out: model } }
  b: { use: test.fold, with: { input: train.txt, out: model } }
`);
    await expect(runPipeline(file, {}, quietContext())).rejects.toMatchObject({ code: 'E_PIPELINE_SAME_OUTPUT', line: 3, message: expect.stringContaining('steps a and b both write') });
  });
});
